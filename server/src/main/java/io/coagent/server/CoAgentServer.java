package io.coagent.server;

import io.coagent.server.internal.ServerImpl;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A CoAgent server: PostgreSQL clients (psql, pgjdbc, psycopg, node-postgres) connect to it as
 * agents and share the stores under its data directory with MTPO semantics. See
 * {@code docs/server.md}.
 *
 * <pre>{@code
 * try (CoAgentServer server = CoAgentServer.start(ServerConfig.of(dir).withPort(0))) {
 *   String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/default?user=planner";
 * }
 * }</pre>
 */
public final class CoAgentServer implements AutoCloseable {
  private final ServerImpl impl;

  private CoAgentServer(ServerImpl impl) {
    this.impl = impl;
  }

  /** Binds and starts accepting; returns once the port is open. */
  public static CoAgentServer start(ServerConfig config) throws IOException {
    return new CoAgentServer(ServerImpl.start(config));
  }

  /** The bound port (the chosen one when the config said 0). */
  public int port() {
    return impl.port();
  }

  /** Creates database {@code name} (a store under the data directory) if it does not exist. */
  public void create(String name) throws SQLException {
    impl.create(name);
  }

  /** Sessions connected now. */
  public int sessions() {
    return impl.sessionCount();
  }

  /**
   * Stops accepting, lets running statements finish (up to {@code grace}), ends every session
   * with a FATAL 57P01 and closes the stores. Open transaction blocks are rolled back; everything
   * a client saw acknowledged is durable before its CommandComplete was sent.
   */
  public void shutdown(Duration grace) {
    impl.shutdown(grace);
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }
}
