package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.StatementControl;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Statement and PreparedStatement in one class: a prepared statement holds its {@link PreparedSql}
 * (planned once by the session) and parameter values; a plain statement prepares per call (the
 * session's plan cache makes repeated text cheap). Execution goes through the connection's {@link
 * TransactionControl}; results are fully materialized {@link SqlResult}s.
 */
final class StatementImpl extends AbstractStatement {
  private final ConnectionImpl conn;
  private final PreparedSql prepared;
  private final boolean returnKeys;
  private final List<Object> params = new ArrayList<>();
  private final List<List<Object>> batch = new ArrayList<>();
  private final List<String> textBatch = new ArrayList<>();
  private SqlResult last;
  private ResultSet resultSet;
  private int maxRows;
  private boolean closed;
  /** Seconds; 0: none. Planning and execution each end with 57014 past it. */
  private volatile int queryTimeout;
  /** The limits of the execution in progress, which {@link #cancel()} stops; null when idle. */
  private volatile StatementControl running;

  StatementImpl(ConnectionImpl conn, PreparedSql prepared, boolean returnKeys) {
    this.conn = conn;
    this.prepared = prepared;
    this.returnKeys = returnKeys;
  }

  @SuppressWarnings("try") // the scope binds the statement's limits; its body does not name it
  private SqlResult run(PreparedSql p, List<Object> values) throws SQLException {
    if (closed) {
      throw Errors.closed("statement");
    }
    conn.checkOpen();
    if (values.size() < p.parameterCount() || values.contains(Unset.VALUE)) {
      throw new SQLException("statement has " + p.parameterCount() + " parameters; set all of "
          + "them before executing: " + p.sql(), SqlState.PARAMETER_NOT_SET.code());
    }
    if (p.kind() != PreparedSql.Kind.QUERY && conn.isReadOnly()) {
      throw new SQLException("the connection is read-only (setReadOnly(true)); it cannot run: "
          + p.sql(), SqlState.READ_ONLY_SQL_TRANSACTION.code());
    }
    closeResultSet();
    StatementControl control = StatementControl.start(queryTimeout);
    running = control;
    try (var limits = control.bind()) {
      synchronized (conn) {
        control.checkTime(); // canceled or timed out while waiting for the connection
        last = p.kind() == PreparedSql.Kind.DDL || p.kind() == PreparedSql.Kind.SYSTEM
            ? p.execute(null, values)
            : conn.tx().run(t -> p.execute(t, values), redo(p, values));
      }
    } catch (StatementControl.Exceeded e) {
      throw new SQLException(e.getMessage() + ": " + p.sql(), e.state().code(), e);
    } finally {
      running = null;
    }
    if (last.isQuery()) {
      List<Object[]> rows = last.rows();
      if (maxRows > 0 && rows.size() > maxRows) {
        rows = rows.subList(0, maxRows);
      }
      resultSet = new ResultSetImpl(this, last.columns(), rows);
    }
    return last;
  }

  /** Re-runs a write in a private session (it runs on the store's commit thread). */
  private AutoCommitter.Redo redo(PreparedSql p, List<Object> values) {
    if (p.kind() == PreparedSql.Kind.QUERY) {
      return null;
    }
    List<Object> copy = new java.util.ArrayList<>(values);
    io.coagent.sql.SqlEngine engine = conn.session().engine();
    String sql = p.sql();
    return t -> {
      try (io.coagent.sql.SqlSession s = engine.openSession()) {
        s.prepare(sql).execute(t, copy);
      }
    };
  }

  @SuppressWarnings("try")
  private PreparedSql prepare(String sql) throws SQLException {
    conn.checkOpen();
    StatementControl control = StatementControl.start(queryTimeout);
    running = control;
    try (var limits = control.bind()) {
      return conn.session().prepare(sql);
    } finally {
      running = null;
    }
  }

  // ---- Statement ----

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    SqlResult r = run(prepare(sql), List.of());
    if (!r.isQuery()) {
      throw new SQLException("executeQuery needs a query, got: " + sql, SqlState.DYNAMIC_SQL_ERROR.code());
    }
    return resultSet;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) count(run(prepare(sql), List.of()));
  }

  @Override
  public int executeUpdate(String sql, int keys) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columns) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, String[] columns) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return count(run(prepare(sql), List.of()));
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return run(prepare(sql), List.of()).isQuery();
  }

  @Override
  public boolean execute(String sql, int keys) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, int[] columns) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, String[] columns) throws SQLException {
    return execute(sql);
  }

  private static long count(SqlResult r) throws SQLException {
    if (r.isQuery()) {
      throw new SQLException("executeUpdate cannot run a query", SqlState.DYNAMIC_SQL_ERROR.code());
    }
    return r.updateCount();
  }

  @Override
  public void addBatch(String sql) {
    textBatch.add(sql);
  }

  @Override
  public void clearBatch() {
    textBatch.clear();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    List<Integer> counts = new ArrayList<>();
    try {
      if (prepared != null) {
        for (List<Object> b : batch) {
          counts.add((int) count(run(prepared, b)));
        }
      } else {
        for (String s : textBatch) {
          counts.add((int) count(run(prepare(s), List.of())));
        }
      }
    } catch (SQLException e) {
      throw new java.sql.BatchUpdateException(e.getMessage(), e.getSQLState(),
          e.getErrorCode(), counts.stream().mapToInt(Integer::intValue).toArray(), e);
    } finally {
      clearBatch();
    }
    return counts.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public ResultSet getResultSet() {
    return resultSet;
  }

  @Override
  public int getUpdateCount() {
    return last == null || last.isQuery() ? -1 : (int) last.updateCount();
  }

  @Override
  public long getLargeUpdateCount() {
    return last == null || last.isQuery() ? -1 : last.updateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    closeResultSet();
    last = null;
    return false;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return getMoreResults();
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    List<Object[]> keys = last == null ? List.of() : last.generatedKeys();
    int width = keys.isEmpty() ? 1 : keys.get(0).length;
    List<SqlColumn> cols = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      Object v = keys.isEmpty() ? null : keys.get(0)[i];
      cols.add(new SqlColumn(width == 1 ? "KEY" : "KEY" + (i + 1), "", Types.JAVA_OBJECT,
          "OBJECT", 0, 0, false, v == null ? Object.class.getName() : v.getClass().getName()));
    }
    return new ResultSetImpl(this, cols, keys);
  }

  boolean returnsKeys() {
    return returnKeys;
  }

  private void closeResultSet() throws SQLException {
    if (resultSet != null) {
      resultSet.close();
      resultSet = null;
    }
  }

  @Override
  public void close() throws SQLException {
    closeResultSet();
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Connection getConnection() {
    return conn;
  }

  @Override
  public int getMaxRows() {
    return maxRows;
  }

  @Override
  public void setMaxRows(int max) {
    maxRows = max;
  }

  @Override
  public long getLargeMaxRows() {
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) {
    maxRows = (int) Math.min(Integer.MAX_VALUE, max);
  }

  @Override
  public void setFetchSize(int rows) {}

  @Override
  public int getFetchSize() {
    return 0;
  }

  @Override
  public void setFetchDirection(int direction) {}

  @Override
  public int getFetchDirection() {
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    if (seconds < 0) {
      throw new SQLException("query timeout must be >= 0 seconds, got " + seconds,
          SqlState.INVALID_ATTRIBUTE_VALUE.code());
    }
    queryTimeout = seconds;
  }

  @Override
  public int getQueryTimeout() {
    return queryTimeout;
  }

  @Override
  public void setMaxFieldSize(int max) {}

  @Override
  public int getMaxFieldSize() {
    return 0;
  }

  @Override
  public void setEscapeProcessing(boolean enable) {}

  @Override
  public void setPoolable(boolean poolable) {}

  @Override
  public boolean isPoolable() {
    return prepared != null;
  }

  @Override
  public void closeOnCompletion() {}

  @Override
  public boolean isCloseOnCompletion() {
    return false;
  }

  @Override
  public int getResultSetType() {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public int getResultSetConcurrency() {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return conn.getWarnings();
  }

  @Override
  public void clearWarnings() {
    conn.clearWarnings();
  }

  @Override
  public void cancel() {
    StatementControl c = running;
    if (c != null) {
      c.cancel();
    }
  }

  // ---- PreparedStatement ----

  private PreparedSql prepared() throws SQLException {
    if (prepared == null) {
      throw new SQLException("not a prepared statement", SqlState.GENERAL_ERROR.code());
    }
    return prepared;
  }

  /** Marks a parameter position not yet set. */
  private enum Unset { VALUE }

  private void set(int index, Object value) throws SQLException {
    if (index < 1 || index > prepared().parameterCount()) {
      throw new SQLException("parameter index " + index + " is out of range 1.."
          + prepared().parameterCount(), SqlState.INVALID_DESCRIPTOR_INDEX.code());
    }
    while (params.size() < index) {
      params.add(Unset.VALUE);
    }
    params.set(index - 1, value);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    SqlResult r = run(prepared(), params);
    if (!r.isQuery()) {
      throw new SQLException("executeQuery needs a query, got: " + prepared.sql(), SqlState.DYNAMIC_SQL_ERROR.code());
    }
    return resultSet;
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) count(run(prepared(), params));
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return count(run(prepared(), params));
  }

  @Override
  public boolean execute() throws SQLException {
    return run(prepared(), params).isQuery();
  }

  @Override
  public void addBatch() throws SQLException {
    prepared();
    batch.add(new ArrayList<>(params));
  }

  @Override
  public void clearParameters() {
    params.clear();
  }

  /** Result columns of a query without running it; null for DML, as JDBC allows. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    PreparedSql p = prepared();
    conn.checkOpen();
    synchronized (conn) {
      return p.kind() == PreparedSql.Kind.QUERY ? new ResultSetMetaDataImpl(p.columns()) : null;
    }
  }

  @Override
  public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
    PreparedSql p = prepared();
    conn.checkOpen();
    synchronized (conn) {
      return new ParameterMetaDataImpl(p.parameters());
    }
  }

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    set(i, null);
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    set(i, null);
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    set(i, (int) x);
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    set(i, (int) x);
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    set(i, (double) x);
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setTimestamp(int i, Timestamp x, java.util.Calendar cal) throws SQLException {
    set(i, x);
  }

  @Override
  public void setDate(int i, java.sql.Date x) throws SQLException {
    set(i, x == null ? null : new Timestamp(x.getTime()));
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    set(i, Conversions.parameter(x));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType) throws SQLException {
    set(i, Conversions.parameter(x));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException {
    set(i, Conversions.parameter(x));
  }

  @Override
  public String toString() {
    return prepared == null ? "Statement" : prepared.sql() + " " + Arrays.toString(params.toArray());
  }
}
