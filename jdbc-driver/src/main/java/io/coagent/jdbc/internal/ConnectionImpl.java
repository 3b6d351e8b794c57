package io.coagent.jdbc.internal;

import io.coagent.engine.Isolation;
import io.coagent.engine.SqlState;
import io.coagent.engine.Trajectory;
import io.coagent.jdbc.CoAgentConnection;
import io.coagent.jdbc.Notification;
import io.coagent.jdbc.NotificationListener;
import io.coagent.jdbc.Operation;
import io.coagent.session.Control;
import io.coagent.session.Session;
import io.coagent.session.SessionErrors;
import io.coagent.session.ControlStatement;
import io.coagent.session.JdbcUrl;
import io.coagent.session.SqlConnection;
import io.coagent.session.TransactionBlock;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlResult;
import io.coagent.sql.SqlSession;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A connection: a pipe from one client to an agent's trajectory (or to operator trajectories).
 * A JDBC facade of one session-layer {@link SqlConnection} (the SQL session with its plan cache
 * and the {@link Session}), which the server and the MCP server use directly; statements run one
 * at a time per connection, serialized on this object's monitor (the executor's lock). New notifications of the trajectory appear as SQLWarnings (SQLState 01MT0)
 * the next time warnings are read; closing the connection leaves an agent's trajectory active,
 * since the agent, not the pipe, owns it (a new connection with the same agent name joins it).
 *
 * <p>Errors: once closed, every method but close, isClosed, isValid and abort fails with 08003
 * ({@link #checkOpen}); calls into the session and the engine go through {@link Errors#guard},
 * so nothing but a SQLException with a SQLState reaches the caller. The constructor receives a
 * fully validated {@link JdbcUrl} and, on failure, releases the store and leaves no trajectory.
 * <p>Read-only calls ({@link #rank()}, {@link #operations()}, {@link #poll()}, {@link #await},
 * {@link #pendingNotifications()}, {@link #heartbeat()}) act on the connection's or else the
 * agent's active trajectory and never begin one: a trajectory begun by a look would hold the
 * order back after the connection closed.
 */
public final class ConnectionImpl extends AbstractConnection implements CoAgentConnection {
  private final String url;
  private final SqlEngine engine;
  private final SqlSession session;
  private final Session tx;
  private final SqlConnection conn;
  private final TransactionBlock block;
  private final Set<Long> warned = new HashSet<>();
  private SQLWarning warnings;
  private volatile boolean closed;
  private int networkTimeout;

  public ConnectionImpl(String url, JdbcUrl parsed) throws SQLException {
    this.url = url;
    this.conn = SqlConnection.open(parsed.address(), parsed.agent(), parsed.rank(),
        parsed.isolationLevel(),
        "connect to " + JdbcUrl.masked(url), this);
    this.engine = conn.engine();
    this.session = conn.sql();
    this.tx = conn.session();
    this.block = new TransactionBlock(conn, TransactionBlock.defaultSettings(), Set.of());
  }

  SqlSession session() {
    return session;
  }

  /** The session-layer connection this JDBC connection is a facade of. */
  SqlConnection executor() {
    return conn;
  }

  /**
   * {@code sql} prepared: a transaction-control or settings statement ({@link Control}) for this
   * connection's {@link TransactionBlock}, anything else by the SQL session.
   */
  PreparedSql prepare(String sql) throws SQLException {
    java.util.Optional<Control> c = Control.parse(sql);
    if (c.isPresent()) {
      return new ControlStatement(sql, c.get(), this::control);
    }
    return conn.prepare(sql);
  }

  /**
   * Runs a control statement: its warning (25001, 25P01) joins the connection's warnings, a SHOW
   * answers rows of text.
   */
  synchronized SqlResult control(Control c) throws SQLException {
    checkOpen();
    TransactionBlock.Result r = block.apply(c);
    if (r.warning() != null) {
      addWarning(r.warning());
    }
    return ControlStatement.result(r);
  }

  private void addWarning(SQLWarning w) {
    if (warnings == null) {
      warnings = w;
    } else {
      warnings.setNextWarning(w);
    }
  }

  String url() {
    return url;
  }

  SqlEngine engine() {
    return engine;
  }

  /** The closed-state rule of every method but close, isClosed, isValid and abort: 08003. */
  @Override
  void checkOpen() throws SQLException {
    if (closed) {
      throw Errors.connectionClosed(JdbcUrl.masked(url));
    }
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return new StatementImpl(this, null, false);
  }

  @Override
  public Statement createStatement(int type, int concurrency) throws SQLException {
    checkOpen();
    return new StatementImpl(this, null, false).withResultSetType(resultSetType(type,
        concurrency));
  }

  @Override
  public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    checkHoldability(holdability);
    return createStatement(type, concurrency);
  }

  /**
   * The result-set type a statement asked for, if the driver makes it: forward-only or
   * scroll-insensitive (every result is materialized), read-only.
   */
  private int resultSetType(int type, int concurrency) throws SQLException {
    if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE
        && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
      throw Errors.invalidArgument("result set type " + type + " is not a ResultSet.TYPE_* "
          + "constant; pass TYPE_FORWARD_ONLY or TYPE_SCROLL_INSENSITIVE");
    }
    if (type == ResultSet.TYPE_SCROLL_SENSITIVE) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception("CoAgent JDBC does not support "
          + "TYPE_SCROLL_SENSITIVE result sets (results are materialized when the statement runs);"
          + " use TYPE_SCROLL_INSENSITIVE");
    }
    if (concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw concurrency == ResultSet.CONCUR_UPDATABLE
          ? SqlState.FEATURE_NOT_SUPPORTED.exception("CoAgent JDBC does not support updatable "
              + "result sets (CONCUR_UPDATABLE); use CONCUR_READ_ONLY and UPDATE statements")
          : Errors.invalidArgument("result set concurrency " + concurrency + " is not a "
              + "ResultSet.CONCUR_* constant; pass CONCUR_READ_ONLY");
    }
    return type;
  }

  private void checkHoldability(int holdability) throws SQLException {
    checkOpen();
    if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT
        && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
      throw Errors.invalidArgument("result set holdability " + holdability + " is not a "
          + "ResultSet holdability constant; pass CLOSE_CURSORS_AT_COMMIT");
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepareStatement(sql, Statement.NO_GENERATED_KEYS);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    checkOpen();
    return prepareForKeys(sql, StatementImpl.keys(autoGeneratedKeys), null, null);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    checkOpen();
    if (columnIndexes == null) {
      throw AbstractStatement.notNull("columnIndexes");
    }
    return prepareForKeys(sql, true, null, columnIndexes.clone());
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    checkOpen();
    if (columnNames == null) {
      throw AbstractStatement.notNull("columnNames");
    }
    return prepareForKeys(sql, true, List.of(columnNames), null);
  }

  /**
   * A prepared statement; one that wants keys runs {@code sql} with the RETURNING clause that
   * answers them ({@code SqlSession.withGeneratedKeys}), as pgjdbc does.
   */
  private PreparedStatement prepareForKeys(String sql, boolean keys, List<String> names,
      int[] indexes) throws SQLException {
    if (sql == null) {
      throw AbstractStatement.notNull("sql");
    }
    if (Control.parse(sql).isPresent()) {
      return new StatementImpl(this, prepare(sql), false);
    }
    String text = keys ? SessionErrors.guard(sql, () -> session.withGeneratedKeys(sql, names, indexes))
        : sql;
    return new StatementImpl(this, prepare(text), keys);
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw AbstractStatement.notNull("sql");
    }
    String call = CallableStatementImpl.callText(sql);
    return new CallableStatementImpl(this, SessionErrors.guard(call, () -> session.prepare(call)));
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql, int type, int concurrency)
      throws SQLException {
    checkOpen();
    int checked = resultSetType(type, concurrency);
    CallableStatementImpl c = (CallableStatementImpl) prepareCall(sql);
    c.withResultSetType(checked);
    return c;
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql, int type, int concurrency,
      int holdability) throws SQLException {
    checkHoldability(holdability);
    return prepareCall(sql, type, concurrency);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency)
      throws SQLException {
    checkOpen();
    int checked = resultSetType(type, concurrency);
    return ((StatementImpl) prepareStatement(sql)).withResultSetType(checked);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    checkHoldability(holdability);
    return prepareStatement(sql, type, concurrency);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    conn.setAutoCommit(autoCommit);
    if (autoCommit) {
      block.autoCommitOn();
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return tx.autoCommit();
  }

  @Override
  public synchronized void commit() throws SQLException {
    checkOpen();
    conn.commit();
    block.ended();
  }

  @Override
  public synchronized void rollback() throws SQLException {
    checkOpen();
    conn.rollback();
    block.ended();
  }

  @Override
  public synchronized Savepoint setSavepoint() throws SQLException {
    checkOpen();
    return new SavepointImpl(conn.setSavepoint(), null);
  }

  @Override
  public synchronized Savepoint setSavepoint(String name) throws SQLException {
    checkOpen();
    return new SavepointImpl(conn.setSavepoint(), name);
  }

  @Override
  public synchronized void rollback(Savepoint savepoint) throws SQLException {
    checkOpen();
    if (!(savepoint instanceof SavepointImpl s)) {
      throw SqlState.INVALID_SAVEPOINT_SPECIFICATION.exception("savepoint " + savepoint
          + " was not set by this connection; pass a Savepoint from Connection.setSavepoint");
    }
    conn.rollback(s.mark());
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    checkOpen();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      conn.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw Errors.invalidArgument("isValid timeout " + timeout + " is negative; pass 0 (no "
          + "limit) or a number of seconds");
    }
    return !closed;
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null && !closed) {
      throw AbstractStatement.notNull("executor");
    }
    close();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new DatabaseMetaDataImpl(this);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    conn.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return conn.isReadOnly();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return null;
  }

  /** The store has one schema; naming another is an error rather than silently ignored. */
  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    if (schema != null && !schema.equalsIgnoreCase("COAGENT")) {
      throw new SQLException("schema " + schema + " does not exist; the store's tables are in "
          + "schema COAGENT", SqlState.INVALID_SCHEMA_NAME.code());
    }
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return "COAGENT";
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return switch (tx.isolation()) {
      case MTPO -> TRANSACTION_MTPO;
      case OCC -> TRANSACTION_OCC;
      case SERIALIZABLE -> TRANSACTION_SERIALIZABLE;
      case READ_COMMITTED -> TRANSACTION_READ_COMMITTED;
    };
  }

  @Override
  public synchronized void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    conn.setIsolation(switch (level) {
      case TRANSACTION_MTPO -> Isolation.MTPO;
      case TRANSACTION_OCC -> Isolation.OCC;
      case TRANSACTION_SERIALIZABLE -> Isolation.SERIALIZABLE;
      case TRANSACTION_READ_COMMITTED -> Isolation.READ_COMMITTED;
      default -> throw new SQLException("isolation level " + level + " is not offered: use "
          + "TRANSACTION_MTPO, TRANSACTION_OCC (CoAgentConnection), TRANSACTION_SERIALIZABLE or "
          + "TRANSACTION_READ_COMMITTED", SqlState.FEATURE_NOT_SUPPORTED.code());
    });
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
  }

  /**
   * Reports the value last set. An embedded store has no network, so the timeout bounds nothing;
   * it is kept because pools (HikariCP) set it and read it back to reset connections.
   */
  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return networkTimeout;
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
    if (milliseconds < 0) {
      throw Errors.invalidArgument("network timeout " + milliseconds + " is negative; pass 0 (no "
          + "limit) or a number of milliseconds");
    }
    networkTimeout = milliseconds;
  }

  @Override
  public void setClientInfo(String name, String value) throws java.sql.SQLClientInfoException {
    checkOpenForClientInfo();
  }

  @Override
  public void setClientInfo(java.util.Properties properties)
      throws java.sql.SQLClientInfoException {
    checkOpenForClientInfo();
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public java.util.Properties getClientInfo() throws SQLException {
    checkOpen();
    return new java.util.Properties();
  }

  @Override
  public synchronized SQLWarning getWarnings() throws SQLException {
    checkOpen();
    Trajectory t = tx.visible();
    if (t != null) {
      for (io.coagent.engine.Notification n
          : SessionErrors.guard("Connection.getWarnings", t::pendingNotifications)) {
        if (warned.add(n.id())) {
          addWarning(new SQLWarning("notification " + n.id() + ": " + n,
              SqlState.MTPO_NOTIFICATION.code()));
        }
      }
    }
    return warnings;
  }

  @Override
  public synchronized void clearWarnings() throws SQLException {
    checkOpen();
    warnings = null;
  }

  // ---- CoAgentConnection ----

  @Override
  public String agent() {
    return tx.agent();
  }

  /**
   * Not synchronized: answers at once even while another thread's {@code commit()} holds this
   * connection and waits for lower ranks (it reads only the volatile trajectory reference).
   */
  @Override
  public Optional<Long> rank() throws SQLException {
    checkOpen();
    return conn.rank();
  }

  @Override
  public Optional<Long> trajectoryId() {
    return conn.trajectoryId();
  }

  @Override
  public Optional<Notification> poll() throws SQLException {
    checkOpen();
    return ApiTypes.notification(conn.poll());
  }

  /** Without an active trajectory returns empty at once: nothing can notify what does not exist. */
  @Override
  public Optional<Notification> await(Duration timeout) throws SQLException, InterruptedException {
    if (timeout == null) {
      throw AbstractStatement.notNull("timeout");
    }
    checkOpen();
    return ApiTypes.notification(conn.await(timeout));
  }

  @Override
  public List<Notification> pendingNotifications() throws SQLException {
    checkOpen();
    return ApiTypes.notifications(conn.pendingNotifications());
  }

  @Override
  public void setNotificationListener(NotificationListener listener) throws SQLException {
    checkOpen();
    conn.looked();
    conn.setListener(ApiTypes.listener(listener));
  }

  @Override
  public void acknowledge(long notificationId) throws SQLException {
    checkOpen();
    conn.acknowledge(notificationId);
  }

  @Override
  public List<Operation> operations() throws SQLException {
    checkOpen();
    return ApiTypes.operations(conn.operations());
  }

  @Override
  public synchronized void undo(long operationId) throws SQLException {
    checkOpen();
    conn.undo(operationId);
  }

  @Override
  public synchronized Optional<Instant> heartbeat() throws SQLException {
    checkOpen();
    return conn.heartbeat();
  }
}
