package io.coagent.jdbc;

import io.coagent.jdbc.SqlWorkload.AgentProgram;
import io.coagent.jdbc.SqlWorkload.Derived;
import io.coagent.jdbc.SqlWorkload.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated agent of {@link RandomizedSqlScheduleTest}: runs its {@link AgentProgram} through
 * an agent connection, one step per turn, and repairs on notifications the way an LLM agent
 * would: back to the earliest of its steps whose read a notification names, undoing every
 * operation from there (newest first, by {@code undo(opId)} or by rolling back to the savepoint
 * taken before that step), acknowledging, and re-executing from there with the memory it had then.
 */
final class SqlAgent {
  final AgentProgram program;
  final Connection conn;
  final CoAgentConnection co;
  final boolean repairs;
  final List<String> trace;
  final long rank;
  private final List<Step> steps;
  private final Map<String, PreparedStatement> prepared;
  int pc;
  long memory;
  private final long[] memoryAt;
  private final Savepoint[] savepoints;
  /** The result of each step's current execution: query rows or the update count. */
  final String[] results;
  /** The operations of each step's current execution. */
  private final List<List<Long>> stepOps = new ArrayList<>();
  /** Applied operations of this agent and the step each belongs to. */
  private final Map<Long, Integer> liveOps = new HashMap<>();
  private long lastOp;
  boolean committed;
  int notifications;
  int repairsDone;
  int stepsRun;
  int commitRefusals;

  SqlAgent(AgentProgram program, SqlSchedules.Handle handle, boolean repairs, List<String> trace)
      throws SQLException {
    this.program = program;
    this.conn = handle.conn();
    this.prepared = handle.cache();
    this.co = conn.unwrap(CoAgentConnection.class);
    this.repairs = repairs;
    this.trace = trace;
    this.steps = program.steps();
    if (co.rank().isEmpty()) {
      conn.setSavepoint(); // takes the agent's place in the order now (rank() only looks)
    }
    this.rank = co.rank().orElseThrow(() -> new SQLException(program.name() + " has no rank"));
    int n = steps.size();
    this.memoryAt = new long[n + 1];
    this.savepoints = new Savepoint[n + 1];
    this.results = new String[n];
    for (int i = 0; i < n; i++) {
      stepOps.add(new ArrayList<>());
    }
  }

  String who() {
    return program.name() + "(r" + rank + ")";
  }

  boolean hasSteps() {
    return pc < steps.size();
  }

  private void log(String s) {
    trace.add(who() + " " + s);
  }

  /**
   * One unit of work: handle notifications, or run one step, or (all lower ranks committed) try
   * to commit. An eager agent commits without looking at its notifications first.
   */
  void turn() throws SQLException {
    if (!(program.eagerCommit() && !hasSteps()) && drain()) {
      return;
    }
    if (hasSteps()) {
      step();
      return;
    }
    try {
      conn.commit();
      committed = true;
      log("COMMITS");
    } catch (SQLException e) {
      if (!"MT004".equals(e.getSQLState())) {
        throw e;
      }
      commitRefusals++;
      log("commit refused (MT004): " + e.getMessage());
      drain();
    }
  }

  private void step() throws SQLException {
    int m = pc;
    Step s = steps.get(m);
    memoryAt[m] = memory;
    if (program.savepointRepair()) {
      savepoints[m] = conn.setSavepoint();
    }
    String result = execute(conn, prepared, s, memory);
    memory = remember(memory, result);
    results[m] = result;
    List<Long> ops = stepOps.get(m);
    ops.clear();
    for (Operation op : co.operations()) {
      if (op.id() > lastOp) {
        ops.add(op.id());
        liveOps.put(op.id(), m);
        lastOp = op.id();
      }
    }
    pc++;
    stepsRun++;
    log("s" + m + " op" + ops + " " + s.sql() + " " + s.resolve(memoryAt[m]) + " -> " + result);
  }

