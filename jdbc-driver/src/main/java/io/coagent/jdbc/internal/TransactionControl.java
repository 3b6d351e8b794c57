package io.coagent.jdbc.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.Isolation;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryState;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maps JDBC transactions onto trajectories (spec section 5).
 *
 * <p>Agent connections start with auto-commit off: one trajectory of the agent spans statements
 * until {@code commit()} (rule 8: it may block, and fails with the pending notifications attached)
 * or {@code rollback()} (abort). The {@code rank} property applies to the first trajectory the
 * connection begins; later ones get the engine's dynamic rank. Operator connections (no agent) and
 * any connection with auto-commit on run each statement as its own trajectory: an operator's
 * under a fresh generated agent name, committed in the background ({@link AutoCommitter}); an
 * agent's committed before the call returns.
 */
final class TransactionControl {
  static final String OPERATOR_PREFIX = "$operator-";
  private static final AtomicLong OPERATORS = new AtomicLong();
  private static final String PROCESS =
      Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1, 36);

  @FunctionalInterface
  interface Work<T> {
    T run(Trajectory t) throws SQLException;
  }

  private final CoStore store;
  private final String agent;
  private Long firstRank;
  private Isolation isolation;
  private boolean autoCommit;
  private Trajectory current;
  /** This connection's listener; attached to each trajectory it begins, detached at close. */
  private io.coagent.engine.NotificationListener listener;

  TransactionControl(CoStore store, String agent, Long rank, Isolation isolation)
      throws SQLException {
    this.store = store;
    this.agent = agent;
    this.firstRank = rank;
    this.isolation = isolation;
    this.autoCommit = agent == null;
    if (agent != null) {
      current = begin();
    }
  }

  String agent() {
    return agent;
  }

  Isolation isolation() {
    return isolation;
  }

  /**
   * Changes the level of the trajectories begun from now on. An active trajectory that has done
   * nothing yet is ended so the next statement starts at the new level; one with work is refused.
   */
  void setIsolation(Isolation level) throws SQLException {
    if (level == isolation) {
      return;
    }
    Trajectory t = peek();
    if (t != null && !t.operations().isEmpty()) {
      throw new SQLException("cannot change the isolation level of agent " + agent + " inside a "
          + "trajectory that has run statements; commit or rollback first", "25001");
    }
    if (t != null) {
      rollback();
    }
    isolation = level;
  }

  boolean autoCommit() {
    return autoCommit;
  }

  private Trajectory begin() throws SQLException {
    // Operator names must never collide with an operator trajectory recovered from disk, which
    // a fresh JVM's counter would otherwise rejoin: the process-unique prefix prevents that.
    String name = agent != null ? agent
        : OPERATOR_PREFIX + PROCESS + "-" + OPERATORS.incrementAndGet();
    try {
      Trajectory t = isolation != Isolation.MTPO ? store.begin(name, isolation)
          : agent != null && firstRank != null ? store.begin(name, firstRank)
          : store.begin(name);
      if (agent != null) {
        firstRank = null;
      }
      if (listener != null) {
        t.addListener(listener);
      }
      return t;
    } catch (CoAgentException e) {
      throw Errors.of(e);
    }
  }

  /** The active trajectory of an agent connection, begun if needed; null for operators. */
  Trajectory current() throws SQLException {
    if (agent == null) {
      return null;
    }
    if (current == null || current.state() != TrajectoryState.ACTIVE) {
      current = begin();
    }
    return current;
  }

  /**
   * Sets this connection's listener (null: none). Other connections of the same agent keep
   * theirs: the trajectory holds one listener per connection.
   */
  void setListener(io.coagent.engine.NotificationListener l) throws SQLException {
    Trajectory t = current();
    if (t != null && listener != null) {
      t.removeListener(listener);
    }
    listener = l;
    if (t != null && l != null) {
      t.addListener(l);
    }
  }

  /** Detaches this connection's listener; the trajectory itself stays with its agent. */
  void detach() {
    Trajectory t = peek();
    if (t != null && listener != null) {
      t.removeListener(listener);
    }
    listener = null;
  }

  /** The active trajectory if there is one, without beginning one. */
  Trajectory peek() {
    return current != null && current.state() == TrajectoryState.ACTIVE ? current : null;
  }

  <T> T run(Work<T> work) throws SQLException {
    return run(work, null);
  }

  /** As {@link #run(Work)}; {@code redo} re-executes the statement if an operator must repair. */
  <T> T run(Work<T> work, AutoCommitter.Redo redo) throws SQLException {
    if (!autoCommit) {
      return work.run(current());
    }
    Trajectory t = begin();
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

  void setAutoCommit(boolean on) throws SQLException {
    if (on && !autoCommit) {
      commit();
    }
    autoCommit = on;
  }

  void commit() throws SQLException {
    Trajectory t = peek();
    if (t != null) {
      commit(t);
    }
    current = null;
  }

  private static void commit(Trajectory t) throws SQLException {
    try {
      t.commit();
    } catch (CoAgentException e) {
      throw Errors.of(e);
    }
  }

  void rollback() throws SQLException {
    Trajectory t = peek();
    current = null;
    if (t != null) {
      try {
        t.abort();
      } catch (CoAgentException e) {
        throw Errors.of(e);
      }
    }
  }

  Savepoint setSavepoint(String name) throws SQLException {
    if (autoCommit) {
      throw new SQLException("savepoints need auto-commit off", "3B000");
    }
    Trajectory t = current();
    if (t == null) {
      throw new SQLException("operator connections have no trajectory to mark", "3B000");
    }
    return new SavepointImpl(t.savepoint(), name);
  }

  void rollback(Savepoint sp) throws SQLException {
    Trajectory t = peek();
    if (!(sp instanceof SavepointImpl s) || t == null || s.mark().trajectory() != t.id()) {
      throw new SQLException("savepoint " + sp + " does not belong to the active trajectory",
          "3B001");
    }
    try {
      t.rollbackTo(s.mark());
    } catch (CoAgentException e) {
      throw Errors.of(e);
    }
  }
}
