package io.coagent.samples.runner;

import io.coagent.jdbc.CoAgentConnection;
import io.coagent.samples.peers.Peers;
import io.coagent.samples.sim.AgentSession;
import io.coagent.samples.sim.Store;
import io.coagent.samples.workloads.Workloads;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stores' own costs, measured outside the simulated agents: notification latency in process
 * (from just before a lower rank's UPDATE is sent to the moment the higher-rank reader's
 * {@code NotificationListener} runs, embedded store) and per-statement overhead (a point SELECT by
 * primary key, round trip included) on every backend of the run.
 *
 * <p>Design: each latency sample is one fresh pair of trajectories on one key: the writer takes
 * the lower rank, the reader the higher one and reads the row, then the writer updates it; both
 * roll back. Samples are sorted for the percentiles; the first {@link #WARMUP} are dropped.
 */
public final class StoreCosts {
  static final int WARMUP = 50;

  /**
   * Latency percentiles in microseconds, mean per-statement time per backend, and the heap an agent
   * connection costs idle and with an active trajectory ({@link Heap}).
   */
  public record Costs(int samples, double p50Micros, double p99Micros, double maxMicros,
      Map<String, Double> statementMicros, Heap heap) {}

  /**
   * Retained heap in bytes per agent, embedded store, after full GCs: {@code perConnection} an
   * open agent connection with {@link #TRAJECTORY}'s statements prepared and planned once (its
   * plan cache included) and no trajectory open, {@code perTrajectory} what its active trajectory
   * adds after running them (their operations, footprints and versions).
   */
  public record Heap(int agents, double perConnection, double perTrajectory) {
    String line() {
      return String.format(java.util.Locale.ROOT, "heap per agent (%d agents, embedded):"
          + " %.1f KB a connection, %.1f KB an active trajectory of %d statements", agents,
          perConnection / 1024, perTrajectory / 1024, TRAJECTORY.size());
    }
  }

  /** The trajectory of the heap probe: three point reads, a ten-row scan, two updates. */
  static final List<String> TRAJECTORY = List.of("SELECT V FROM T WHERE K = %d",
      "SELECT V FROM T WHERE K = %d + 1", "SELECT V FROM T WHERE K = %d + 2",
      "SELECT SUM(V) FROM T WHERE K BETWEEN %d AND %d + 9",
      "UPDATE T SET V = V + 1 WHERE K = %d", "UPDATE T SET V = V + 1 WHERE K = %d + 1");

  private StoreCosts() {}

  /** Runs the probe alone: {@code StoreCosts [samples]} (server and PostgreSQL if installed). */
  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    try (Peers peers = new Peers()) {
      peers.startServer(10);
      if (io.coagent.samples.peers.PostgresCluster.find().isPresent()) {
        peers.startPostgres(10, 10);
      }
      Costs k = measure(samples, peers);
      System.out.printf(java.util.Locale.ROOT, "notification latency in process: p50 %.1f us,"
          + " p99 %.1f us, max %.1f us (%d samples)%n", k.p50Micros(), k.p99Micros(),
          k.maxMicros(), k.samples());
      k.statementMicros().forEach((b, us) -> System.out.printf(java.util.Locale.ROOT,
          "point SELECT by key, %s: %.1f us%n", b, us));
      System.out.println(k.heap().line());
    }
  }

  public static Costs measure(int samples, Peers peers) throws Exception {
    double[] lat = notificationLatency(samples);
    Map<String, Double> stmt = new LinkedHashMap<>();
    stmt.put("coagent", statementMicros(Store.embedded(Workloads.all().get(0), 1), samples));
    int network = Math.max(50, samples / 10); // a round trip each: fewer samples suffice
    if (peers.hasServer()) {
      stmt.put("coagent-server", statementMicros(peers.serverStore(Workloads.all().get(0), 1),
          network));
    }
    if (peers.hasPostgres()) {
      stmt.put("postgres", statementMicros(peers.postgresStore(Workloads.all().get(0), 1),
          network));
    }
    return new Costs(lat.length, percentile(lat, 0.5), percentile(lat, 0.99),
        lat[lat.length - 1], stmt, heap(samples >= 1000 ? 200 : 50));
  }

  /**
   * {@code agents} agent connections on one store of 10,000 rows: the heap after they connect and
   * plan {@link #TRAJECTORY} (run once and rolled back), and after each has run it again on its
   * own keys and left its trajectory active. Used
   * heap is read after {@code System.gc()} until it stops falling (at most 10 rounds), so it is
   * what is retained, not garbage; a JVM that ignores {@code System.gc()} gives noise, not a bias.
   */
  static Heap heap(int agents) throws SQLException {
    String url = "jdbc:coagent:mem:heap-" + UUID.randomUUID();
    List<Connection> open = new java.util.ArrayList<>();
    try (Connection setup = DriverManager.getConnection(url + ";agent=setup")) {
      try (Statement s = setup.createStatement()) {
        s.executeUpdate("CREATE TABLE T (K BIGINT PRIMARY KEY, V BIGINT)");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
          b.append(b.length() == 0 ? "INSERT INTO T VALUES " : ", ").append('(').append(i)
              .append(", 0)");
          if (i % 1000 == 999) {
            s.executeUpdate(b.toString());
            b.setLength(0);
          }
        }
      }
      setup.commit();
      long base = usedHeap();
      List<List<PreparedStatement>> plans = new java.util.ArrayList<>();
      for (int i = 0; i < agents; i++) {
        Connection c = DriverManager.getConnection(url + ";agent=heap-" + i);
        open.add(c);
        List<PreparedStatement> mine = new java.util.ArrayList<>();
        for (String sql : TRAJECTORY) {
          mine.add(c.prepareStatement(sql.replace("%d", "?")));
        }
        plans.add(mine);
        run(mine, 9_990 - (i % 100)); // plans made and cached: they count to the connection
        c.rollback();
      }
      long connected = usedHeap();
      for (int i = 0; i < agents; i++) {
        run(plans.get(i), (i * 37) % 9_000);
      }
      long active = usedHeap();
      return new Heap(agents, (double) (connected - base) / agents,
          (double) (active - connected) / agents);
    } finally {
      for (Connection c : open) {
        try {
          c.rollback();
          c.close();
        } catch (SQLException e) {
          // the store closes with the last connection
        }
      }
    }
  }

  private static void run(List<PreparedStatement> statements, int key) throws SQLException {
    for (PreparedStatement ps : statements) {
      int marks = ps.getParameterMetaData().getParameterCount();
      for (int m = 1; m <= marks; m++) {
        ps.setLong(m, key);
      }
      ps.execute();
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = rt.totalMemory() - rt.freeMemory();
      if (used >= last - 4096) {
        return Math.min(used, last);
      }
      last = used;
    }
    return last;
  }

  static double percentile(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** Sorted latencies in microseconds. */
  static double[] notificationLatency(int samples) throws SQLException, InterruptedException {
    String url = "jdbc:coagent:mem:latency-" + UUID.randomUUID();
    try (Connection setup = DriverManager.getConnection(url + ";agent=setup");
        Connection w = DriverManager.getConnection(url + ";agent=writer");
        Connection r = DriverManager.getConnection(url + ";agent=reader")) {
      try (Statement s = setup.createStatement()) {
        s.executeUpdate("CREATE TABLE T (K BIGINT PRIMARY KEY, V BIGINT)");
        s.executeUpdate("INSERT INTO T VALUES (1, 0)");
      }
      setup.commit();
      w.rollback();
      r.rollback();
      AtomicLong heard = new AtomicLong();
      java.util.concurrent.Semaphore signal = new java.util.concurrent.Semaphore(0);
      r.unwrap(CoAgentConnection.class).setNotificationListener(n -> {
        if (heard.compareAndSet(0, System.nanoTime())) {
          signal.release();
        }
      });
      AgentSession ws = new AgentSession(w);
      AgentSession rs = new AgentSession(r);
      double[] out = new double[samples];
      try (PreparedStatement read = r.prepareStatement("SELECT V FROM T WHERE K = 1");
          PreparedStatement write = w.prepareStatement("UPDATE T SET V = ? WHERE K = 1")) {
        for (int i = -WARMUP; i < samples; i++) {
          ws.takePlace();
          rs.takePlace();
          try (ResultSet x = read.executeQuery()) {
            x.next();
          }
          heard.set(0);
          write.setLong(1, i + WARMUP + 1L);
          long t0 = System.nanoTime();
          write.executeUpdate();
          // blocks rather than spins: on a loaded machine a spinning waiter takes the core the
          // listener thread needs
          if (!signal.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("no notification within 1 s of the lower-rank write");
          }
          if (i >= 0) {
            out[i] = (heard.get() - t0) / 1e3;
          }
          w.rollback();
          r.rollback();
        }
      }
      Arrays.sort(out);
      return out;
    }
  }

  /** Mean microseconds of a committed point SELECT by key on {@code store}. */
  static double statementMicros(Store store, int samples) throws SQLException {
    try (store; Connection c = store.connect("probe")) {
      AgentSession s = new AgentSession(c, store.versioned());
      s.abortQuietly();
      try (Statement st = c.createStatement()) {
        st.executeUpdate("CREATE TABLE PROBE (K BIGINT PRIMARY KEY, V BIGINT)");
        st.executeUpdate("INSERT INTO PROBE VALUES (1, 1)");
      }
      c.commit();
      long total = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT V FROM PROBE WHERE K = ?")) {
        for (int i = -WARMUP; i < samples; i++) {
          ps.setLong(1, 1);
          long t0 = System.nanoTime();
          try (ResultSet x = ps.executeQuery()) {
            x.next();
          }
          if (i >= 0) {
            total += System.nanoTime() - t0;
          }
          if (i % 50 == 0) {
            c.commit();
          }
        }
      }
      c.commit();
      return total / 1e3 / samples;
    }
  }
}
