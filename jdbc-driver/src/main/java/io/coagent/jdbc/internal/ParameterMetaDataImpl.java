package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.sql.SqlColumn;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Parameter metadata of a prepared statement, from the SQL layer's description of each parameter:
 * the type Calcite inferred, the target column's type for INSERT ... VALUES (?, ...), else
 * {@link Types#OTHER} ("ANY"), which JDBC tools treat as "set any object".
 */
final class ParameterMetaDataImpl implements SelfWrapper, ParameterMetaData {
  private final List<SqlColumn> params;

  ParameterMetaDataImpl(List<SqlColumn> params) {
    this.params = params;
  }

  private SqlColumn param(int i) throws SQLException {
    if (i < 1 || i > params.size()) {
      throw new SQLException("parameter index " + i + " is out of range 1.." + params.size(),
          SqlState.INVALID_DESCRIPTOR_INDEX.code());
    }
    return params.get(i - 1);
  }

  @Override
  public int getParameterCount() {
    return params.size();
  }

  @Override
  public int isNullable(int i) throws SQLException {
    return param(i).nullable() ? parameterNullable : parameterNoNulls;
  }

  @Override
  public boolean isSigned(int i) throws SQLException {
    int t = param(i).jdbcType();
    return t == Types.INTEGER || t == Types.BIGINT || t == Types.DOUBLE || t == Types.DECIMAL
        || t == Types.SMALLINT || t == Types.TINYINT || t == Types.REAL || t == Types.FLOAT
        || t == Types.NUMERIC;
  }

  @Override
  public int getPrecision(int i) throws SQLException {
    return param(i).precision();
  }

  @Override
  public int getScale(int i) throws SQLException {
    return param(i).scale();
  }

  @Override
  public int getParameterType(int i) throws SQLException {
    return param(i).jdbcType();
  }

  @Override
  public String getParameterTypeName(int i) throws SQLException {
    return param(i).typeName();
  }

  @Override
  public String getParameterClassName(int i) throws SQLException {
    return param(i).className();
  }

  @Override
  public int getParameterMode(int i) throws SQLException {
    param(i);
    return parameterModeIn;
  }

}
