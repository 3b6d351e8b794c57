package io.coagent.samples.peers;

import io.coagent.samples.sim.Store;
import io.coagent.samples.sim.Workload;
import io.coagent.server.CoAgentServer;
import io.coagent.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's servers, started once per run and shared by its arenas: a CoAgent server in
 * process (trust authentication on loopback; each arena its own database, each agent a
 * {@code jdbc:coagent://} network client logging in under its name) and, if installed, a
 * PostgreSQL cluster (each arena its own schema, each agent a pgjdbc connection with
 * {@code search_path} set to it). Closing stops both and deletes their directories.
 */
public final class Peers implements AutoCloseable {
  private final AtomicInteger arenas = new AtomicInteger();
  private CoAgentServer server;
  private Path serverDir;
  private PostgresCluster postgres;

  /**
   * Starts the CoAgent server (for {@code mtpo-net}) with {@code FLUSH} durability: written to the
   * OS, not fsynced, the promise PostgreSQL makes with {@code fsync=off} ({@link PostgresCluster}),
   * so neither side pays for an fsync the other skips.
   */
  public void startServer(int maxConnections) throws IOException {
    serverDir = Files.createTempDirectory("coagent-bench-server-");
    server = CoAgentServer.start(ServerConfig.of(serverDir).withPort(0)
        .withAuth(ServerConfig.Auth.TRUST).withMaxConnections(maxConnections)
        .withDurability(ServerConfig.Durability.FLUSH));
  }

  /** Starts PostgreSQL (for the {@code pg-*} peers); see {@link PostgresCluster#start}. */
  public void startPostgres(int maxConnections, long deadlockTimeoutMillis)
      throws IOException, InterruptedException {
    postgres = PostgresCluster.start(maxConnections, deadlockTimeoutMillis);
  }

  public boolean hasServer() {
    return server != null;
  }

  public boolean hasPostgres() {
    return postgres != null;
  }

  public PostgresCluster postgres() {
    return postgres;
  }

  /** A new database on the CoAgent server for one arena. */
  public Store serverStore(Workload w, int agents) throws SQLException {
    String db = "b-" + w.name() + "-" + agents + "-" + arenas.incrementAndGet();
    server.create(db);
    String base = "jdbc:coagent://127.0.0.1:" + server.port() + "/" + db + "?user=";
    return new Store() {
      @Override
      public String name() {
        return "coagent-server";
      }

      @Override
      public Connection connect(String agent) throws SQLException {
        return DriverManager.getConnection(base + agent);
      }
    };
  }

  /** A new schema in the PostgreSQL cluster for one arena; closing the store drops it. */
  public Store postgresStore(Workload w, int agents) throws SQLException {
    String schema = "b_" + w.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
        + agents + "_" + arenas.incrementAndGet();
    try (Connection c = postgres.connect(null, "bench-admin"); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    PostgresCluster pg = postgres;
    return new Store() {
      @Override
      public String name() {
        return "postgres";
      }

      @Override
      public Connection connect(String agent) throws SQLException {
        return pg.connect(schema, agent);
      }

      @Override
      public List<String> schema(Workload workload) {
        List<String> out = new ArrayList<>();
        for (String ddl : workload.schema()) {
          int close = ddl.lastIndexOf(')');
          out.add(ddl.substring(0, close) + ", VERSION BIGINT NOT NULL DEFAULT 0"
              + ddl.substring(close));
        }
        return out;
      }

      @Override
      public boolean versioned() {
        return true;
      }

      @Override
      public void close() {
        try (Connection c = pg.connect(null, "bench-admin"); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
          System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
      }
    };
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      server = null;
      deleteTree(serverDir);
    }
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans it
    }
  }
}
