package io.coagent.samples.peers;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL server for the benchmark's peers: {@code initdb} into a temporary
 * directory, {@code pg_ctl start} on a free loopback port (TCP only, no Unix socket, trust
 * authentication, fsync off as for any benchmark of a scratch cluster), {@code pg_ctl stop} and
 * delete on {@link #close()}, or at JVM exit (a shutdown hook) if the run is interrupted.
 *
 * <p>Design: the binaries are looked up under {@code /usr/lib/postgresql/N/bin} (Debian's layout;
 * the newest N wins) or {@code $COAGENT_PG_BIN}; {@link #find()} is empty when there are none, and
 * the benchmark then runs without the PostgreSQL peers. initdb refuses to run as root, so when the
 * JVM is root every command runs through {@code runuser -u postgres} and the directory is handed to
 * that user. {@code deadlock_timeout} is given by the caller: the benchmark scales time (one
 * simulated second of inference is a few milliseconds), so PostgreSQL's 1 s default would be
 * hundreds of simulated seconds; the caller passes one simulated second.
 */
public final class PostgresCluster implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  /** Stops the server if the JVM ends (Ctrl-C, SIGTERM) before {@link #close()}. */
  private final Thread stopAtExit = new Thread(this::close, "coagent-pg-stop");
  private boolean running;

  private PostgresCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * The directory holding initdb, pg_ctl and postgres, if PostgreSQL is installed. The system
   * property {@code coagent.pg.bin}, then the environment variable {@code COAGENT_PG_BIN}, name it
   * explicitly (a directory without initdb: not installed).
   */
  public static Optional<Path> find() {
    String env = System.getProperty("coagent.pg.bin", System.getenv("COAGENT_PG_BIN"));
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      return Files.isExecutable(p.resolve("initdb")) ? Optional.of(p) : Optional.empty();
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (var versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb"))
              && Files.isExecutable(b.resolve("pg_ctl")))
          .max((a, b) -> Integer.compare(major(a), major(b)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int major(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Initializes and starts a cluster with room for {@code maxConnections} sessions.
   *
   * @throws IOException if PostgreSQL is not installed or does not start (the message says why)
   */
  public static PostgresCluster start(int maxConnections, long deadlockTimeoutMillis)
      throws IOException, InterruptedException {
    return start(maxConnections, deadlockTimeoutMillis, false);
  }

  /**
   * As {@link #start(int, long)}; {@code durable} keeps PostgreSQL's defaults {@code fsync=on},
   * {@code synchronous_commit=on} and {@code full_page_writes=on} (a commit is fsynced before it is
   * acknowledged), for comparisons against stores that fsync too.
   */
  public static PostgresCluster start(int maxConnections, long deadlockTimeoutMillis,
      boolean durable) throws IOException, InterruptedException {
    Path bin = find().orElseThrow(() -> new IOException("PostgreSQL is not installed: no initdb"
        + " under /usr/lib/postgresql/*/bin (apt-get install -y postgresql, or set"
        + " COAGENT_PG_BIN)"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("coagent-pg-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    PostgresCluster c = new PostgresCluster(bin, dir, freePort(), root);
    try {
      if (root) {
        c.exec(List.of("chown", "postgres:postgres", dir.toString()), false);
      }
      c.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
          "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"), true);
      String opts = String.format(Locale.ROOT, "-c listen_addresses=127.0.0.1 -c port=%d"
              + " -c unix_socket_directories='' -c max_connections=%d%s -c deadlock_timeout=%dms"
              + " -c shared_buffers=64MB", c.port, maxConnections, durable ? ""
              : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
          Math.max(1, deadlockTimeoutMillis));
      c.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-l", dir.resolve("log").toString(), "-w", "-t", "60", "-o", opts, "start"), true);
      c.running = true;
      Runtime.getRuntime().addShutdownHook(c.stopAtExit);
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void exec(List<String> command, boolean asOwner) throws IOException,
      InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asOwner && asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish in 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
          + new String(out, StandardCharsets.UTF_8).strip());
    }
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of database {@code postgres} (pgjdbc). */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** A pgjdbc connection as the superuser {@code postgres}, with {@code search_path = schema}. */
  public Connection connect(String schema, String applicationName) throws SQLException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", "postgres");
    p.setProperty("ApplicationName", applicationName);
    if (schema != null) {
      p.setProperty("currentSchema", schema);
    }
    return DriverManager.getConnection(url(), p);
  }

  /** The server's version string ({@code SHOW server_version}). */
  public String version() throws SQLException {
    try (Connection c = connect(null, "version");
        var rs = c.createStatement().executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public synchronized void close() {
    if (running) {
      running = false;
      if (Thread.currentThread() != stopAtExit) {
        try {
          Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook runs this anyway
        }
      }
      try {
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
            "-m", "fast", "-w", "stop"), true);
      } catch (IOException e) {
        System.err.println("could not stop PostgreSQL in " + dir + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans it
    }
  }
}
