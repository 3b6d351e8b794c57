package io.coagent.jdbc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;

/**
 * The process that {@link CrashRecoveryTest} kills with {@code kill -9} at a random point. Opens
 * the file store (prints {@code OPENING} before: recovery runs then), prints {@code OPEN}, prepares
 * its statements, prints {@code READY}, then runs until killed (or, run in this JVM by {@link
 * #runInProcess}, until stopped):
 *
 * <ul>
 *   <li>two agent threads, each a loop of trajectories: insert a ledger row {@code (id, amount)},
 *       insert a scratch row {@code (-id, 999)} and undo it, add {@code amount} to COUNTER 1, then
 *       commit (prints {@code C id} once {@code commit()} returned) or add 10 to OPC 1 (under
 *       the operators' increments) and roll back (prints {@code R id} once {@code rollback()}
 *       returned); a failed commit (a notification) rolls back;
 *   <li>one operator thread, auto-commit statements: {@code UPDATE opc SET v = v + 1} (prints
 *       {@code o k} before, {@code O k} after {@code executeUpdate} returned) and {@code INSERT
 *       INTO oplog VALUES (k)} (prints {@code L k} after it returned);
 *   <li>one compactor thread: every 50 to 400 ms {@code CALL SYS.COMPACT_HISTORY(cutoff)} with
 *       the cutoff now (prints {@code COMPACTING} before, {@code K ms} after), so the parent can
 *       kill it while compaction removes versions and rewrites the log's records.
 * </ul>
 *
 * <p>Args: store file, url properties (";durability=..." or ""), id base, seed. Every line is
 * flushed before the next statement starts, so what the parent reads was acknowledged.
 */
