package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.CoStore;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.TrajectoryState;
import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator (auto-commit) statements acknowledged but not yet committed when a file store stops
 * (closed under them here; CrashRecoveryTest does the same with kill -9): after reopen they
 * neither commit a stale result nor vanish.
 */
class RecoveredOperatorTest {
  @TempDir Path dir;

  private String url;

  private void closeStoreUnderConnections() throws Exception {
    Stores.close(JdbcUrl.parse(url, null).address()); // as a crash: nothing ends, nothing commits
  }

  private Connection setUp() throws Exception {
    url = "jdbc:coagent:file:" + dir.resolve("op.mv.db").toAbsolutePath();
    Connection op = DriverManager.getConnection(url);
    update(op, "CREATE TABLE counter (id INTEGER PRIMARY KEY, total INTEGER)");
    update(op, "INSERT INTO counter VALUES (1, 0)");
    return op;
  }

  @Test
  void recoveredOperatorWrite_onARolledBackAgentWrite_isReRun_notCommittedStale()
      throws Exception {
    Connection op = setUp();
    Connection agent = DriverManager.getConnection(url + ";agent=adder");
    agent.setAutoCommit(false);
    update(agent, "UPDATE counter SET total = total + 10 WHERE id = 1");
    update(op, "UPDATE counter SET total = total + 5 WHERE id = 1"); // returns; waits for adder
    closeStoreUnderConnections();
    try (Connection op2 = DriverManager.getConnection(url);
        Connection back = DriverManager.getConnection(url + ";agent=adder")) {
      back.rollback(); // the agent rejoins its recovered trajectory and rolls it back
      awaitNoActive(op2);
      assertFiveAndCertified(op2, "serial order: the agent's +10 never happened, the "
          + "operator's +5 did");
    } finally {
      quietly(agent);
      quietly(op);
    }
  }

  @Test
  void recoveredOperatorStatement_undoneForARepairBeforeTheCrash_isReRun_notLost()
      throws Exception {
    Connection op = setUp();
    Connection agent = DriverManager.getConnection(url + ";agent=holder");
    agent.setAutoCommit(false);
    update(agent, "INSERT INTO counter VALUES (2, 0)"); // a lower rank keeps the operator waiting
    update(op, "UPDATE counter SET total = total + 5 WHERE id = 1"); // acknowledged
    CoStore store = Stores.open(JdbcUrl.parse(url, null).address()).store();
    TrajectoryInfo operator = store.trajectories().stream()
        .filter(t -> t.state() == TrajectoryState.ACTIVE
            && t.agent().startsWith(CoStore.OPERATOR_PREFIX)).findFirst().orElseThrow();
    Trajectory t = store.active(operator.agent()).orElseThrow();
    for (io.coagent.engine.OperationInfo o : t.operations()) {
      t.undo(o.id()); // the repair's durable undo; the crash comes before its re-run
    }
    assertTrue(t.operations().stream().allMatch(o -> o.state() == io.coagent.engine.OpState.UNDONE));
    Stores.release(JdbcUrl.parse(url, null).address());
    closeStoreUnderConnections();
    try (Connection op2 = DriverManager.getConnection(url);
        Connection back = DriverManager.getConnection(url + ";agent=holder")) {
      back.commit();
      awaitNoActive(op2);
      assertEquals(List.of("1|5", "2|0"), rows(op2, "SELECT * FROM counter ORDER BY id"),
          "the acknowledged +5 is committed after reopen");
    } finally {
      quietly(agent);
      quietly(op);
    }
  }

  /**
   * The operator reads an agent's write whose statement has not completed (MTPO applies writes at
   * once; its record is put at completion), and the store stops before it does: the write is not
   * recovered, so the operator's acknowledged +5 was computed on a value that never existed.
   * Recovery notifies it, and it is re-run on the recovered value (engine.md, "Changes a
   * recovered read saw that the crash lost").
   */
  @Test
  void recoveredOperatorWrite_onAnAgentWriteLostWithTheStore_isReRun_notCommittedStale()
      throws Exception {
    Connection op = setUp();
    CoStore store = Stores.open(JdbcUrl.parse(url, null).address()).store();
    Trajectory adder = store.begin("adder");
    io.coagent.engine.Operation inFlight = adder.begin(io.coagent.engine.OpKind.UPDATE,
        "UPDATE counter SET total = total + 10 WHERE id = 1");
    inFlight.put("COUNTER", new Object[] {1, 10}); // applied, its statement not completed
    update(op, "UPDATE counter SET total = total + 5 WHERE id = 1"); // reads 10: acknowledged
    Stores.release(JdbcUrl.parse(url, null).address());
    closeStoreUnderConnections(); // the agent's statement never completes: never logged
    try (Connection op2 = DriverManager.getConnection(url);
        Connection back = DriverManager.getConnection(url + ";agent=adder")) {
      back.commit(); // the agent rejoins (nothing of its statement survived) and commits
      awaitNoActive(op2);
      assertFiveAndCertified(op2, "the operator's +5 is re-run on the recovered 0, not "
          + "committed as 15");
    } finally {
      quietly(op);
    }
  }

  private static void assertFiveAndCertified(Connection op, String why) throws Exception {
    assertEquals("5", one(op, "SELECT total FROM counter WHERE id = 1"), why);
    List<String> verify = rows(op, "CALL SYS.VERIFY()");
    assertTrue(verify.get(0).startsWith("SUMMARY|true|true"), verify.toString());
  }

  private static void awaitNoActive(Connection op) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!rows(op, "SELECT AGENT FROM SYS.TRAJECTORIES WHERE STATE = 'ACTIVE'").isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "trajectories stay active: "
          + rows(op, "SELECT AGENT, STATE FROM SYS.TRAJECTORIES"));
      Thread.sleep(20);
    }
  }

  private static void quietly(Connection c) {
    try {
      c.close();
    } catch (Exception e) {
      // the store under it was closed: nothing to release
    }
  }
}
