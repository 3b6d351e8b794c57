package io.coagent.sql.internal.sys;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.LeaseTimeout;
import io.coagent.engine.NotificationInfo;
import io.coagent.engine.OpState;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.SqlState;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.VerifyReport;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the SYS procedures do, for the connection's agent ({@code null}: an operator).
 *
 * <p>UNDO and ACK act on the agent's active trajectory (connections of one agent share it). They
 * check ownership first so the error says exactly what is wrong and what to do: an unknown id
 * (MT007/MT009), another agent's operation or notification (MT006/MT009, naming its owner), an
 * operation of the agent's own ended trajectory (MT008: run its UNDO_SQL as a compensating
 * statement instead), or an operator connection (it owns no agent's work: connect as the agent,
 * which joins the trajectory). Undoing an undone operation and acknowledging an acknowledged
 * notification change nothing and report 0.
 *
 * <p>Liveness: HEARTBEAT renews the lease of the agent's trajectory and reservation (one row, when
 * the lease now expires; the news if the store aborted the agent's work meanwhile, MT010/MT011).
 * ABORT (end an agent's trajectory and reservation) and SET (a store setting:
 * {@code lease_timeout} or {@code history_retention}) are operator commands: agent connections
 * get 42501.
 */
final class Procedures {
  /** Agent names the store gives operator (auto-commit, no agent) statements. */
  private static final String OPERATOR_PREFIX = CoStore.OPERATOR_PREFIX;
  /** The store settings SYS.SET accepts. */
  private static final List<String> SETTINGS = List.of(LeaseTimeout.NAME,
      io.coagent.engine.HistoryRetention.NAME);
  private static final java.time.format.DateTimeFormatter TIME_FORMAT =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .withZone(java.time.ZoneOffset.UTC);

  private final CoStore store;
  private final String agent;

  Procedures(CoStore store, String agent) {
    this.store = store;
    this.agent = agent;
  }

