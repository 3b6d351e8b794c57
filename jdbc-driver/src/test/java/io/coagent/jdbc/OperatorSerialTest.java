package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.CoStore;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.TrajectoryState;
import io.coagent.engine.VerifyReport;
import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operator auto-commit against agents that commit or roll back at random: the ledger invariant
 * (counter = sum of the ledger) holds at the end, SYS.VERIFY is clean, and no operator trajectory
 * stays active once the agents have ended (the "lost updates with no crash" schedule).
 * Seeds are printed; {@code -Dcoagent.operatorSerial.seed=N} replays one. Prints the figures
 * (increments, time from the agents' end to no active trajectory), asserts none of them.
 */
class OperatorSerialTest {
  private static final int AGENTS = 3;
  /** Trajectories per agent; a longer sweep by {@code -Dcoagent.operatorSerial.rounds=N}. */
  private static final int ROUNDS_PER_AGENT =
      Integer.getInteger("coagent.operatorSerial.rounds", 25);
  /** Pause between operator statements, ms ({@code -Dcoagent.operatorSerial.intervalMs=5}). */
  private static final int INTERVAL_MS =
      Integer.getInteger("coagent.operatorSerial.intervalMs", 20);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"script", "single"})
  void operatorIncrements_stayEqualToTheLedger_whileAgentsCommitOrRollBackAtRandom(String form)
      throws Exception {
    long seed = Long.getLong("coagent.operatorSerial.seed", System.nanoTime());
    System.out.println("OperatorSerialTest " + form + " seed=" + seed);
    String url = "jdbc:coagent:mem:opserial-" + form + "-" + seed;
    try (Connection op = DriverManager.getConnection(url)) {
      try (Statement s = op.createStatement()) {
        s.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)");
        s.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, total INTEGER)");
        s.execute("INSERT INTO counter VALUES (1, 0)");
      }
      AtomicInteger ids = new AtomicInteger(1);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> agents = new ArrayList<>();
      for (int a = 0; a < AGENTS; a++) {
        Random r = new Random(seed + a);
        String name = "agent" + a;
        agents.add(new Thread(() -> runAgent(url, name, r, ids, failure), name));
      }
      Thread operator = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          while (!stop.get()) {
            int id = ids.getAndIncrement();
            if (form.equals("script")) {
              s.executeUpdate("INSERT INTO ledger VALUES (" + id + ", 1); "
                  + "UPDATE counter SET total = total + 1 WHERE id = 1");
            } else {
              s.executeUpdate("INSERT INTO ledger VALUES (" + id + ", 1)");
              s.executeUpdate("UPDATE counter SET total = total + 1 WHERE id = 1");
            }
            Thread.sleep(INTERVAL_MS);
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "operator");
      agents.forEach(Thread::start);
      operator.start();
      for (Thread t : agents) {
        t.join(120_000);
      }
      stop.set(true);
      operator.join(120_000);
      if (failure.get() != null) {
        throw new AssertionError("seed=" + seed + ": a client failed", failure.get());
      }
      CoStore store = store(url);
      // bound, not a performance figure: every lower rank has ended, so each operator trajectory
      // needs at most one repair round on the commit thread
      long drained = System.nanoTime();
      List<TrajectoryInfo> active = awaitNoActive(store, 30_000);
      long drainMillis = (System.nanoTime() - drained) / 1_000_000;
      assertEquals(List.of(), active, "seed=" + seed + ": operator trajectories still active "
          + "after every agent ended");
      long total = value(op, "SELECT total FROM counter WHERE id = 1");
      long sum = value(op, "SELECT COALESCE(SUM(amount), 0) FROM ledger");
      System.out.println("OperatorSerialTest " + form + " seed=" + seed + ": counter " + total
          + ", ledger sum " + sum + ", trajectories " + store.trajectories().size()
          + ", quiescent " + drainMillis + " ms after the load stopped");
      assertEquals(sum, total, "seed=" + seed + ": counter vs sum of the ledger");
      List<TrajectoryInfo> lost = store.trajectories().stream()
          .filter(t -> t.agent().startsWith(CoStore.OPERATOR_PREFIX))
          .filter(t -> t.state() != TrajectoryState.COMMITTED).toList();
      assertEquals(List.of(), lost, "seed=" + seed + ": acknowledged operator statements that "
          + "did not commit");
      VerifyReport v = store.verify();
      assertTrue(v.quiescent(), "seed=" + seed + ": " + v);
      assertEquals(List.of(), v.violations(), "seed=" + seed + ": SYS.VERIFY violations");
      assertTrue(v.ok(), "seed=" + seed + ": " + v);
    }
  }

  private static void runAgent(String url, String name, Random r, AtomicInteger ids,
      AtomicReference<Throwable> failure) {
    try (Connection c = DriverManager.getConnection(url + ";agent=" + name);
        Statement s = c.createStatement()) {
      for (int i = 0; i < ROUNDS_PER_AGENT && failure.get() == null; i++) {
        s.executeUpdate("INSERT INTO ledger VALUES (" + ids.getAndIncrement() + ", 1)");
        s.executeUpdate("UPDATE counter SET total = total + 1 WHERE id = 1");
        Thread.sleep(r.nextInt(30));
        if (r.nextBoolean()) {
          commitOrRepair(c);
        } else {
          c.rollback();
        }
      }
      c.rollback();
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
  }

  /** An agent that is told a lower rank changed what it read simply gives up its work. */
  private static void commitOrRepair(Connection c) throws SQLException {
    try {
      c.commit();
    } catch (SQLException e) {
      if (!"MT004".equals(e.getSQLState())) {
        throw e;
      }
      c.rollback();
    }
  }

  private static CoStore store(String url) throws SQLException {
    JdbcUrl u = JdbcUrl.parse(url, new java.util.Properties());
    CoStore store = Stores.open(u.address()).store();
    Stores.release(u.address());
    return store;
  }

  private static List<TrajectoryInfo> awaitNoActive(CoStore store, long boundMillis)
      throws InterruptedException {
    long end = System.currentTimeMillis() + boundMillis;
    List<TrajectoryInfo> active;
    do {
      active = store.trajectories().stream().filter(t -> t.state() == TrajectoryState.ACTIVE)
          .toList();
      if (active.isEmpty()) {
        return active;
      }
      Thread.sleep(20);
    } while (System.currentTimeMillis() < end);
    return active;
  }

  private static long value(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
