package io.coagent.session;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.Isolation;
import io.coagent.engine.Notification;
import io.coagent.engine.NotificationListener;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.SqlState;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlResult;
import io.coagent.sql.SqlSession;
import io.coagent.sql.StatementControl;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One client's connection to a store at the session layer, the query executor every front end
 * runs statements through (the embedded JDBC driver's connection, a server session, an MCP agent
 * session): one {@link Session} (the mapping onto trajectories: auto-commit, commit, rollback,
 * savepoints, the listener) and one {@link SqlSession} (planning, the plan cache), over a store
 * held open in {@link Stores} until {@link #close}.
 *
 * <p>{@link #execute} is what a statement execution is, wherever it comes from: all parameters
 * set, no write on a read-only connection, DDL and SYS statements outside the trajectory (they are
 * not undoable operations), everything else inside it ({@link Session#run(Session.Work,
 * Session.Redo)}, with a redo that re-runs a write in the store's repair session), under the
 * statement's {@link StatementControl} (cancel, timeout, row budget), across the error boundary
 * ({@link SessionErrors#guard}). Results are fully materialized {@link SqlResult}s; front ends
 * encode them (JDBC result sets, PostgreSQL data rows, MCP tool results).
 *
 * <p>Threading: statements, commits and rollbacks run one at a time, serialized on the owner's
 * monitor ({@link #lock()}, given at {@link #open}); {@link StatementControl#cancel()} of the
 * running statement may come from any thread. Closing leaves an agent's trajectory active (the
 * agent owns it, not the pipe); the owner decides whether to roll back first.
 */
public final class SqlConnection implements AutoCloseable {
  /** A parameter position not set yet: {@link #execute} refuses it (07001). */
  public static final Object UNSET = new Object() {
    @Override
    public String toString() {
      return "UNSET";
    }
  };

  private final StoreAddress address;
  private final SqlEngine engine;
  private final SqlSession sql;
  private final Session session;
  private final Object lock;
  private boolean readOnly;
  private volatile boolean closed;

  private SqlConnection(StoreAddress address, SqlEngine engine, SqlSession sql, Session session,
      Object lock) {
    this.address = address;
    this.engine = engine;
    this.sql = sql;
    this.session = session;
    this.lock = lock == null ? this : lock;
  }

  /**
   * Opens the store of {@code address} (or joins it open) and connects {@code agent} (null: an
   * operator) to it. On failure nothing remains: no session, no trajectory, no hold on the store.
   *
   * @param rank the agent's first rank, null for the dynamic one
   * @param level the isolation level of the trajectories the connection begins
   * @param what how errors name the connection attempt ("connect to URL")
   * @param lock the monitor statements and transaction calls serialize on; null: the connection
   */
  public static SqlConnection open(StoreAddress address, String agent, Long rank,
      Isolation level, String what, Object lock) throws SQLException {
    SqlEngine engine = Stores.open(address);
    SqlSession s = null;
    try {
      // the SQL session first: it changes nothing in the store, so a failure leaves no trajectory
      s = SessionErrors.guard(what, () -> engine.openSession(agent));
      Session tx = SessionErrors.guard(what,
          () -> new Session(engine.store(), agent, rank, level));
      return new SqlConnection(address, engine, s, tx, lock);
    } catch (SQLException e) {
      if (s != null) {
        s.close();
      }
      Stores.release(address); // a refused connection must not keep the store open
      throw e;
    }
  }

  /**
   * Connects as an embedded store's URL says ({@code jdbc:coagent:mem:NAME} or {@code file:PATH},
   * {@link JdbcUrl}): its store and settings, agent, rank and isolation level.
   */
  public static SqlConnection open(String url) throws SQLException {
    JdbcUrl u = JdbcUrl.parse(url, new java.util.Properties());
    if (!u.kind().equals("mem") && !u.kind().equals("file")) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception("a session-layer connection opens an "
          + "embedded store (" + JdbcUrl.PREFIX + "mem:NAME or file:PATH), not "
          + JdbcUrl.masked(url) + "; connect to a server with its JDBC driver or a PostgreSQL "
          + "client");
    }
    return open(u.address(), u.agent(), u.rank(), u.isolationLevel(),
        "connect to " + JdbcUrl.masked(url), null);
  }

  public SqlEngine engine() {
    return engine;
  }

  /** The SQL session: planning, the plan cache, generated-key rewriting. */
  public SqlSession sql() {
    return sql;
  }

  /** The mapping onto trajectories. */
  public Session session() {
    return session;
  }

  /** The monitor this connection's statements and transaction calls serialize on. */
  public Object lock() {
    return lock;
  }

  public StoreAddress address() {
    return address;
  }

  /** {@code text} planned by the SQL session (cached per text). */
  public PreparedSql prepare(String text) throws SQLException {
    return SessionErrors.guard(text, () -> sql.prepare(text));
  }

  /**
   * {@code text} planned under {@code control} (its deadline and cancel bound planning too); a
   * limit reached becomes an SQLException with its state (57014, 54000).
   */
  @SuppressWarnings("try") // the scope binds the statement's limits; its body does not name it
  public PreparedSql prepare(String text, StatementControl control) throws SQLException {
    try (var limits = control.bind()) {
      return prepare(text);
    } catch (StatementControl.Exceeded e) {
      throw exceeded(e, text);
    }
  }

  private static SQLException exceeded(StatementControl.Exceeded e, String text) {
    return new SQLException(e.getMessage() + ": " + text, e.state().code(), e);
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** A read-only connection runs queries and {@link ControlStatement}s only (25006 otherwise). */
  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  /** Refuses (07009) a 1-based parameter index that {@code p} has no marker for. */
  public static void checkParameterIndex(PreparedSql p, int index) throws SQLException {
    if (index < 1 || index > p.parameterCount()) {
      throw new SQLException("parameter index " + index + " is out of range 1.."
          + p.parameterCount(), SqlState.INVALID_DESCRIPTOR_INDEX.code());
    }
  }

  /**
   * Whether {@code p} may run with {@code values}: every parameter set (07001), and no write on a
   * read-only connection (25006). {@link #execute} checks it too; a front end that must check
   * before it changes its own state calls it first.
   */
  public void check(PreparedSql p, List<Object> values) throws SQLException {
    if (values.size() < p.parameterCount() || values.contains(UNSET)) {
      throw new SQLException("statement has " + p.parameterCount() + " parameters; set all of "
          + "them before executing: " + p.sql(), SqlState.PARAMETER_NOT_SET.code());
    }
    if (p.kind() != PreparedSql.Kind.QUERY && !(p instanceof ControlStatement) && readOnly) {
      throw new SQLException("the connection is read-only (setReadOnly(true)); it cannot run: "
          + p.sql(), SqlState.READ_ONLY_SQL_TRANSACTION.code());
    }
  }

  /**
   * Runs {@code p} with {@code values} (see the class comment) under {@code control}, which the
   * caller may cancel from another thread while this runs.
   */
  @SuppressWarnings("try") // the scope binds the statement's limits; its body does not name it
  public SqlResult execute(PreparedSql p, List<Object> values, StatementControl control)
      throws SQLException {
    check(p, values);
    try (var limits = control.bind()) {
      synchronized (lock) {
        control.checkTime(); // canceled or timed out while waiting for the connection
        return SessionErrors.guard(p.sql(), () -> p.kind() == PreparedSql.Kind.DDL
            || p.kind() == PreparedSql.Kind.SYSTEM
            ? p.execute(null, values)
            : session.run(t -> p.execute(t, values), redo(p, values)));
      }
    } catch (StatementControl.Exceeded e) {
      throw exceeded(e, p.sql());
    }
  }

  /**
   * Re-runs a write in the store's repair session ({@link SqlEngine#repairSession}, on the
   * store's commit thread): its plan cache keeps the plan, so a re-run does not plan again.
   */
  private Session.Redo redo(PreparedSql p, List<Object> values) {
    if (p.kind() == PreparedSql.Kind.QUERY) {
      return null;
    }
    List<Object> copy = new ArrayList<>(values);
    String text = p.sql();
    return t -> {
      SqlSession s = engine.repairSession();
      synchronized (s) {
        s.prepare(text).execute(t, copy);
      }
    };
  }

  public boolean autoCommit() {
    return session.autoCommit();
  }

  public void setAutoCommit(boolean on) throws SQLException {
    SessionErrors.run("setAutoCommit", () -> session.setAutoCommit(on));
  }

  /** Commits the trajectory (rule 8: may wait for lower ranks; MT004 with notifications). */
  public void commit() throws SQLException {
    synchronized (lock) {
      SessionErrors.run("commit", session::commit);
    }
  }

  public void rollback() throws SQLException {
    synchronized (lock) {
      SessionErrors.run("rollback", session::rollback);
    }
  }

  /** Marks the active trajectory (auto-commit off). */
  public io.coagent.engine.Savepoint setSavepoint() throws SQLException {
    synchronized (lock) {
      return SessionErrors.guard("setSavepoint", session::setSavepoint);
    }
  }

  /** Undoes the trajectory's work after {@code mark}; the mark stays usable. */
  public void rollback(io.coagent.engine.Savepoint mark) throws SQLException {
    synchronized (lock) {
      SessionErrors.run("rollback to savepoint", () -> session.rollback(mark));
    }
  }

  public Isolation isolation() {
    return session.isolation();
  }

  public void setIsolation(Isolation level) throws SQLException {
    synchronized (lock) {
      session.setIsolation(level);
    }
  }

  /** This connection's notification listener (null: none); see {@link Session#setListener}. */
  public void setListener(NotificationListener l) throws SQLException {
    SessionErrors.run("setNotificationListener", () -> session.setListener(l));
  }

  // ---- the agent's trajectory: looks that never begin one, and its repair calls ----

  public String agent() {
    return session.agent();
  }

  /**
   * The rank of the connection's or else the agent's active trajectory. Reads only the volatile
   * trajectory reference: answers at once even while another thread's commit holds the lock.
   */
  public Optional<Long> rank() {
    Trajectory t = session.visible();
    return t == null ? Optional.empty() : Optional.of(t.rank());
  }

  public Optional<Long> trajectoryId() {
    Trajectory t = session.visible();
    return t == null ? Optional.empty() : Optional.of(t.id());
  }

  /**
   * The connection's or the agent's active trajectory, never begun; null if none. An operator
   * connection in auto-commit mode has none to look at (MT002).
   */
  public Trajectory looked() throws SQLException {
    if (session.agent() == null && session.autoCommit()) {
      throw new SQLException("an operator connection in auto-commit mode has no trajectory; "
          + "connect with agent=NAME or switch auto-commit off", SqlState.UNKNOWN_AGENT.code());
    }
    return session.visible();
  }

  /** As {@link #looked()}, but an error naming the fix if there is none (MT006). */
  private Trajectory activeOrFail(String what) throws SQLException {
    Trajectory t = looked();
    if (t == null) {
      throw new SQLException("agent " + session.agent() + " has no active trajectory to " + what
          + "; its next statement begins one", SqlState.TRAJECTORY_NOT_ACTIVE.code());
    }
    return t;
  }

  public Optional<Notification> poll() throws SQLException {
    Trajectory t = looked();
    return t == null ? Optional.empty() : SessionErrors.guard("poll", t::poll);
  }

  /** Without an active trajectory returns empty at once: nothing can notify what does not exist. */
  public Optional<Notification> await(Duration timeout) throws SQLException, InterruptedException {
    Trajectory t = looked();
    try {
      return t == null ? Optional.empty() : t.await(timeout);
    } catch (RuntimeException e) {
      throw SessionErrors.translate(e, "await");
    }
  }

  public List<Notification> pendingNotifications() throws SQLException {
    Trajectory t = looked();
    return t == null ? List.of() : SessionErrors.guard("pendingNotifications",
        t::pendingNotifications);
  }

  public void acknowledge(long notificationId) throws SQLException {
    try {
      activeOrFail("acknowledge notification " + notificationId + " of")
          .acknowledge(notificationId);
    } catch (CoAgentException e) {
      throw SessionErrors.of(e);
    }
  }

  public List<OperationInfo> operations() throws SQLException {
    Trajectory t = looked();
    return t == null ? List.of() : SessionErrors.guard("operations", t::operations);
  }

  public void undo(long operationId) throws SQLException {
    synchronized (lock) {
      try {
        activeOrFail("undo operation " + operationId + " in").undo(operationId);
      } catch (CoAgentException e) {
        throw SessionErrors.of(e);
      }
    }
  }

  /** Renews the agent's lease; reports (once) a trajectory the store aborted meanwhile. */
  public Optional<Instant> heartbeat() throws SQLException {
    synchronized (lock) {
      try {
        if (session.agent() != null) {
          return engine.store().heartbeat(session.agent());
        }
        Trajectory t = session.peek();
        return t == null ? Optional.empty() : engine.store().heartbeat(t.agent());
      } catch (CoAgentException e) {
        throw SessionErrors.of(e);
      }
    }
  }

  /** Not locked: answers at once even while another thread's commit holds the connection. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Detaches the listener, closes the SQL session and releases the store (a file store closes
   * with its last connection). The trajectory stays the agent's: roll back first to end it.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (!closed) {
        closed = true;
        session.detach();
        sql.close();
        Stores.release(address);
      }
    }
  }
}
