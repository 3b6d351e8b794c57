package io.coagent.samples.sim;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Where an {@link Arena}'s tables live and how its agents connect: CoAgent embedded (the default,
 * {@code jdbc:coagent:mem:}), CoAgent through its server, or PostgreSQL (package
 * {@code io.coagent.samples.peers}). One store per arena; closing it drops the arena's data.
 */
public interface Store extends AutoCloseable {
  /** Short name for reports: {@code coagent}, {@code coagent-server}, {@code postgres}. */
  String name();

  /** A new connection acting as {@code agent} (the arena's {@code setup} agent included). */
  Connection connect(String agent) throws SQLException;

  /** The workload's DDL as this store needs it (PostgreSQL adds a version column). */
  default List<String> schema(Workload w) {
    return w.schema();
  }

  /** Whether every table carries the peers' {@code VERSION} column (hidden from reads). */
  default boolean versioned() {
    return false;
  }

  @Override
  default void close() {}

  /** A fresh in-memory CoAgent store for {@code workload} with {@code agents} agents. */
  static Store embedded(Workload workload, int agents) {
    String url = "jdbc:coagent:mem:bench-" + workload.name() + "-" + agents + "-"
        + UUID.randomUUID();
    return new Store() {
      @Override
      public String name() {
        return "coagent";
      }

      @Override
      public Connection connect(String agent) throws SQLException {
        return DriverManager.getConnection(url + ";agent=" + agent);
      }
    };
  }
}
