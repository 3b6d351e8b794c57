package io.coagent.samples.bench;

import io.coagent.samples.peers.PostgresCluster;
import io.coagent.server.CoAgentServer;
import io.coagent.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The servers side by side over loopback, in one run (issue 10, "Measured"): a point {@code SELECT}
 * and a single-row {@code UPDATE} by primary key through prepared statements, auto-commit, by 1, 4
 * and 16 client threads, each thread its own connection, each on its own keys so that nobody waits
 * for a row lock. On CoAgent each client is its own agent, or with {@code operators} the operator,
 * whose auto-commit statements return before their trajectories commit. Targets: the CoAgent
 * server, the PostgreSQL 15 server (started by the benchmark in a temporary directory) and H2's TCP
 * server, in one run; CoAgent and PostgreSQL through pgjdbc, H2 through its own driver (it speaks
 * its own protocol).
 *
 * <p>Like for like on durability, two classes: {@code flush} (an acknowledged statement is written
 * to the OS, not fsynced: CoAgent {@code --durability flush}, PostgreSQL {@code fsync=off,
 * synchronous_commit=off}, H2 file mode, whose default writes within its write delay) and {@code
 * sync} (fsynced before acknowledged: CoAgent's default, PostgreSQL's default). Each cell runs a
 * warm-up, then measures for a fixed time: throughput (statements per second, all threads) and the
 * latency of each statement (p50, p99). Without PostgreSQL installed its rows are left out, with a
 * message.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl samples exec:java
 * -Dexec.mainClass=io.coagent.samples.bench.ServerBenchmark -Dexec.args="3 agents"} (seconds per
 * cell; {@code agents} or {@code operators}).
 */
public final class ServerBenchmark {
  static final int ROWS = 10_000;
  static final int[] THREADS = {1, 4, 16};

  private ServerBenchmark() {}

  /** One measured cell. */
  public record Cell(String target, String durability, String op, int threads, long statements,
      double seconds, double p50Micros, double p99Micros) {
    public double perSecond() {
      return statements / seconds;
    }

    public String line() {
      return String.format(Locale.ROOT, "%-8s %-5s %-6s threads=%-2d %9.0f stmt/s  p50 %8.1f us"
          + "  p99 %9.1f us", target, durability, op, threads, perSecond(), p50Micros,
          p99Micros);
    }
  }

  /** Opens the connection of client thread {@code client} (-1: the one that sets up). */
  @FunctionalInterface
  public interface Connector {
    Connection connect(int client) throws SQLException;
  }

  /** A server under test: its name, durability class, connections, and how it stops. */
  public record Target(String name, String durability, Connector connector, Runnable stop)
      implements AutoCloseable {
    Connection connect(int client) throws SQLException {
      return connector.connect(client);
    }

    @Override
    public void close() {
      stop.run();
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    boolean operators = args.length > 1 && args[1].equals("operators");
    List<Cell> cells = new ArrayList<>();
    for (String durability : List.of("flush", "sync")) {
      List<Target> targets = new ArrayList<>();
      targets.add(coagent(durability, operators));
      if (PostgresCluster.find().isPresent()) {
        targets.add(postgres(durability));
      } else if (durability.equals("flush")) {
        System.out.println("PostgreSQL is not installed (apt-get install -y postgresql, or set"
            + " COAGENT_PG_BIN): its rows are left out");
      }
      if (durability.equals("flush")) {
        targets.add(h2());
      }
      for (Target t : targets) {
        try (t) {
          setUp(t);
          for (String op : List.of("select", "update")) {
            for (int n : THREADS) {
              Cell c = measure(t, op, n, seconds);
              cells.add(c);
              System.out.println(c.line());
            }
          }
        }
      }
    }
    System.out.println();
    System.out.println(ratios(cells));
  }

  /** CoAgent over PostgreSQL's protocol against PostgreSQL, per cell: latency and throughput. */
  static String ratios(List<Cell> cells) {
    StringBuilder b = new StringBuilder("ratios, CoAgent server / PostgreSQL (latency: lower is"
        + " better; throughput: higher is better)\n");
    Map<String, Cell> pg = new LinkedHashMap<>();
    for (Cell c : cells) {
      if (c.target().equals("postgres")) {
        pg.put(c.durability() + "/" + c.op() + "/" + c.threads(), c);
      }
    }
    for (Cell c : cells) {
      Cell p = pg.get(c.durability() + "/" + c.op() + "/" + c.threads());
      if (c.target().equals("coagent") && p != null) {
        b.append(String.format(Locale.ROOT, "%-5s %-6s threads=%-2d  p50 %.2fx  p99 %.2fx"
            + "  throughput %.2fx%n", c.durability(), c.op(), c.threads(),
            c.p50Micros() / p.p50Micros(), c.p99Micros() / p.p99Micros(),
            c.perSecond() / p.perSecond()));
      }
    }
    return b.toString();
  }

  /** The CoAgent server, {@code durability} sync or flush, clients agents or operators. */
  public static Target coagent(String durability, boolean operators) throws Exception {
    Path dir = Files.createTempDirectory("coagent-server-bench-");
    CoAgentServer server = CoAgentServer.start(ServerConfig.of(dir).withPort(0)
        .withAuth(ServerConfig.Auth.TRUST).withMaxConnections(40)
        .withDurability(durability.equals("sync") ? ServerConfig.Durability.SYNC
            : ServerConfig.Durability.FLUSH));
    server.create("bench");
    String base = "jdbc:postgresql://127.0.0.1:" + server.port() + "/bench?sslmode=disable&user=";
    // client -1 sets up the table as the operator; the measured clients are agents or operators
    return new Target("coagent", durability, client -> DriverManager.getConnection(base
        + (client < 0 || operators ? "operator" : "client" + client)), () -> {
          server.close();
          delete(dir);
        });
  }

  static Target postgres(String durability) throws Exception {
    PostgresCluster pg = PostgresCluster.start(40, 1000, durability.equals("sync"));
    return new Target("postgres", durability, client -> pg.connect(null, "client" + client),
        pg::close);
  }

  static Target h2() throws Exception {
    Path dir = Files.createTempDirectory("h2-server-bench-");
    org.h2.tools.Server tcp = org.h2.tools.Server.createTcpServer("-tcpPort", "0",
        "-baseDir", dir.toString(), "-ifNotExists").start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/bench";
    return new Target("h2", "flush", client -> DriverManager.getConnection(url, "sa", ""), () -> {
      tcp.stop();
      delete(dir);
    });
  }

  /** Creates and fills the benchmark's table on {@code t}. */
  public static void setUp(Target t) throws SQLException {
    try (Connection c = t.connect(-1); Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("CREATE TABLE KV (K BIGINT PRIMARY KEY, V BIGINT)");
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < ROWS; i++) {
        b.append(b.length() == 0 ? "INSERT INTO KV VALUES " : ", ").append('(').append(i)
            .append(", 0)");
        if (i % 500 == 499) {
          s.executeUpdate(b.toString());
          b.setLength(0);
        }
      }
    }
  }