  /** Reserves consecutive ranks, in list order; one row (AGENT, RANK) per agent. */
  SqlResult launch(String agents) throws SQLException {
    List<String> names = new ArrayList<>();
    for (String a : agents.split(",", -1)) {
      if (a.isBlank()) {
        throw new SQLException("SYS.LAUNCH('" + agents + "') has an empty agent name at position "
            + (names.size() + 1) + "; pass names separated by commas, e.g. "
            + Procedure.LAUNCH.example(), SqlState.INVALID_PARAMETER_VALUE.code());
      }
      names.add(a.strip());
    }
    List<Long> ranks = engine(() -> store.launch(names));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      rows.add(new Object[] {names.get(i), ranks.get(i)});
    }
    return SqlResult.rows(List.of(text("AGENT"), bigint("RANK")), rows);
  }

  /** Undoes one of the agent's operations; the count is the rows its undo reverted. */
  SqlResult undo(long opId) throws SQLException {
    OperationInfo op = store.operations().stream().filter(o -> o.id() == opId).findFirst()
        .orElseThrow(() -> fail(ErrorCode.UNKNOWN_OPERATION, "operation " + opId + " does not "
            + "exist; list your operations with SELECT OP_ID, KIND, SQL_TEXT FROM SYS.OPERATIONS"));
    if (op.agent().startsWith(OPERATOR_PREFIX) && !op.agent().equals(agent)) {
      throw fail(ErrorCode.NOT_OWN_OPERATION, "operation " + opId + " is an auto-committed "
          + "operator statement, which cannot be undone in place; run its UNDO_SQL (SELECT UNDO_SQL"
          + " FROM SYS.ALL_OPERATIONS WHERE OP_ID = " + opId + ") as a compensating statement");
    }
    if (agent == null || !agent.equals(op.agent())) {
      throw fail(ErrorCode.NOT_OWN_OPERATION, "operation " + opId + " belongs to agent "
          + op.agent() + (agent == null ? ", and this is an operator connection" : ", not to "
          + agent) + "; an agent can only undo its own operations (connect with agent="
          + op.agent() + " to undo it, or run its UNDO_SQL as a compensating statement)");
    }
    Trajectory t = activeOf(op.trajectory(), "operation " + opId, "undone");
    engine(() -> {
      t.undo(opId);
      return null;
    });
    return SqlResult.count(op.state() == OpState.APPLIED ? op.rowsAffected() : 0);
  }

  /** Acknowledges a notification the agent received (rule 9); the count is 1, or 0 if it was. */
  SqlResult ack(long id) throws SQLException {
    NotificationInfo n = store.notifications().stream()
        .filter(i -> i.notification().id() == id).findFirst()
        .orElseThrow(() -> fail(ErrorCode.UNKNOWN_NOTIFICATION, "notification " + id + " does "
            + "not exist; list yours with SELECT ID, TABLE_NAME, ROW_KEY FROM SYS.NOTIFICATIONS "
            + "WHERE STATE = 'PENDING'"));
    String reader = n.notification().readerAgent();
    if (agent == null || !agent.equals(reader)) {
      throw fail(ErrorCode.UNKNOWN_NOTIFICATION, "notification " + id + " was sent to agent "
          + reader + (agent == null ? ", and this is an operator connection" : ", not to "
          + agent) + "; only its reader can acknowledge it (connect with agent=" + reader + ")");
    }
    if (n.acknowledged()) {
      return SqlResult.count(0);
    }
    Trajectory t = activeOf(n.notification().readerTrajectory(), "notification " + id,
        "acknowledged");
    engine(() -> {
      t.acknowledge(id);
      return null;
    });
    return SqlResult.count(1);
  }

  /** Rule 10: a SUMMARY row, then one FINDING row per read that differs from the serial run. */
  SqlResult verify() throws SQLException {
    VerifyReport r = engine(store::verify);
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"SUMMARY", r.ok(), r.quiescent(), r.readsChecked(),
        (long) r.findings().size(), (long) r.violations().size(), null, null, null, null, null,
        null, null});
    for (VerifyReport.Finding f : r.findings()) {
      rows.add(new Object[] {"FINDING", null, null, null, null, null,
          f.trajectory(), f.agent(), f.rank(), f.operation(), f.table(), f.read(),
          f.acknowledged()});
    }
    return SqlResult.rows(List.of(text("ROW_TYPE"), bool("OK"), bool("QUIESCENT"),
        bigint("READS_CHECKED"), bigint("FINDINGS"), bigint("VIOLATIONS"),
        bigint("TRAJECTORY_ID"), text("AGENT"), bigint("RANK"), bigint("OP_ID"),
        text("TABLE_NAME"), text("READ"), bool("ACKNOWLEDGED")), rows);
  }

  /** Renews the agent's leases; one row (AGENT, LEASE_EXPIRES), LEASE_EXPIRES null if none. */
  SqlResult heartbeat() throws SQLException {
    if (agent == null) {
      throw fail(ErrorCode.UNKNOWN_AGENT, "SYS.HEARTBEAT renews an agent's lease, and this is an "
          + "operator connection; connect with agent=NAME, or call CoAgentConnection.heartbeat()"
          + " to renew this connection's own trajectory");
    }
    Optional<java.time.Instant> until = engine(() -> store.heartbeat(agent));
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {agent, until.map(TIME_FORMAT::format).orElse(null)});
    return SqlResult.rows(List.of(text("AGENT"), text("LEASE_EXPIRES")), rows);
  }

  /** Operators: ends the agent's trajectory and reservation; the count is how many ended. */
  SqlResult abort(String target) throws SQLException {
    operatorOnly(Procedure.ABORT, "an agent ends its own work with rollback()");
    return SqlResult.count(engine(() -> store.abortAgent(target.strip())));
  }

  /** Operators: sets a store setting durably; the count is 1. */
  SqlResult set(String name, String value) throws SQLException {
    operatorOnly(Procedure.SET, "store settings apply to every agent");
    String key = name.strip().toLowerCase(java.util.Locale.ROOT);
    if (!SETTINGS.contains(key)) {
      throw new SQLException("SYS.SET: unknown setting '" + name + "'; settings: " + SETTINGS
          + ", e.g. " + Procedure.SET.example(), SqlState.INVALID_PARAMETER_VALUE.code());
    }
    engine(() -> {
      store.putSetting(key, value.strip());
      return null;
    });
    return SqlResult.count(1);
  }

  private void operatorOnly(Procedure p, String why) throws SQLException {
    if (agent != null) {
      throw new SQLException(p.signature() + " is an operator command (" + why + "); agent "
          + agent + " may not run it: run it on a connection without agent=",
          SqlState.INSUFFICIENT_PRIVILEGE.code());
    }
  }

  /** The agent's active trajectory, which must be {@code trajectoryId}. */
  private Trajectory activeOf(long trajectoryId, String what, String verb) throws SQLException {
    Optional<Trajectory> t = store.active(agent);
    if (t.isPresent() && t.get().id() == trajectoryId) {
      return t.get();
    }
    String state = store.trajectories().stream().filter(i -> i.id() == trajectoryId)
        .map(TrajectoryInfo::state).findFirst().map(Enum::name).orElse("ended");
    throw fail(ErrorCode.TRAJECTORY_NOT_ACTIVE, what + " belongs to trajectory " + trajectoryId
        + " of agent " + agent + ", which is " + state + "; only work of the active trajectory "
        + "can be " + verb + (verb.equals("undone")
            ? " (run the operation's UNDO_SQL as a compensating statement instead)" : ""));
  }

  @FunctionalInterface
  private interface Call<T> {
    T run();
  }

  private static <T> T engine(Call<T> call) throws SQLException {
    try {
      return call.run();
    } catch (CoAgentException e) {
      throw new SQLException(e.getMessage(), e.code().sqlState(), e);
    }
  }

  private static SQLException fail(ErrorCode code, String message) {
    return new SQLException(message, code.sqlState());
  }

  /** Operators: takes a released outbox entry, exactly once ({@link Outbox#take}). */
  SqlResult outboxTake(long id) throws SQLException {
    return Outbox.take(store, agent, id);
  }

  private static SqlColumn text(String name) {
    return new SqlColumn(name, "", Types.VARCHAR, "VARCHAR", 65536, 0, true, "java.lang.String");
  }

  private static SqlColumn bigint(String name) {
    return new SqlColumn(name, "", Types.BIGINT, "BIGINT", 19, 0, true, "java.lang.Long");
  }

  private static SqlColumn bool(String name) {
    return new SqlColumn(name, "", Types.BOOLEAN, "BOOLEAN", 1, 0, true, "java.lang.Boolean");
  }
}
