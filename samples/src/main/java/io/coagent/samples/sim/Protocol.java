package io.coagent.samples.sim;

import io.coagent.jdbc.CoAgentConnection;
import java.sql.Connection;

/** The protocols compared, each an isolation level of the same store through the driver. */
public enum Protocol {
  /** Agents one after another in rank order: the baseline and the oracle. */
  SERIAL("serial", CoAgentConnection.TRANSACTION_MTPO),
  /** All at once at ranks 1..n; notifications, targeted repair. */
  MTPO("mtpo", CoAgentConnection.TRANSACTION_MTPO),
  /** All at once; validation at commit, the loser restarts from scratch. */
  OCC("occ", CoAgentConnection.TRANSACTION_OCC),
  /** All at once; strict two-phase locking held through inference, deadlock victims restart. */
  TWO_PL("2pl", Connection.TRANSACTION_SERIALIZABLE),
  /** All at once; READ COMMITTED, last writer wins, no repair. */
  NAIVE("naive", Connection.TRANSACTION_READ_COMMITTED);

  private final String label;
  private final int level;

  Protocol(String label, int level) {
    this.label = label;
    this.level = level;
  }

  public String label() {
    return label;
  }

  /** The JDBC isolation level ({@code Connection.setTransactionIsolation}). */
  public int level() {
    return level;
  }

  /** Whether ranks are fixed up front (the agents' trajectories begin in rank order). */
  public boolean ranked() {
    return level == CoAgentConnection.TRANSACTION_MTPO;
  }

  public static Protocol of(String label) {
    for (Protocol p : values()) {
      if (p.label.equalsIgnoreCase(label) || p.name().equalsIgnoreCase(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown protocol " + label
        + " (serial, mtpo, occ, 2pl, naive)");
  }

  Agent agent(Program program, AgentSession s, CostModel cost, Timeline t, int lane) {
    return switch (this) {
      case SERIAL, NAIVE -> new PlainAgent(program, s, cost, t, lane);
      case MTPO -> new MtpoAgent(program, s, cost, t, lane);
      case OCC, TWO_PL -> new RestartingAgent(program, s, cost, t, lane);
    };
  }
}
