package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.sql.SqlColumn;
import java.sql.SQLException;
import java.util.List;

/**
 * Result metadata straight from the SQL layer's {@link SqlColumn}s: a detached description, so
 * it stays readable after its result set, statement or connection closes (it has no closed state).
 */
final class ResultSetMetaDataImpl extends AbstractResultSetMetaData {
  private final List<SqlColumn> columns;

  ResultSetMetaDataImpl(List<SqlColumn> columns) {
    this.columns = columns;
  }

  @Override
  void checkOpen() {
    // detached: nothing to close
  }

  private SqlColumn col(int i) throws SQLException {
    if (i < 1 || i > columns.size()) {
      throw new SQLException("column index " + i + " is out of range 1.." + columns.size(),
          SqlState.INVALID_DESCRIPTOR_INDEX.code());
    }
    return columns.get(i - 1);
  }

  @Override
  public int getColumnCount() {
    return columns.size();
  }

  @Override
  public String getColumnLabel(int i) throws SQLException {
    return col(i).label();
  }

  @Override
  public String getColumnName(int i) throws SQLException {
    return col(i).label();
  }

  @Override
  public String getTableName(int i) throws SQLException {
    return col(i).table();
  }

  @Override
  public String getSchemaName(int i) throws SQLException {
    col(i);
    return "COAGENT";
  }

  @Override
  public String getCatalogName(int i) throws SQLException {
    col(i);
    return "";
  }

  @Override
  public int getColumnType(int i) throws SQLException {
    return col(i).jdbcType();
  }

  @Override
  public String getColumnTypeName(int i) throws SQLException {
    return col(i).typeName();
  }

  @Override
  public String getColumnClassName(int i) throws SQLException {
    return col(i).className();
  }

  @Override
  public int getPrecision(int i) throws SQLException {
    return col(i).precision();
  }

  @Override
  public int getScale(int i) throws SQLException {
    return col(i).scale();
  }

  @Override
  public int isNullable(int i) throws SQLException {
    return col(i).nullable() ? columnNullable : columnNoNulls;
  }

  @Override
  public int getColumnDisplaySize(int i) throws SQLException {
    int p = col(i).precision();
    return p > 0 ? p : 40;
  }

  @Override
  public boolean isAutoIncrement(int i) {
    return false;
  }

  @Override
  public boolean isCaseSensitive(int i) {
    return true;
  }

  @Override
  public boolean isSearchable(int i) {
    return true;
  }

  @Override
  public boolean isCurrency(int i) {
    return false;
  }

  @Override
  public boolean isSigned(int i) {
    return true;
  }

  @Override
  public boolean isReadOnly(int i) {
    return true;
  }

  @Override
  public boolean isWritable(int i) {
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int i) {
    return false;
  }
}
