package io.coagent.session;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.Isolation;
import io.coagent.engine.SqlState;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.TrajectoryState;
import java.sql.SQLException;
import io.coagent.session.internal.AutoCommitter;

/**
 * One client's session: maps its transactions onto trajectories (spec section 5), the same for
 * the embedded JDBC driver, the server's PostgreSQL sessions and the MCP server's agents.
 *
 * <p>Agent connections start with auto-commit off: one trajectory of the agent spans statements
 * until {@code commit()} (rule 8: it may block, and fails with the pending notifications attached)
 * or {@code rollback()} (abort). Any connection with auto-commit on runs each statement as its own
 * trajectory: an operator's under a fresh generated agent name, committed in the background
 * ({@link AutoCommitter}); an agent's committed before the call returns. An operator connection
 * with auto-commit off gets a trajectory of its own (generated name, rank at its first statement)
 * that commits synchronously, like an agent's.
 *
 * <p>When a connection begins or joins the agent's trajectory (the rules a connection pool relies
 * on, see {@code docs/reference/jdbc.md}):
 * <ul>
 *   <li>at connect, only if the connection creates the agent's place in the order: the agent has
 *       no active trajectory and either {@code rank=N} names a rank the agent has not used yet, or
 *       the agent has never had a trajectory in this store (its place is where it first connects);
 *   <li>otherwise at the connection's first statement: it joins the agent's active trajectory or
 *       begins the next one. A connection that has not used the trajectory ends it only by an
 *       explicit {@code commit()} or {@code rollback()}, so a pool opening, validating or resetting
 *       connections (HikariCP rolls back only connections that ran statements) cannot end an
 *       agent's work in progress;
 *   <li>{@code rank=N} is spent once the agent's trajectory at rank N has ended: connections opened
 *       later with the same URL (pool refills, reconnects) take the dynamic rank.
 * </ul>
 * Switching auto-commit on commits the connection's trajectory only if it has operations; an empty
 * one stays active and becomes the next statement's trajectory (so the switch never blocks on rule
 * 8 for work that does not exist).
 *
 * <p>{@code commit()} and {@code rollback()} are the agent's decisions: on a connection that has
 * not used the trajectory yet (say, after a restart) they commit or roll back the agent's active
 * trajectory. Read-only calls (rank, operations, notifications, heartbeat) never begin one.
 *
 * <p>Leases: when the store ends the agent's trajectory (lease expiry, {@code SYS.ABORT}), the
 * agent's next statement fails once with the news (MT010/MT011, from the engine) and the one
 * after begins a new trajectory. Operator trajectories have internal names
 * ({@link CoStore#beginOperator}); an operator connection with auto-commit off reads the news
 * from its own trajectory ({@link Trajectory#abortNotice()}).
 */
public final class Session {
  /** A statement's work inside the session's trajectory. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Trajectory t) throws SQLException;
  }

  /** Re-executes an operator statement inside its (rolled back) trajectory (its repair). */
  @FunctionalInterface
  public interface Redo {
    void rerun(Trajectory t) throws SQLException;
  }

  private final CoStore store;
  private final String agent;
  private Long firstRank;
  private Isolation isolation;
  private boolean autoCommit;
  /** Volatile: read without the connection's monitor by {@link #visible()} (rank, trajectoryId). */
  private volatile Trajectory current;
  /** The news that arrived when connecting began the agent's trajectory; thrown at first use. */
  private SQLException pending;
  /** This connection's listener; attached to each trajectory it begins, detached at close. */
  private io.coagent.engine.NotificationListener listener;

  public Session(CoStore store, String agent, Long rank, Isolation isolation)
      throws SQLException {
    this.store = store;
    this.agent = agent;
    this.firstRank = rank;
    this.isolation = isolation;
    this.autoCommit = agent == null;
    if (agent != null && agent.startsWith("$")) {
      throw new SQLException("agent name '" + agent + "' is reserved: names starting with '$' "
          + "(such as " + CoStore.OPERATOR_PREFIX + "...) are the store's internal names for "
          + "operator statements; choose a name without a leading $",
          SqlState.RESERVED_NAME.code());
    }
    if (agent != null && beginsAtConnect()) {
      try {
        current = begin();
      } catch (SQLException e) {
        if (!isNews(e)) {
          throw e;
        }
        pending = e; // connecting succeeds; the first statement reports the news
      }
    }
  }

  /** Longest agent name a connection accepts. */
  public static final int MAX_AGENT_NAME = 128;

