package io.coagent.samples.sim;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Store} (CoAgent embedded unless given) with a workload's schema and one long-lived
 * connection per agent, reused
 * by every trial and protocol of that workload and agent count (as an agent framework keeps its
 * connections; it also keeps the driver's per-connection plan cache warm, so trials measure the
 * agents, not SQL planning). A {@code setup} agent resets the tables between trials.
 *
 * <p>Ranks: before an MTPO or serial trial, each agent connection begins its trajectory in rank
 * order, so the store assigns them increasing ranks above everything committed earlier.
 */
public final class Arena implements AutoCloseable {
  private final Workload workload;
  private final int agents;
  private final Store store;
  private final AgentSession setup;
  private final List<AgentSession> sessions = new ArrayList<>();

  public Arena(Workload workload, int agents) throws SQLException {
    this(workload, agents, Store.embedded(workload, agents));
  }

  /** An arena on {@code store}, which it closes with itself. */
  public Arena(Workload workload, int agents, Store store) throws SQLException {
    this.workload = workload;
    this.agents = agents;
    this.store = store;
    this.setup = new AgentSession(store.connect("setup"), store.versioned());
    for (String ddl : store.schema(workload)) {
      setup.run(ddl);
    }
    setup.connection().commit();
    for (Program p : workload.programs(agents, 0, CostModel.standard(0))) {
      sessions.add(new AgentSession(store.connect(p.agent()), store.versioned()));
    }
    abortAll(); // an agent connection begins a trajectory at connect; ranks come per trial
  }

  public Workload workload() {
    return workload;
  }

  public int agents() {
    return agents;
  }

  public Store store() {
    return store;
  }

  public AgentSession session(int i) {
    return sessions.get(i);
  }

  /** Empties every table and inserts the seed rows, committed. */
  public void reset() throws SQLException {
    abortAll();
    for (String t : workload.tables()) {
      setup.run("DELETE FROM " + t);
    }
    for (ToolCall.Write w : workload.seed(agents)) {
      setup.write(w);
    }
    setup.connection().commit();
  }

  /** Sets every agent's isolation level; for ranked protocols begins trajectories in {@code order}. */
  public void prepare(Protocol p, List<Integer> order) throws SQLException {
    for (AgentSession s : sessions) {
      s.isolation(p.level());
      s.mode(p.readsForUpdate(), p.versionChecked());
    }
    if (p.ranked()) {
      for (int i : order) {
        sessions.get(i).takePlace();
      }
    }
  }

  /** Ends any trajectory left active (after a failed agent). */
  public void abortAll() {
    for (AgentSession s : sessions) {
      s.abortQuietly();
    }
  }

  /** The committed state of every table, read by the setup agent after everyone has ended. */
  public State snapshot() throws SQLException {
    Map<String, List<Rec>> tables = new HashMap<>();
    for (String t : workload.tables()) {
      tables.put(t, setup.query(ToolCall.scan("snapshot", t)).rows());
    }
    setup.connection().commit();
    return new State(tables);
  }

  @Override
  public void close() {
    abortAll();
    for (AgentSession s : sessions) {
      s.close();
    }
    setup.close();
    store.close();
  }
}