  /**
   * Drains notifications (poll, plus anything still unacknowledged); repairs if one names a live
   * read; acknowledges them all. Returns whether there were any.
   */
  boolean drain() throws SQLException {
    Map<Long, Notification> all = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      Optional<Notification> n = co.poll();
      if (n.isEmpty()) {
        break;
      }
      all.put(n.get().id(), n.get());
    }
    for (Notification n : co.pendingNotifications()) {
      all.put(n.id(), n);
    }
    if (all.isEmpty()) {
      return false;
    }
    notifications += all.size();
    int m = pc;
    StringBuilder desc = new StringBuilder();
    for (Notification n : all.values()) {
      if (!program.name().equals(n.readerAgent()) || n.writerRank() >= rank) {
        throw new AssertionError(who() + " got a notification not addressed to it or not from "
            + "a lower rank: " + n);
      }
      desc.append("\n      #").append(n.id()).append(' ').append(n.table()).append(' ')
          .append(n.key()).append(' ').append(n.cause()).append(" by ").append(n.writerAgent())
          .append(" op").append(n.writerOperation()).append(" reads ")
          .append(n.readOperations()).append(" seen ").append(n.seen())
          .append(" now ").append(n.now());
      for (long id : n.readOperations()) {
        Integer s = liveOps.get(id);
        if (s != null && s < m) {
          m = s;
        }
      }
    }
    String action;
    if (!repairs) {
      action = "ignored (repair disabled)";
    } else if (m < pc) {
      action = backTo(m);
    } else {
      action = "names no live read: acknowledged only";
    }
    for (Notification n : all.values()) {
      co.acknowledge(n.id());
    }
    conn.clearWarnings();
    log(all.size() + " notification(s), " + action + desc);
    List<Notification> left = co.pendingNotifications();
    if (!left.isEmpty()) {
      throw new AssertionError(who() + " still has unacknowledged notifications after "
          + "acknowledging every one it was handed: " + left);
    }
    return true;
  }

  /** Undoes steps pc-1 .. m (newest first) and resumes at m with the memory it had then. */
  private String backTo(int m) throws SQLException {
    repairsDone++;
    List<Long> undone = new ArrayList<>();
    String how;
    if (program.savepointRepair()) {
      conn.rollback(savepoints[m]);
      how = "rollback(savepoint before s" + m + ")";
      for (int k = m; k < pc; k++) {
        undone.addAll(stepOps.get(k));
      }
    } else {
      for (int k = pc - 1; k >= m; k--) {
        List<Long> ops = stepOps.get(k);
        for (int i = ops.size() - 1; i >= 0; i--) {
          co.undo(ops.get(i));
          undone.add(ops.get(i));
        }
      }
      how = "undo" + undone;
    }
    for (int k = m; k < pc; k++) {
      for (long id : stepOps.get(k)) {
        liveOps.remove(id);
      }
      stepOps.get(k).clear();
      results[k] = null;
    }
    Map<Long, Operation> byId = new HashMap<>();
    for (Operation op : co.operations()) {
      byId.put(op.id(), op);
      lastOp = Math.max(lastOp, op.id());
    }
    for (long id : undone) {
      Operation op = byId.get(id);
      if (op != null && op.state() == Operation.State.APPLIED) {
        throw new AssertionError(who() + ": operation " + id + " is still APPLIED after " + how);
      }
    }
    int from = pc;
    pc = m;
    memory = memoryAt[m];
    return "REPAIR: back from s" + from + " to s" + m + " by " + how;
  }

  /** Runs one step's statement; returns what the agent remembers of it. */
  static String execute(Connection c, Map<String, PreparedStatement> cache, Step s, long memory)
      throws SQLException {
    List<Object> values = s.resolve(memory);
    if (values.isEmpty()) {
      try (Statement st = c.createStatement()) {
        if (s.shape().read) {
          try (ResultSet rs = st.executeQuery(s.sql())) {
            return rows(rs);
          }
        }
        return "n=" + st.executeUpdate(s.sql());
      }
    }
    PreparedStatement ps = cache.get(s.sql());
    if (ps == null) {
      ps = c.prepareStatement(s.sql());
      cache.put(s.sql(), ps);
    }
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null) {
        boolean string = s.params().get(i) instanceof Derived d && d.what() == 'S';
        ps.setNull(i + 1, string ? Types.VARCHAR : Types.INTEGER);
      } else {
        ps.setObject(i + 1, v);
      }
    }
    if (s.shape().read) {
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      }
    }
    return "n=" + ps.executeUpdate();
  }

  static String rows(ResultSet rs) throws SQLException {
    return String.join(";", SqlBasicsTest.rows(rs));
  }

  static long remember(long memory, String result) {
    return SqlWorkload.mix(memory * 31 + result.hashCode());
  }
}