  /**
   * Why {@code name} cannot name an agent (too long, a control character, a reserved leading
   * {@code $}), or null if it can. Front ends check it where they take the name (a URL property,
   * a login) to name their own parameter in the error.
   */
  public static String agentNameProblem(String name) {
    if (name.length() > MAX_AGENT_NAME) {
      return "the agent name has " + name.length() + " characters; at most " + MAX_AGENT_NAME;
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      return "the agent name contains a control character";
    }
    if (name.startsWith("$")) {
      return "names starting with '$' are reserved for operator trajectories";
    }
    return null;
  }

  private static boolean isNews(SQLException e) {
    return SqlState.LEASE_EXPIRED.is(e.getSQLState())
        || SqlState.ABORTED_BY_OPERATOR.is(e.getSQLState());
  }

  /** Whether connecting fixes the agent's place in the order now (see the class comment). */
  private boolean beginsAtConnect() throws SQLException {
    Trajectory active = store.active(agent).orElse(null);
    if (active != null && (firstRank == null || firstRank == active.rank())) {
      firstRank = null;
      return false;
    }
    boolean seen = false;
    boolean rankSpent = false;
    for (TrajectoryInfo t : store.trajectories()) {
      if (t.agent().equals(agent)) {
        seen = true;
        rankSpent |= firstRank != null && t.rank() == firstRank
            && t.state() != TrajectoryState.ACTIVE;
      }
    }
    if (rankSpent) {
      firstRank = null;
    }
    if (active != null) {
      // an unspent explicit rank that differs from the active one: let the engine refuse it
      return firstRank != null;
    }
    return firstRank != null || !seen;
  }

  public String agent() {
    return agent;
  }

  public Isolation isolation() {
    return isolation;
  }

  /**
   * Changes the level of the trajectories begun from now on. An active trajectory that has done
   * nothing yet is ended so the next statement starts at the new level; one with work is refused.
   */
  public void setIsolation(Isolation level) throws SQLException {
    if (level == isolation) {
      return;
    }
    Trajectory t = peek();
    if (t != null && !t.operations().isEmpty()) {
      throw new SQLException("cannot change the isolation level of agent " + agent + " inside a "
          + "trajectory that has run statements; commit or rollback first", SqlState.ACTIVE_SQL_TRANSACTION.code());
    }
    if (t != null) {
      rollback();
    }
    isolation = level;
  }

  public boolean autoCommit() {
    return autoCommit;
  }

  private Trajectory begin() throws SQLException {
    return begin(false);
  }

  /** {@code oneStatement}: an agent's auto-commit statement (CoStore.beginStatement). */
  private Trajectory begin(boolean oneStatement) throws SQLException {
    if (pending != null) {
      SQLException e = pending;
      pending = null;
      throw e;
    }
    try {
      // operator names come from the store, unique across restarts (never a recovered one)
      Trajectory t = agent == null ? store.beginOperator(isolation)
          : isolation != Isolation.MTPO ? store.begin(agent, isolation)
          : firstRank != null ? store.begin(agent, firstRank)
          : oneStatement ? store.beginStatement(agent)
          : store.begin(agent);
      if (agent != null) {
        firstRank = null;
      }
      if (listener != null) {
        t.removeListener(listener); // attached already if set before this connection joined
        t.addListener(listener);
      }
      return t;
    } catch (CoAgentException e) {
      throw SessionErrors.of(e);
    }
  }

  /**
   * The connection's active trajectory, joined or begun if needed; null for an operator connection
   * in auto-commit mode (each of its statements is a trajectory of its own).
   */
  public Trajectory current() throws SQLException {
    if (agent == null && autoCommit) {
      return null;
    }
    if (current != null && current.state() != TrajectoryState.ACTIVE) {
      CoAgentException news = agent == null ? current.abortNotice() : null;
      current = null;
      if (news != null) {
        throw SessionErrors.of(news); // an agent's news comes from the engine at begin, once
      }
    }
    if (current == null) {
      current = begin();
    }
    return current;
  }

  /**
   * Sets this connection's listener (null: none). Other connections of the same agent keep
   * theirs: the trajectory holds one listener per connection.
   */
  public void setListener(io.coagent.engine.NotificationListener l) throws SQLException {
    Trajectory t = visible(); // attached again by begin() when the connection joins or begins
    if (t != null && listener != null) {
      t.removeListener(listener);
    }
    listener = l;
    if (t != null && l != null) {
      t.addListener(l);
    }
  }

  /** Detaches this connection's listener; the trajectory itself stays with its agent. */
  public void detach() {
    Trajectory t = visible();
    if (t != null && listener != null) {
      t.removeListener(listener);
    }
    listener = null;
  }

  /** The active trajectory if there is one, without beginning one. */
  public Trajectory peek() {
    return current != null && current.state() == TrajectoryState.ACTIVE ? current : null;
  }

