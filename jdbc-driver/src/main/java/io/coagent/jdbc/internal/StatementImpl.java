package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.session.SqlConnection;
import io.coagent.session.Conversions;
import io.coagent.session.SessionErrors;
import io.coagent.session.TemporalValues;
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
 * io.coagent.session.SqlConnection}; results are fully materialized {@link SqlResult}s.
 *
 * <p>Errors: once the statement or its connection is closed every method but close and isClosed
 * fails ({@link #checkOpen}: 08003 for the connection, else 55000); preparing and executing go
 * through {@link Errors#guard}, so whatever the SQL layer lets escape reaches the caller as a
 * classified SQLException.
 */
class StatementImpl extends AbstractStatement {
  private final ConnectionImpl conn;
  private final PreparedSql prepared;
  private final boolean returnKeys;
  private final List<Object> params = new ArrayList<>();
  private final List<List<Object>> batch = new ArrayList<>();
  private final List<String> textBatch = new ArrayList<>();
  private SqlResult last;
  /** The rows a key-returning execution answered, for {@link #getGeneratedKeys}; else null. */
  private SqlResult keys;
  private ResultSet resultSet;
  private int maxRows;
  /** TYPE_FORWARD_ONLY or TYPE_SCROLL_INSENSITIVE (results are materialized either way). */
  private int resultSetType = ResultSet.TYPE_FORWARD_ONLY;
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

  /** The closed-state rule: 08003 if the connection is closed, else 55000 if this statement is. */
  @Override
  void checkOpen() throws SQLException {
    conn.checkOpen();
    if (closed) {
      throw Errors.statementClosed();
    }
  }

  ConnectionImpl connectionImpl() {
    return conn;
  }

  private SqlResult run(PreparedSql p, List<Object> values) throws SQLException {
    return run(p, values, returnKeys);
  }

  /**
   * Runs {@code p} through the connection's {@link io.coagent.session.SqlConnection}; with {@code
   * asKeys}, a write that returns rows (its RETURNING clause, added for generated keys) answers
   * its row count, and the rows become {@link #getGeneratedKeys}.
   */
  private SqlResult run(PreparedSql p, List<Object> values, boolean asKeys) throws SQLException {
    checkOpen();
    SqlConnection exec = conn.executor();
    exec.check(p, values);
    closeResultSet();
    keys = null;
    StatementControl control = StatementControl.start(queryTimeout);
    running = control;
    try {
      last = exec.execute(p, values, control);
    } finally {
      running = null;
    }
    if (asKeys && last.isQuery() && p.kind() == PreparedSql.Kind.UPDATE) {
      keys = last;
      last = SqlResult.count(keys.rows().size());
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

  private PreparedSql prepare(String sql) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw notNull("sql");
    }
    StatementControl control = StatementControl.start(queryTimeout);
    running = control;
    try {
      return io.coagent.session.Control.parse(sql).isPresent() ? conn.prepare(sql)
          : conn.executor().prepare(sql, control);
    } finally {
      running = null;
    }
  }

  // ---- Statement ----

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    checkOpen();
    SqlResult r = run(prepare(sql), List.of());
    if (!r.isQuery()) {
      throw new SQLException("executeQuery needs a query, got: " + sql + "; use executeUpdate "
          + "for INSERT, UPDATE, DELETE, MERGE and DDL", SqlState.DYNAMIC_SQL_ERROR.code());
    }
    return resultSet;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    checkOpen();
    return (int) count(run(prepare(sql), List.of()));
  }

  @Override
  public int executeUpdate(String sql, int keys) throws SQLException {
    return (int) executeLargeUpdate(sql, keys);
  }

  @Override
  public int executeUpdate(String sql, int[] columns) throws SQLException {
    return (int) executeLargeUpdate(sql, columns);
  }

  @Override
  public int executeUpdate(String sql, String[] columns) throws SQLException {
    return (int) executeLargeUpdate(sql, columns);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    checkOpen();
    return count(run(prepare(sql), List.of()));
  }

  @Override
  public long executeLargeUpdate(String sql, int keys) throws SQLException {
    return count(runForKeys(sql, keys(keys), null, null));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columns) throws SQLException {
    return count(runForKeys(sql, true, null, notNull("columnIndexes", columns)));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columns) throws SQLException {
    return count(runForKeys(sql, true, List.of(notNull("columnNames", columns)), null));
  }

  /** Runs plain-statement {@code sql}, answering generated keys if {@code wanted}. */
  private SqlResult runForKeys(String sql, boolean wanted, List<String> names, int[] indexes)
      throws SQLException {
    checkOpen();
    if (!wanted) {
      return run(prepare(sql), List.of(), false);
    }
    if (sql == null) {
      throw notNull("sql");
    }
    String text = SessionErrors.guard(sql, () -> conn.session().withGeneratedKeys(sql, names, indexes));
    return run(prepare(text), List.of(), true);
  }

  /** Whether a {@code Statement.*_GENERATED_KEYS} flag asks for keys (22023 if it is neither). */
  static boolean keys(int flag) throws SQLException {
    if (flag != Statement.RETURN_GENERATED_KEYS && flag != Statement.NO_GENERATED_KEYS) {
      throw Errors.invalidArgument("autoGeneratedKeys " + flag + " is neither "
          + "Statement.RETURN_GENERATED_KEYS nor Statement.NO_GENERATED_KEYS");
    }
    return flag == Statement.RETURN_GENERATED_KEYS;
  }

  private static <T> T notNull(String what, T value) throws SQLException {
    if (value == null) {
      throw notNull(what);
    }
    return value;
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    checkOpen();
    return run(prepare(sql), List.of()).isQuery();
  }

  @Override
  public boolean execute(String sql, int keys) throws SQLException {
    return runForKeys(sql, keys(keys), null, null).isQuery();
  }

  @Override
  public boolean execute(String sql, int[] columns) throws SQLException {
    return runForKeys(sql, true, null, notNull("columnIndexes", columns)).isQuery();
  }

  @Override
  public boolean execute(String sql, String[] columns) throws SQLException {
    return runForKeys(sql, true, List.of(notNull("columnNames", columns)), null).isQuery();
  }

  /**
   * An update count; a result with rows fails (07000) as in pgjdbc ("a result was returned when
   * none was expected"): a query, or a write with RETURNING run through executeUpdate.
   */
  private static long count(SqlResult r) throws SQLException {
    if (r.isQuery()) {
      throw new SQLException("executeUpdate cannot run a statement that returns rows (a query, or"
          + " INSERT/UPDATE/DELETE ... RETURNING); use executeQuery or execute and read the result"
          + " set, or for generated keys executeUpdate(sql, Statement.RETURN_GENERATED_KEYS)",
          SqlState.DYNAMIC_SQL_ERROR.code());
    }
    return r.updateCount();
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw notNull("sql");
    }
    textBatch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    textBatch.clear();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    checkOpen();
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
  public long[] executeLargeBatch() throws SQLException {
    return java.util.Arrays.stream(executeBatch()).asLongStream().toArray();
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    return resultSet;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return last == null || last.isQuery() ? -1 : (int) last.updateCount();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    return last == null || last.isQuery() ? -1 : last.updateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    checkOpen();
    closeResultSet();
    last = null;
    return false;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    checkOpen();
    return getMoreResults();
  }

  /**
   * The rows of the last key-returning execution (the generated columns, the columns asked for,
   * or the primary key; see {@code SqlSession.withGeneratedKeys}); else, as before, the engine
   * keys of the rows the last INSERT wrote, as column KEY (KEY1, KEY2... for a composite key).
   */
  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    if (keys != null) {
      return new ResultSetImpl(this, keys.columns(), keys.rows());
    }
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
    return closed || conn.isClosed();
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return conn;
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw Errors.invalidArgument("max rows " + max + " is negative; pass 0 (no limit) or a "
          + "row count");
    }
    maxRows = max;
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw Errors.invalidArgument("max rows " + max + " is negative; pass 0 (no limit) or a "
          + "row count");
    }
    maxRows = (int) Math.min(Integer.MAX_VALUE, max);
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) {
      throw Errors.invalidArgument("fetch size " + rows + " is negative; pass 0 (driver's "
          + "choice) or a row count");
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return 0;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE
        && direction != ResultSet.FETCH_UNKNOWN) {
      throw Errors.invalidArgument("fetch direction " + direction + " is not one of "
          + "ResultSet.FETCH_FORWARD, FETCH_REVERSE, FETCH_UNKNOWN");
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    if (seconds < 0) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("query timeout must be >= 0 seconds, got "
          + seconds + ": pass 0 for no timeout");
    }
    queryTimeout = seconds;
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    return queryTimeout;
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw Errors.invalidArgument("max field size " + max + " is negative; pass 0 (no limit)");
    }
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    return 0;
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    checkOpen();
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    return prepared != null;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public int getResultSetType() throws SQLException {
    checkOpen();
    return resultSetType;
  }

  /** The type of the result sets this statement makes (checked by {@link ConnectionImpl}). */
  StatementImpl withResultSetType(int type) {
    this.resultSetType = type;
    return this;
  }

  int resultSetTypeValue() {
    return resultSetType;
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    checkOpen();
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return conn.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
    conn.clearWarnings();
  }

  @Override
  public void cancel() throws SQLException {
    checkOpen();
    StatementControl c = running;
    if (c != null) {
      c.cancel();
    }
  }

  // ---- PreparedStatement ----

  private PreparedSql prepared() throws SQLException {
    checkOpen();
    if (prepared == null) {
      throw new SQLException("this is a plain Statement, not a PreparedStatement; create one "
          + "with Connection.prepareStatement(sql) to use parameters", SqlState.GENERAL_ERROR.code());
    }
    return prepared;
  }

  private void set(int index, Object value) throws SQLException {
    SqlConnection.checkParameterIndex(prepared(), index);
    while (params.size() < index) {
      params.add(SqlConnection.UNSET);
    }
    params.set(index - 1, value);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    checkOpen();
    SqlResult r = run(prepared(), params);
    if (!r.isQuery()) {
      throw new SQLException("executeQuery needs a query, got: " + prepared.sql() + "; use "
          + "executeUpdate for INSERT, UPDATE, DELETE, MERGE and DDL", SqlState.DYNAMIC_SQL_ERROR.code());
    }
    return resultSet;
  }

  @Override
  public int executeUpdate() throws SQLException {
    checkOpen();
    return (int) count(run(prepared(), params));
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    checkOpen();
    return count(run(prepared(), params));
  }

  @Override
  public boolean execute() throws SQLException {
    checkOpen();
    return run(prepared(), params).isQuery();
  }

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    prepared();
    batch.add(new ArrayList<>(params));
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    params.clear();
  }

  /** Result columns of a query without running it; null for DML, as JDBC allows. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    PreparedSql p = prepared();
    conn.checkOpen();
    synchronized (conn) {
      if (p.kind() == PreparedSql.Kind.QUERY) {
        return new ResultSetMetaDataImpl(SessionErrors.guard(p.sql(), p::columns));
      }
      List<SqlColumn> returning = SessionErrors.guard(p.sql(), p::columns); // a RETURNING clause
      return returning.isEmpty() || returnKeys ? null : new ResultSetMetaDataImpl(returning);
    }
  }

  @Override
  public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    PreparedSql p = prepared();
    conn.checkOpen();
    synchronized (conn) {
      return new ParameterMetaDataImpl(SessionErrors.guard(p.sql(), p::parameters));
    }
  }

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    checkOpen();
    set(i, null);
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    checkOpen();
    set(i, null);
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    checkOpen();
    set(i, x);
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    checkOpen();
    set(i, (int) x);
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    checkOpen();
    set(i, (int) x);
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    checkOpen();
    set(i, x);
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    checkOpen();
    set(i, x);
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    checkOpen();
    set(i, (double) x);
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    checkOpen();
    set(i, x);
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    checkOpen();
    set(i, x);
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    checkOpen();
    set(i, x);
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    checkOpen();
    set(i, x);
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    checkOpen();
    set(i, TemporalValues.bindTimestamp(x, null));
  }

  @Override
  public void setTimestamp(int i, Timestamp x, java.util.Calendar cal) throws SQLException {
    checkOpen();
    set(i, TemporalValues.bindTimestamp(x, cal));
  }

  @Override
  public void setDate(int i, java.sql.Date x) throws SQLException {
    checkOpen();
    set(i, TemporalValues.bindDate(x, null));
  }

  @Override
  public void setDate(int i, java.sql.Date x, java.util.Calendar cal) throws SQLException {
    checkOpen();
    set(i, TemporalValues.bindDate(x, cal));
  }

  @Override
  public void setTime(int i, java.sql.Time x) throws SQLException {
    checkOpen();
    set(i, TemporalValues.bindTime(x, null));
  }

  @Override
  public void setTime(int i, java.sql.Time x, java.util.Calendar cal) throws SQLException {
    checkOpen();
    set(i, TemporalValues.bindTime(x, cal));
  }

  @Override
  public void setBytes(int i, byte[] x) throws SQLException {
    checkOpen();
    set(i, x == null ? null : x.clone());
  }

  @Override
  public void setBinaryStream(int i, java.io.InputStream x) throws SQLException {
    checkOpen();
    set(i, x == null ? null : TemporalValues.readAll(x, -1));
  }

  @Override
  public void setBinaryStream(int i, java.io.InputStream x, int length) throws SQLException {
    setBinaryStream(i, x, (long) length);
  }

  @Override
  public void setBinaryStream(int i, java.io.InputStream x, long length) throws SQLException {
    checkOpen();
    set(i, x == null ? null : TemporalValues.readAll(x, length));
  }

  @Override
  public void setBlob(int i, java.sql.Blob x) throws SQLException {
    checkOpen();
    set(i, Conversions.parameter(x));
  }

  @Override
  public void setBlob(int i, java.io.InputStream x) throws SQLException {
    setBinaryStream(i, x);
  }

  @Override
  public void setBlob(int i, java.io.InputStream x, long length) throws SQLException {
    setBinaryStream(i, x, length);
  }

  @Override
  public void setCharacterStream(int i, java.io.Reader x) throws SQLException {
    checkOpen();
    set(i, x == null ? null : TemporalValues.readAll(x, -1));
  }

  @Override
  public void setCharacterStream(int i, java.io.Reader x, int length) throws SQLException {
    setCharacterStream(i, x, (long) length);
  }

  @Override
  public void setCharacterStream(int i, java.io.Reader x, long length) throws SQLException {
    checkOpen();
    set(i, x == null ? null : TemporalValues.readAll(x, length));
  }

  @Override
  public void setClob(int i, java.sql.Clob x) throws SQLException {
    checkOpen();
    set(i, Conversions.parameter(x));
  }

  @Override
  public void setClob(int i, java.io.Reader x) throws SQLException {
    setCharacterStream(i, x);
  }

  @Override
  public void setClob(int i, java.io.Reader x, long length) throws SQLException {
    setCharacterStream(i, x, length);
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    checkOpen();
    set(i, Conversions.parameter(x));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType) throws SQLException {
    checkOpen();
    set(i, Conversions.parameter(x));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException {
    checkOpen();
    set(i, Conversions.parameter(x));
  }

  @Override
  public String toString() {
    return prepared == null ? "Statement" : prepared.sql() + " " + Arrays.toString(params.toArray());
  }
}
