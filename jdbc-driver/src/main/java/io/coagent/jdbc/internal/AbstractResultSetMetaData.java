package io.coagent.jdbc.internal;

import java.sql.*;

/**
 * Generated boilerplate: every {@code java.sql.ResultSetMetaData} method fails as unsupported (0A000) unless
 * a subclass overrides it, and as closed once the object is closed (the subclass says when, in
 * {@link #checkOpen}). The JDBC 4.2/4.3 default methods are overridden too, so that none escapes
 * with an exception that has no SQLState.
 */
@SuppressWarnings("deprecation")
abstract class AbstractResultSetMetaData implements SelfWrapper, java.sql.ResultSetMetaData {

  /**
   * The closed-state rule comes first: on a closed object every method fails as closed ({@link
   * #checkOpen}); on an open one an unimplemented method fails as unsupported (0A000).
   */
  SQLException unsupported(String method) throws SQLException {
    checkOpen();
    return Errors.unsupported("java.sql.ResultSetMetaData", method);
  }

  /** Throws the closed-state SQLException if this object (or the connection under it) is closed. */
  abstract void checkOpen() throws SQLException;

  @Override
  public String getCatalogName(int p0) throws SQLException {
    throw unsupported("getCatalogName");
  }

  @Override
  public String getColumnClassName(int p0) throws SQLException {
    throw unsupported("getColumnClassName");
  }

  @Override
  public int getColumnCount() throws SQLException {
    throw unsupported("getColumnCount");
  }

  @Override
  public int getColumnDisplaySize(int p0) throws SQLException {
    throw unsupported("getColumnDisplaySize");
  }

  @Override
  public String getColumnLabel(int p0) throws SQLException {
    throw unsupported("getColumnLabel");
  }

  @Override
  public String getColumnName(int p0) throws SQLException {
    throw unsupported("getColumnName");
  }

  @Override
  public int getColumnType(int p0) throws SQLException {
    throw unsupported("getColumnType");
  }

  @Override
  public String getColumnTypeName(int p0) throws SQLException {
    throw unsupported("getColumnTypeName");
  }

  @Override
  public int getPrecision(int p0) throws SQLException {
    throw unsupported("getPrecision");
  }

  @Override
  public int getScale(int p0) throws SQLException {
    throw unsupported("getScale");
  }

  @Override
  public String getSchemaName(int p0) throws SQLException {
    throw unsupported("getSchemaName");
  }

  @Override
  public String getTableName(int p0) throws SQLException {
    throw unsupported("getTableName");
  }

  @Override
  public boolean isAutoIncrement(int p0) throws SQLException {
    throw unsupported("isAutoIncrement");
  }

  @Override
  public boolean isCaseSensitive(int p0) throws SQLException {
    throw unsupported("isCaseSensitive");
  }

  @Override
  public boolean isCurrency(int p0) throws SQLException {
    throw unsupported("isCurrency");
  }

  @Override
  public boolean isDefinitelyWritable(int p0) throws SQLException {
    throw unsupported("isDefinitelyWritable");
  }

  @Override
  public int isNullable(int p0) throws SQLException {
    throw unsupported("isNullable");
  }

  @Override
  public boolean isReadOnly(int p0) throws SQLException {
    throw unsupported("isReadOnly");
  }

  @Override
  public boolean isSearchable(int p0) throws SQLException {
    throw unsupported("isSearchable");
  }

  @Override
  public boolean isSigned(int p0) throws SQLException {
    throw unsupported("isSigned");
  }

  @Override
  public boolean isWritable(int p0) throws SQLException {
    throw unsupported("isWritable");
  }
}
