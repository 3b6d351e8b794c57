package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transaction control and settings as SQL in the embedded driver (BEGIN, COMMIT, ROLLBACK,
 * SAVEPOINT, ROLLBACK TO, RELEASE, SET, SHOW), with PostgreSQL's rules and MTPO's two differences.
 */
class SqlTransactionControlTest {
  private String url;
  private Connection op;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:txsql-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
    exec(op, "CREATE TABLE t (k INTEGER PRIMARY KEY, v VARCHAR)");
  }

  @AfterEach
  void close() throws SQLException {
    op.close();
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private TreeSet<Integer> keysSeenByAnotherConnection() throws SQLException {
    try (Connection other = DriverManager.getConnection(url)) {
      return keys(other);
    }
  }

  private static TreeSet<Integer> keys(Connection c) throws SQLException {
    TreeSet<Integer> out = new TreeSet<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT k FROM t")) {
      while (r.next()) {
        out.add(r.getInt(1));
      }
    }
    return out;
  }

  private static SQLWarning lastWarning(Connection c) throws SQLException {
    SQLWarning w = c.getWarnings();
    while (w != null && w.getNextWarning() != null) {
      w = w.getNextWarning();
    }
    return w;
  }

  private static String show(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      assertTrue(r.next(), sql);
      String v = r.getString(1);
      assertFalse(r.next(), sql);
      return v;
    }
  }

  @Test
  void beginCommit_onAutoCommitConnection_isOneTrajectoryThenAutoCommitAgain() throws Exception {
    exec(op, "BEGIN");
    assertFalse(op.getAutoCommit());
    exec(op, "INSERT INTO t VALUES (1, 'a')");
    exec(op, "INSERT INTO t VALUES (2, 'b')");
    // Not private, as it would be in PostgreSQL: under MTPO a later (higher-rank) reader sees the
    // block's writes at once, speculatively, and is notified if they are undone.
    assertEquals(new TreeSet<>(List.of(1, 2)), keysSeenByAnotherConnection());
    exec(op, "COMMIT");
    assertTrue(op.getAutoCommit());
    assertEquals(new TreeSet<>(List.of(1, 2)), keysSeenByAnotherConnection());
  }

  @Test
  void beginRollback_undoesEveryStatementOfTheBlock() throws Exception {
    exec(op, "START TRANSACTION");
    exec(op, "INSERT INTO t VALUES (1, 'a')");
    exec(op, "UPDATE t SET v = 'x'");
    exec(op, "ROLLBACK");
    assertTrue(op.getAutoCommit());
    assertEquals(new TreeSet<>(), keys(op));
  }

  @Test
  void rollbackToSavepoint_keepsItAndDropsLaterOnes() throws Exception {
    exec(op, "BEGIN");
    exec(op, "INSERT INTO t VALUES (1, 'a')");
    exec(op, "SAVEPOINT a");
    exec(op, "INSERT INTO t VALUES (2, 'b')");
    exec(op, "SAVEPOINT b");
    exec(op, "INSERT INTO t VALUES (3, 'c')");
    exec(op, "ROLLBACK TO SAVEPOINT a");
    assertEquals(new TreeSet<>(List.of(1)), keys(op));
    SQLException gone = assertThrows(SQLException.class, () -> exec(op, "ROLLBACK TO b"));
    assertEquals("3B001", gone.getSQLState());
    assertTrue(gone.getMessage().contains("\"b\""), gone.getMessage());
    exec(op, "INSERT INTO t VALUES (4, 'd')");
    exec(op, "ROLLBACK TO a"); // a is kept after a rollback to it
    exec(op, "INSERT INTO t VALUES (5, 'e')");
    exec(op, "RELEASE SAVEPOINT a");
    assertEquals("3B001",
        assertThrows(SQLException.class, () -> exec(op, "ROLLBACK TO a")).getSQLState());
    exec(op, "COMMIT");
    assertEquals(new TreeSet<>(List.of(1, 5)), keysSeenByAnotherConnection());
  }

  @Test
  void sameSavepointNameTwice_newerShadowsOlder() throws Exception {
    exec(op, "BEGIN");
    exec(op, "SAVEPOINT s");
    exec(op, "INSERT INTO t VALUES (1, 'a')");
    exec(op, "SAVEPOINT s");
    exec(op, "INSERT INTO t VALUES (2, 'b')");
    exec(op, "ROLLBACK TO s");
    assertEquals(new TreeSet<>(List.of(1)), keys(op));
    exec(op, "RELEASE s");
    exec(op, "ROLLBACK TO s"); // the older s is still there
    assertEquals(new TreeSet<>(), keys(op));
    exec(op, "ROLLBACK");
  }

  @Test
  void commitWithoutTransaction_warns25P01_andBeginTwiceWarns25001() throws Exception {
    exec(op, "COMMIT");
    assertEquals("25P01", lastWarning(op).getSQLState());
    exec(op, "ROLLBACK");
    assertEquals("25P01", lastWarning(op).getSQLState());
    exec(op, "BEGIN");
    exec(op, "BEGIN");
    assertEquals("25001", lastWarning(op).getSQLState());
    exec(op, "INSERT INTO t VALUES (1, 'a')");
    exec(op, "COMMIT");
    assertEquals(new TreeSet<>(List.of(1)), keysSeenByAnotherConnection());
  }

  @Test
  void savepointOutsideTransaction_fails25P01() {
    for (String s : new String[] {"SAVEPOINT a", "ROLLBACK TO a", "RELEASE a"}) {
      SQLException e = assertThrows(SQLException.class, () -> exec(op, s), s);
      assertEquals("25P01", e.getSQLState(), s);
      assertTrue(e.getMessage().contains("BEGIN first"), e.getMessage());
    }
  }

  @Test
  void jdbcCommitInsideBlock_endsTheBlock() throws Exception {
    exec(op, "BEGIN");
    exec(op, "INSERT INTO t VALUES (1, 'a')");
    op.commit();
    assertTrue(op.getAutoCommit(), "the block ended with its trajectory");
    exec(op, "COMMIT");
    assertEquals("25P01", lastWarning(op).getSQLState());
  }

  @Test
  void agentConnection_sqlCommitEndsTrajectory_andBeginWarns() throws Exception {
    try (Connection a = DriverManager.getConnection(url + ";agent=writer")) {
      CoAgentConnection ca = a.unwrap(CoAgentConnection.class);
      assertFalse(a.getAutoCommit());
      exec(a, "BEGIN");
      assertEquals("25001", lastWarning(a).getSQLState());
      exec(a, "INSERT INTO t VALUES (7, 'a')");
      long first = ca.trajectoryId().orElseThrow();
      exec(a, "COMMIT");
      assertFalse(a.getAutoCommit(), "an agent connection stays in manual commit");
      assertEquals(new TreeSet<>(List.of(7)), keysSeenByAnotherConnection());
      exec(a, "INSERT INTO t VALUES (8, 'b')");
      assertNotEquals(first, ca.trajectoryId().orElseThrow());
      exec(a, "ROLLBACK");
      assertEquals(new TreeSet<>(List.of(7)), keysSeenByAnotherConnection());
    }
  }

  @Test
  void refusedSqlCommit_keepsTheBlockOpenForRepair() throws Exception {
    try (Connection low = DriverManager.getConnection(url + ";agent=low;rank=1");
        Connection high = DriverManager.getConnection(url + ";agent=high;rank=2")) {
      CoAgentConnection ch = high.unwrap(CoAgentConnection.class);
      exec(high, "BEGIN");
      assertEquals(new TreeSet<>(), keys(high));
      exec(high, "INSERT INTO t VALUES (2, 'high')");
      exec(low, "INSERT INTO t VALUES (1, 'low')"); // invalidates high's read: a notification
      SQLException refused = assertThrows(SQLException.class, () -> exec(high, "COMMIT"));
      assertEquals("MT004", refused.getSQLState(), refused.getMessage());
      assertFalse(high.getAutoCommit());
      for (var n : ch.pendingNotifications()) {
        ch.acknowledge(n.id());
      }
      exec(low, "COMMIT");
      exec(high, "COMMIT");
      assertEquals(new TreeSet<>(List.of(1, 2)), keysSeenByAnotherConnection());
    }
  }

  @Test
  void preparedControlStatement_runsEachTime_andOnReadOnlyConnection() throws Exception {
    try (PreparedStatement begin = op.prepareStatement("BEGIN");
        PreparedStatement commit = op.prepareStatement("COMMIT")) {
      for (int i = 0; i < 3; i++) {
        begin.execute();
        exec(op, "INSERT INTO t VALUES (" + i + ", 'x')");
        assertEquals(0, commit.executeUpdate());
      }
    }
    assertEquals(new TreeSet<>(List.of(0, 1, 2)), keysSeenByAnotherConnection());
    op.setReadOnly(true);
    exec(op, "BEGIN");
    exec(op, "COMMIT");
  }

  @Test
  void setAndShow_recordAndReportSessionSettings() throws Exception {
    assertEquals("serializable", show(op, "SHOW TRANSACTION ISOLATION LEVEL"));
    exec(op, "SET application_name = 'planner'");
    assertEquals("planner", show(op, "SHOW application_name"));
    exec(op, "SET TIME ZONE 'Europe/Paris'");
    assertEquals("Europe/Paris", show(op, "SHOW TIME ZONE"));
    exec(op, "SET timezone TO DEFAULT");
    assertEquals("UTC", show(op, "show timezone"));
    exec(op, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED"); // MTPO regardless
    List<String> all = new ArrayList<>();
    try (Statement s = op.createStatement(); ResultSet r = s.executeQuery("SHOW ALL")) {
      assertEquals("name", r.getMetaData().getColumnLabel(1));
      assertEquals("setting", r.getMetaData().getColumnLabel(2));
      while (r.next()) {
        all.add(r.getString(1) + "=" + r.getString(2));
      }
    }
    assertTrue(all.contains("application_name=planner"), all.toString());
    SQLException e = assertThrows(SQLException.class, () -> show(op, "SHOW no_such_setting"));
    assertEquals("42704", e.getSQLState());
    assertTrue(e.getMessage().contains("no_such_setting"), e.getMessage());
    try (Connection fresh = DriverManager.getConnection(url)) {
      assertEquals("", show(fresh, "SHOW application_name"), "settings are per connection");
    }
  }

  @Test
  void malformedControl_failsWithSyntaxError_andConnectionStaysUsable() throws Exception {
    for (String s : new String[] {"SAVEPOINT", "COMMIT now", "BEGIN READ ONLY", "SET x"}) {
      SQLException e = assertThrows(SQLException.class, () -> exec(op, s), s);
      assertTrue(e.getSQLState().equals("42601") || e.getSQLState().equals("0A000"), s);
      assertNull(op.getWarnings());
    }
    exec(op, "INSERT INTO t VALUES (1, 'a')");
    assertEquals(new TreeSet<>(List.of(1)), keysSeenByAnotherConnection());
  }

  /**
   * Random control statements and inserts against a model of PostgreSQL's rules: committed keys,
   * the block's keys, and a stack of savepoints (each the set of block keys when it was set).
   */
  @Test
  void randomControlSequences_matchTheModel() throws Exception {
    long seed = Long.getLong("coagent.seed", System.nanoTime());
    System.out.println("SqlTransactionControlTest seed " + seed);
    Random rnd = new Random(seed);
    TreeSet<Integer> committed = new TreeSet<>();
    TreeSet<Integer> block = null;
    List<String> names = new ArrayList<>();
    List<TreeSet<Integer>> marks = new ArrayList<>();
    int next = 0;
    for (int step = 0; step < 400; step++) {
      int pick = rnd.nextInt(8);
      String what;
      String failState = null;
      if (pick <= 2) {
        what = "INSERT INTO t VALUES (" + next + ", 's')";
        (block == null ? committed : block).add(next++);
      } else if (pick == 3) {
        what = "BEGIN";
        if (block == null) {
          block = new TreeSet<>(committed);
        }
      } else if (pick == 4) {
        what = rnd.nextBoolean() ? "COMMIT" : "END";
        if (block != null) {
          committed = block;
        }
        block = null;
        names.clear();
        marks.clear();
      } else if (pick == 5) {
        what = "ROLLBACK";
        block = null;
        names.clear();
        marks.clear();
      } else {
        String name = "s" + rnd.nextInt(3);
        int at = names.lastIndexOf(name);
        if (pick == 6) {
          what = "SAVEPOINT " + name;
          if (block == null) {
            failState = "25P01";
          } else {
            names.add(name);
            marks.add(new TreeSet<>(block));
          }
        } else if (rnd.nextBoolean()) {
          what = "ROLLBACK TO SAVEPOINT " + name;
          if (block == null) {
            failState = "25P01";
          } else if (at < 0) {
            failState = "3B001";
          } else {
            block = new TreeSet<>(marks.get(at));
            names.subList(at + 1, names.size()).clear();
            marks.subList(at + 1, marks.size()).clear();
          }
        } else {
          what = "RELEASE " + name;
          if (block == null) {
            failState = "25P01";
          } else if (at < 0) {
            failState = "3B001";
          } else {
            names.subList(at, names.size()).clear();
            marks.subList(at, marks.size()).clear();
          }
        }
      }
      String context = "seed " + seed + " step " + step + ": " + what;
      if (failState != null) {
        String state = assertThrows(SQLException.class, () -> exec(op, what), context)
            .getSQLState();
        assertEquals(failState, state, context);
      } else {
        exec(op, what);
      }
      assertEquals(block == null, op.getAutoCommit(), context);
      assertEquals(block == null ? committed : block, keys(op), context);
      if (block == null) {
        assertEquals(committed, keysSeenByAnotherConnection(), context);
      }
    }
  }
}