  /**
   * The trajectory this connection reports on (warnings, id): its own if active, else the agent's
   * active one, which a connection that has not run a statement yet would join.
   */
  public Trajectory visible() {
    Trajectory t = peek();
    return t != null || agent == null ? t : store.active(agent).orElse(null);
  }

  public <T> T run(Work<T> work) throws SQLException {
    return run(work, null);
  }

  /** As {@link #run(Work)}; {@code redo} re-executes the statement if an operator must repair. */
  public <T> T run(Work<T> work, Redo redo) throws SQLException {
    if (!autoCommit) {
      Trajectory t = current();
      try {
        return work.run(t);
      } catch (SQLException e) {
        if (isNews(e) && t != null && t.state() != TrajectoryState.ACTIVE) {
          // expired while this statement waited for it: the statement told the news; once only
          current = null;
          if (agent != null) {
            store.takeAbortNotice(agent);
          }
        }
        throw e;
      }
    }
    Trajectory t = begin(true);
    T result;
    try {
      result = work.run(t);
    } catch (SQLException | RuntimeException e) {
      AutoCommitter.abortQuietly(t);
      throw e;
    }
    if (agent == null) {
      AutoCommitter.submit(t, redo);
    } else {
      commit(t);
    }
    return result;
  }

  public void setAutoCommit(boolean on) throws SQLException {
    Trajectory t = peek();
    if (on && !autoCommit && t != null && !t.operations().isEmpty()) {
      commit();
    }
    autoCommit = on;
  }

  public void commit() throws SQLException {
    Trajectory t = peek();
    CoAgentException lost = lostWork(t);
    if (lost != null) {
      // the store aborted this connection's work (lease expiry, SYS.ABORT): never a silent commit
      throw SessionErrors.of(lost);
    }
    if (t == null && agent != null) {
      // An explicit commit is the agent's decision, unlike a pool's reset: a fresh connection
      // (say, after a restart) commits the agent's active trajectory. Pools never call commit().
      t = store.active(agent).orElse(null);
    }
    if (t == null && agent != null) {
      // a fresh connection (the agent restarted) committing work the store has aborted
      CoAgentException news = store.takeAbortNotice(agent).orElse(null);
      if (news != null) {
        throw SessionErrors.of(news);
      }
    }
    if (t != null) {
      commit(t);
    }
    current = null;
  }

  /**
   * If the store ended this connection's trajectory behind its back, why (and forgets it, and the
   * engine's copy of the news, which this call reports instead); else null.
   */
  private CoAgentException lostWork(Trajectory active) {
    if (active != null || current == null) {
      return null;
    }
    CoAgentException news = current.abortNotice();
    current = null;
    if (news != null && agent != null) {
      store.takeAbortNotice(agent);
    }
    return news;
  }

  private static void commit(Trajectory t) throws SQLException {
    try {
      t.commit();
    } catch (CoAgentException e) {
      throw SessionErrors.of(e);
    }
  }

  public void rollback() throws SQLException {
    Trajectory t = peek();
    lostWork(t); // already aborted by the store: rolling back is what the agent wants; no news
    if (t == null && agent != null) {
      // as commit(): a fresh connection of the agent (after a restart) rolls back its active work
      t = store.active(agent).orElse(null);
    }
    current = null;
    if (t != null) {
      try {
        t.abort();
      } catch (CoAgentException e) {
        throw SessionErrors.of(e);
      }
    }
  }

  /** Marks the active trajectory (auto-commit off), for {@link #rollback(io.coagent.engine.Savepoint)}. */
  public io.coagent.engine.Savepoint setSavepoint() throws SQLException {
    if (autoCommit) {
      throw new SQLException("savepoints need auto-commit off", SqlState.SAVEPOINT_EXCEPTION.code());
    }
    Trajectory t = current();
    if (t == null) {
      throw new SQLException("operator connections have no trajectory to mark", SqlState.SAVEPOINT_EXCEPTION.code());
    }
    return t.savepoint();
  }

  /** Undoes the active trajectory's work after {@code mark}; the mark stays usable. */
  public void rollback(io.coagent.engine.Savepoint mark) throws SQLException {
    Trajectory t = peek();
    if (mark == null || t == null || mark.trajectory() != t.id()) {
      throw new SQLException("savepoint " + mark + " does not belong to the active trajectory",
          SqlState.INVALID_SAVEPOINT_SPECIFICATION.code());
    }
    try {
      t.rollbackTo(mark);
    } catch (CoAgentException e) {
      throw SessionErrors.of(e);
    }
  }
}
