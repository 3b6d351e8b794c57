package io.coagent.samples.sim;

import io.coagent.jdbc.CoAgentConnection;
import java.sql.Connection;

/**
 * The protocols compared. The first five are isolation levels of the same CoAgent store through
 * the embedded driver; {@code mtpo-net} is MTPO through the CoAgent server over the network
 * (PostgreSQL wire protocol, {@code jdbc:coagent://}); the {@code pg-*} peers are what agent
 * frameworks run today on PostgreSQL, with pgjdbc (see {@code docs/benchmark.md}, "Peers").
 */
public enum Protocol {
  /** Agents one after another in rank order: the baseline and the oracle. */
  SERIAL("serial", CoAgentConnection.TRANSACTION_MTPO, Backend.EMBEDDED),
  /** All at once at ranks 1..n; notifications, targeted repair. */
  MTPO("mtpo", CoAgentConnection.TRANSACTION_MTPO, Backend.EMBEDDED),
  /** All at once; validation at commit, the loser restarts from scratch. */
  OCC("occ", CoAgentConnection.TRANSACTION_OCC, Backend.EMBEDDED),
  /** All at once; strict two-phase locking held through inference, deadlock victims restart. */
  TWO_PL("2pl", Connection.TRANSACTION_SERIALIZABLE, Backend.EMBEDDED),
  /** All at once; READ COMMITTED, last writer wins, no repair. */
  NAIVE("naive", Connection.TRANSACTION_READ_COMMITTED, Backend.EMBEDDED),
  /** MTPO as {@link #MTPO}, each agent a network client of the CoAgent server. */
  MTPO_NET("mtpo-net", CoAgentConnection.TRANSACTION_MTPO, Backend.SERVER),
  /** PostgreSQL READ COMMITTED, no control: last writer wins (LangGraph's PostgresStore). */
  PG_LWW("pg-lww", Connection.TRANSACTION_READ_COMMITTED, Backend.POSTGRES),
  /** PostgreSQL SERIALIZABLE (SSI); on 40001 (or 40P01) the whole trajectory restarts. */
  PG_SERIALIZABLE("pg-ser", Connection.TRANSACTION_SERIALIZABLE, Backend.POSTGRES),
  /** PostgreSQL READ COMMITTED, every read {@code FOR UPDATE}, locks held through inference. */
  PG_FOR_UPDATE("pg-lock", Connection.TRANSACTION_READ_COMMITTED, Backend.POSTGRES),
  /** PostgreSQL READ COMMITTED with a version column, restart on a zero count (Letta-style). */
  PG_VERSION("pg-version", Connection.TRANSACTION_READ_COMMITTED, Backend.POSTGRES);

  /** Where a protocol's agents connect. */
  public enum Backend { EMBEDDED, SERVER, POSTGRES }

  private final String label;
  private final int level;
  private final Backend backend;

  Protocol(String label, int level, Backend backend) {
    this.label = label;
    this.level = level;
    this.backend = backend;
  }

  public String label() {
    return label;
  }

  /** The JDBC isolation level ({@code Connection.setTransactionIsolation}). */
  public int level() {
    return level;
  }

  public Backend backend() {
    return backend;
  }

  /** Whether ranks are fixed up front (the agents' trajectories begin in rank order). */
  public boolean ranked() {
    return level == CoAgentConnection.TRANSACTION_MTPO;
  }

  /** Whether the agents' reads lock their rows to commit ({@code SELECT ... FOR UPDATE}). */
  public boolean readsForUpdate() {
    return this == PG_FOR_UPDATE;
  }

  /** Whether writes check the version read (optimistic version column). */
  public boolean versionChecked() {
    return this == PG_VERSION;
  }

  /** The peers {@code --peers postgres} adds: MTPO over the network and the PostgreSQL four. */
  public static java.util.List<Protocol> postgresPeers() {
    return java.util.List.of(MTPO_NET, PG_LWW, PG_SERIALIZABLE, PG_FOR_UPDATE, PG_VERSION);
  }

  public static Protocol of(String label) {
    for (Protocol p : values()) {
      if (p.label.equalsIgnoreCase(label) || p.name().equalsIgnoreCase(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown protocol " + label
        + " (serial, mtpo, occ, 2pl, naive, mtpo-net, pg-lww, pg-ser, pg-lock, pg-version)");
  }

  Agent agent(Program program, AgentSession s, CostModel cost, Timeline t, int lane) {
    return switch (this) {
      case SERIAL, NAIVE, PG_LWW -> new PlainAgent(program, s, cost, t, lane);
      case MTPO, MTPO_NET -> new MtpoAgent(program, s, cost, t, lane);
      case OCC, TWO_PL, PG_SERIALIZABLE, PG_FOR_UPDATE, PG_VERSION ->
          new RestartingAgent(program, s, cost, t, lane);
    };
  }
}