  /**
   * {@code threads} clients run {@code op} for a warm-up of a third of {@code seconds}, then for
   * {@code seconds}; each thread keeps its own latencies (bounded: one array slot per statement
   * up to a cap, then they are dropped, which only thins the percentile sample).
   */
  public static Cell measure(Target t, String op, int threads, double seconds)
      throws Exception {
    long warmNanos = (long) (seconds / 3 * 1e9);
    long runNanos = (long) (seconds * 1e9);
    int cap = 2_000_000 / threads; // bounds memory whatever the speed
    long[][] lat = new long[threads][];
    int[] counts = new int[threads];
    long[] totals = new long[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int me = i;
      Thread w = new Thread(() -> {
        long[] mine = new long[cap];
        try (Connection c = t.connect(me)) {
          c.setAutoCommit(true);
          String sql = op.equals("select") ? "SELECT V FROM KV WHERE K = ?"
              : "UPDATE KV SET V = V + 1 WHERE K = ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ready.countDown();
            go.await();
            long start = System.nanoTime();
            long measureFrom = start + warmNanos;
            long end = measureFrom + runNanos;
            int n = 0;
            long done = 0;
            for (long k = 0; ; k++) {
              // each thread its own stripe of keys: no two threads touch one row
              ps.setLong(1, (me + threads * (k % (ROWS / threads))) % ROWS);
              long t0 = System.nanoTime();
              if (op.equals("select")) {
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    throw new IllegalStateException("key missing");
                  }
                }
              } else if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("update count is not 1");
              }
              long t1 = System.nanoTime();
              if (t0 >= measureFrom) {
                if (t1 > end) {
                  break;
                }
                if (n < cap) {
                  mine[n++] = t1 - t0;
                }
                done++;
              }
            }
            lat[me] = mine;
            counts[me] = n;
            totals[me] = done;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          ready.countDown();
        }
      }, "bench-client-" + i);
      workers.add(w);
      w.start();
    }
    ready.await();
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(t.name() + " " + op + " with " + threads + " threads failed",
          failure.get());
    }
    int total = 0;
    long statements = 0;
    for (int i = 0; i < threads; i++) {
      total += counts[i];
      statements += totals[i];
    }
    long[] all = new long[total];
    int at = 0;
    for (int i = 0; i < threads; i++) {
      System.arraycopy(lat[i], 0, all, at, counts[i]);
      at += counts[i];
    }
    Arrays.sort(all);
    return new Cell(t.name(), t.durability(), op, threads, statements, seconds,
        pct(all, 0.5) / 1e3, pct(all, 0.99) / 1e3);
  }

  static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static void delete(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory; the OS cleans it
    }
  }
}
