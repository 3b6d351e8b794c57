package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.CoStore;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.TrajectoryState;
import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator (auto-commit) statements: repair by re-execution, and store life cycle. */
class OperatorAutoCommitTest {
  @TempDir Path dir;

  private static long value(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static List<TrajectoryInfo> active(String url) throws Exception {
    CoStore store = Stores.open(JdbcUrl.parse(url, new java.util.Properties()).address()).store();
    Stores.release(JdbcUrl.parse(url, new java.util.Properties()).address());
    return store.trajectories().stream().filter(t -> t.state() == TrajectoryState.ACTIVE)
        .toList();
  }

  private static void awaitNoActive(String url) throws Exception {
    for (int i = 0; i < 500 && !active(url).isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertEquals(List.of(), active(url));
  }

  @Test
  void operatorReadModifyWrite_isReRun_whenALowerRankChangesWhatItRead() throws Exception {
    String url = "jdbc:coagent:mem:op-redo";
    try (Connection op = DriverManager.getConnection(url)) {
      op.createStatement().execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, val BIGINT)");
      op.createStatement().execute("INSERT INTO kv VALUES (1, 5)");
      awaitNoActive(url);
      Connection agent = DriverManager.getConnection(url + ";agent=fixer"); // rank below what follows
      agent.createStatement().execute("SELECT val FROM kv WHERE id = 1"); // agent begins first
      op.createStatement().executeUpdate("UPDATE kv SET val = val + 1 WHERE id = 1");
      assertEquals(6, value(op, "SELECT val FROM kv WHERE id = 1"), "returns at once, live");
      agent.createStatement().executeUpdate("UPDATE kv SET val = 100 WHERE id = 1");
      agent.commit();
      awaitNoActive(url);
      assertEquals(101, value(op, "SELECT val FROM kv WHERE id = 1"),
          "serial order: the agent's 100, then the operator's +1");
      agent.close();
    }
  }

  @Test
  void fileStore_closesWithItsLastConnection_andKeepsAgentsWork() throws Exception {
    Path file = dir.resolve("life.mv.db");
    String url = "jdbc:coagent:file:" + file;
    try (Connection c = DriverManager.getConnection(url + ";agent=writer")) {
      c.createStatement().execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR)");
      c.createStatement().execute("INSERT INTO notes VALUES (1, 'kept')");
      c.commit();
      c.createStatement().execute("INSERT INTO notes VALUES (2, 'in flight')");
    }
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      assertEquals("kept", s.readLive("NOTES", io.coagent.engine.Key.of(1)).get(1),
          "the file was released and holds the committed row");
      assertTrue(s.active("writer").isPresent(), "the agent's trajectory waits to be rejoined");
    }
    try (Connection c = DriverManager.getConnection(url + ";agent=writer")) {
      assertEquals(2, value(c, "SELECT COUNT(*) FROM notes"), "rejoined: its own row is visible");
      c.commit();
    }
  }

  @Test
  void operatorCommitPendingAtClose_isCommittedAfterReopen() throws Exception {
    Path file = dir.resolve("pending.mv.db");
    String url = "jdbc:coagent:file:" + file;
    try (Connection op = DriverManager.getConnection(url);
        Connection agent = DriverManager.getConnection(url + ";agent=slow")) {
      op.createStatement().execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      agent.createStatement().execute("SELECT COUNT(*) FROM t");
      op.createStatement().execute("INSERT INTO t VALUES (7)"); // waits for the agent to end
    }
    try (Connection agent = DriverManager.getConnection(url + ";agent=slow")) {
      agent.commit();
      awaitNoActive(url);
      assertEquals(1, value(agent, "SELECT COUNT(*) FROM t"));
      agent.commit();
    }
  }
}