public final class CrashChildProcess {
  private static final PrintStream OUT =
      new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
          StandardCharsets.UTF_8);

  private CrashChildProcess() {}

  /** Where the lines go: stdout in the child; {@link #runInProcess} collects them. */
  private static volatile java.util.function.Consumer<String> sink = line -> {
    OUT.println(line);
    OUT.flush();
  };
  /** Set by an in-process run to end the threads' loops; never set in the child process. */
  private static volatile boolean stop;

  /** The tables the workload runs on, with COUNTER 1 and OPC 1 at 0. */
  static void createSchema(Connection op) throws SQLException {
    for (String sql : List.of("CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount INTEGER)",
        "CREATE TABLE counter (id INTEGER PRIMARY KEY, total BIGINT)",
        "CREATE TABLE opc (id INTEGER PRIMARY KEY, v BIGINT)",
        "CREATE TABLE oplog (k BIGINT PRIMARY KEY)",
        "INSERT INTO counter VALUES (1, 0)",
        "INSERT INTO opc VALUES (1, 0)")) {
      try (java.sql.Statement s = op.createStatement()) {
        s.executeUpdate(sql);
      }
    }
  }

  static synchronized void say(String line) {
    sink.accept(line);
  }

  /**
   * Runs the same four threads in this JVM (no kill: {@code OperatorDriftTest}) for {@code millis}
   * after READY, then stops them (each finishes its statement or trajectory, so an agent commits or
   * rolls back) and returns every line they printed.
   */
  static List<String> runInProcess(String url, long base, long seed, long millis)
      throws Exception {
    List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    sink = lines::add;
    stop = false;
    try (Connection keep = DriverManager.getConnection(url)) {
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
      CyclicBarrier ready = new CyclicBarrier(4, () -> {
        say("READY");
        started.countDown();
      });
      List<Thread> threads = List.of(
          new Thread(() -> agent(url, "agent-a", base, new Random(seed), ready)),
          new Thread(() -> agent(url, "agent-b", base + 50_000, new Random(seed + 1), ready)),
          new Thread(() -> operator(base, keep, ready)),
          new Thread(() -> compactor(url, new Random(seed + 2), ready)));
      threads.forEach(Thread::start);
      started.await();
      Thread.sleep(millis);
      stop = true;
      for (Thread t : threads) {
        t.join(60_000);
      }
    }
    return new java.util.ArrayList<>(lines);
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:coagent:file:" + args[0] + args[1];
    long base = Long.parseLong(args[2]);
    long seed = Long.parseLong(args[3]);
    say("OPENING");
    Connection keep = DriverManager.getConnection(url); // recovery; holds the store open
    say("OPEN");
    CyclicBarrier ready = new CyclicBarrier(4, () -> say("READY"));
    Thread a = new Thread(() -> agent(url, "agent-a", base, new Random(seed), ready));
    Thread b = new Thread(() -> agent(url, "agent-b", base + 50_000, new Random(seed + 1),
        ready));
    Thread o = new Thread(() -> operator(base, keep, ready));
    Thread k = new Thread(() -> compactor(url, new Random(seed + 2), ready));
    a.start();
    b.start();
    o.start();
    k.start();
    Thread.sleep(600_000); // killed long before
  }

  /** Statements are prepared (planned) before: the kill window is spent on work, not warm-up. */
  private static void await(CyclicBarrier ready) {
    try {
      ready.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.BrokenBarrierException e) {
      say("E barrier " + e);
    }
  }

  private static void agent(String url, String name, long base, Random rnd,
      CyclicBarrier ready) {
    try (Connection c = DriverManager.getConnection(url + ";agent=" + name);
        PreparedStatement insert = c.prepareStatement("INSERT INTO ledger VALUES (?, ?)");
        PreparedStatement add = c.prepareStatement(
            "UPDATE counter SET total = total + ? WHERE id = 1");
        PreparedStatement under = c.prepareStatement("UPDATE opc SET v = v + 10 WHERE id = 1")) {
      c.setAutoCommit(false);
      await(ready);
      CoAgentConnection co = c.unwrap(CoAgentConnection.class);
      for (long n = 1; !stop; n++) {
        long id = base + n;
        int amount = 1 + rnd.nextInt(9);
        boolean commit = rnd.nextInt(4) != 0;
        try {
          insert.setLong(1, id);
          insert.setInt(2, amount);
          insert.executeUpdate();
          insert.setLong(1, -id);
          insert.setInt(2, 999);
          insert.executeUpdate();
          List<io.coagent.jdbc.Operation> ops = co.operations();
          co.undo(ops.get(ops.size() - 1).id());
          add.setInt(1, amount);
          add.executeUpdate();
          if (commit) {
            c.commit();
            say("C " + id);
          } else {
            // an uncommitted write under the operators' increments, then rolled back
            under.executeUpdate();
            Thread.sleep(20);
            c.rollback();
            say("R " + id);
          }
        } catch (SQLException e) {
          // a notification, a timeout: give up this trajectory (nothing acknowledged)
          say("X " + name + " " + e.getSQLState() + " " + e.getMessage());
          try {
            c.rollback();
            say("R " + id);
          } catch (SQLException again) {
            say("E " + name + " " + again);
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      say("E " + name + " " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void operator(long base, Connection c, CyclicBarrier ready) {
    try (PreparedStatement inc = c.prepareStatement("UPDATE opc SET v = v + 1 WHERE id = 1");
        PreparedStatement log = c.prepareStatement("INSERT INTO oplog VALUES (?)")) {
      await(ready);
      for (long k = base + 1; !stop; k++) {
        say("o " + k);
        inc.executeUpdate();
        say("O " + k);
        log.setLong(1, k);
        log.executeUpdate();
        say("L " + k);
        Thread.sleep(30);
      }
    } catch (SQLException | RuntimeException e) {
      say("E operator " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void compactor(String url, Random rnd, CyclicBarrier ready) {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement compact = c.prepareStatement("CALL SYS.COMPACT_HISTORY(?)")) {
      await(ready);
      while (!stop) {
        Thread.sleep(50 + rnd.nextInt(351));
        say("COMPACTING");
        long t = System.nanoTime();
        compact.setTimestamp(1, new java.sql.Timestamp(System.currentTimeMillis()));
        compact.execute();
        say("K " + (System.nanoTime() - t) / 1_000_000);
      }
    } catch (SQLException | RuntimeException e) {
      say("E compactor " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
