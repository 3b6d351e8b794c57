package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;

import java.sql.*;

/**
 * Generated boilerplate: every {@code java.sql.Connection} method fails as unsupported (0A000) unless
 * a subclass overrides it, and as closed once the object is closed (the subclass says when, in
 * {@link #checkOpen}). The JDBC 4.2/4.3 default methods are overridden too, so that none escapes
 * with an exception that has no SQLState.
 */
@SuppressWarnings("deprecation")
abstract class AbstractConnection implements SelfWrapper, java.sql.Connection {

  /**
   * The closed-state rule comes first: on a closed object every method fails as closed ({@link
   * #checkOpen}); on an open one an unimplemented method fails as unsupported (0A000).
   */
  SQLException unsupported(String method) throws SQLException {
    checkOpen();
    return Errors.unsupported("java.sql.Connection", method);
  }

  /** Throws the closed-state SQLException if this object (or the connection under it) is closed. */
  abstract void checkOpen() throws SQLException;

  /** {@link #checkOpen} for the client-info setters, which may only throw SQLClientInfoException. */
  void checkOpenForClientInfo() throws SQLClientInfoException {
    try {
      checkOpen();
    } catch (SQLClientInfoException e) {
      throw e;
    } catch (SQLException e) {
      throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), java.util.Map.of(), e);
    }
  }

  @Override
  public void abort(java.util.concurrent.Executor p0) throws SQLException {
    throw unsupported("abort");
  }

  @Override
  public void clearWarnings() throws SQLException {
    throw unsupported("clearWarnings");
  }

  @Override
  public void close() throws SQLException {
    throw unsupported("close");
  }

  @Override
  public void commit() throws SQLException {
    throw unsupported("commit");
  }

  @Override
  public Array createArrayOf(String p0, Object[] p1) throws SQLException {
    throw unsupported("createArrayOf");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw unsupported("createBlob");
  }

  @Override
  public Clob createClob() throws SQLException {
    throw unsupported("createClob");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw unsupported("createNClob");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw unsupported("createSQLXML");
  }

  @Override
  public Statement createStatement() throws SQLException {
    throw unsupported("createStatement");
  }

  @Override
  public Statement createStatement(int p0, int p1, int p2) throws SQLException {
    throw unsupported("createStatement");
  }

  @Override
  public Statement createStatement(int p0, int p1) throws SQLException {
    throw unsupported("createStatement");
  }

  @Override
  public Struct createStruct(String p0, Object[] p1) throws SQLException {
    throw unsupported("createStruct");
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    throw unsupported("getAutoCommit");
  }

  @Override
  public String getCatalog() throws SQLException {
    throw unsupported("getCatalog");
  }

  @Override
  public java.util.Properties getClientInfo() throws SQLException {
    throw unsupported("getClientInfo");
  }

  @Override
  public String getClientInfo(String p0) throws SQLException {
    throw unsupported("getClientInfo");
  }

  @Override
  public int getHoldability() throws SQLException {
    throw unsupported("getHoldability");
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    throw unsupported("getMetaData");
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    throw unsupported("getNetworkTimeout");
  }

  @Override
  public String getSchema() throws SQLException {
    throw unsupported("getSchema");
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    throw unsupported("getTransactionIsolation");
  }

  @Override
  public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
    throw unsupported("getTypeMap");
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    throw unsupported("getWarnings");
  }

  @Override
  public boolean isClosed() throws SQLException {
    throw unsupported("isClosed");
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    throw unsupported("isReadOnly");
  }

  @Override
  public boolean isValid(int p0) throws SQLException {
    throw unsupported("isValid");
  }

  @Override
  public String nativeSQL(String p0) throws SQLException {
    throw unsupported("nativeSQL");
  }

  @Override
  public CallableStatement prepareCall(String p0, int p1, int p2, int p3) throws SQLException {
    throw unsupported("prepareCall");
  }

  @Override
  public CallableStatement prepareCall(String p0, int p1, int p2) throws SQLException {
    throw unsupported("prepareCall");
  }

  @Override
  public CallableStatement prepareCall(String p0) throws SQLException {
    throw unsupported("prepareCall");
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int[] p1) throws SQLException {
    throw unsupported("prepareStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String p0, String[] p1) throws SQLException {
    throw unsupported("prepareStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) throws SQLException {
    throw unsupported("prepareStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int p1, int p2) throws SQLException {
    throw unsupported("prepareStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int p1) throws SQLException {
    throw unsupported("prepareStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String p0) throws SQLException {
    throw unsupported("prepareStatement");
  }

  @Override
  public void releaseSavepoint(Savepoint p0) throws SQLException {
    throw unsupported("releaseSavepoint");
  }

  @Override
  public void rollback() throws SQLException {
    throw unsupported("rollback");
  }

  @Override
  public void rollback(Savepoint p0) throws SQLException {
    throw unsupported("rollback");
  }

  @Override
  public void setAutoCommit(boolean p0) throws SQLException {
    throw unsupported("setAutoCommit");
  }

  @Override
  public void setCatalog(String p0) throws SQLException {
    throw unsupported("setCatalog");
  }

  @Override
  public void setClientInfo(String p0, String p1) throws SQLClientInfoException {
    checkOpenForClientInfo();
    throw new SQLClientInfoException("CoAgent JDBC does not support client info properties",
        SqlState.FEATURE_NOT_SUPPORTED.code(), java.util.Map.of());
  }

  @Override
  public void setClientInfo(java.util.Properties p0) throws SQLClientInfoException {
    checkOpenForClientInfo();
    throw new SQLClientInfoException("CoAgent JDBC does not support client info properties",
        SqlState.FEATURE_NOT_SUPPORTED.code(), java.util.Map.of());
  }

  @Override
  public void setHoldability(int p0) throws SQLException {
    throw unsupported("setHoldability");
  }

  @Override
  public void setNetworkTimeout(java.util.concurrent.Executor p0, int p1) throws SQLException {
    throw unsupported("setNetworkTimeout");
  }

  @Override
  public void setReadOnly(boolean p0) throws SQLException {
    throw unsupported("setReadOnly");
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw unsupported("setSavepoint");
  }

  @Override
  public Savepoint setSavepoint(String p0) throws SQLException {
    throw unsupported("setSavepoint");
  }

  @Override
  public void setSchema(String p0) throws SQLException {
    throw unsupported("setSchema");
  }

  @Override
  public void setTransactionIsolation(int p0) throws SQLException {
    throw unsupported("setTransactionIsolation");
  }

  @Override
  public void setTypeMap(java.util.Map<String, Class<?>> p0) throws SQLException {
    throw unsupported("setTypeMap");
  }

  // ---- JDBC 4.3 default methods: overridden so that they honour the closed-state rule and
  // fail with a SQLState (the interface defaults throw without one) ----

  @Override
  public void beginRequest() throws SQLException {
    checkOpen();
  }

  @Override
  public void endRequest() throws SQLException {
    checkOpen();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey p0, ShardingKey p1, int p2) throws SQLException {
    throw unsupported("setShardingKeyIfValid");
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey p0, int p1) throws SQLException {
    throw unsupported("setShardingKeyIfValid");
  }

  @Override
  public void setShardingKey(ShardingKey p0, ShardingKey p1) throws SQLException {
    throw unsupported("setShardingKey");
  }

  @Override
  public void setShardingKey(ShardingKey p0) throws SQLException {
    throw unsupported("setShardingKey");
  }
}
