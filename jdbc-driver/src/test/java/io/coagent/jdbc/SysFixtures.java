package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Helpers shared by the system-table, UNDO_SQL and procedure tests. */
final class SysFixtures {
  private SysFixtures() {}

  @FunctionalInterface
  interface SqlAction {
    void run() throws SQLException;
  }

  static String newStore(String prefix) {
    return "jdbc:coagent:mem:" + prefix + "-" + UUID.randomUUID();
  }

  static Connection agent(String url, String name) throws SQLException {
    return DriverManager.getConnection(url + ";agent=" + name);
  }

  static int update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  /** Rows as "a|b|c" strings (getString of every column). */
  static List<String> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return SqlBasicsTest.rows(rs);
    }
  }

  static String one(Connection c, String sql) throws SQLException {
    List<String> r = rows(c, sql);
    assertEquals(1, r.size(), "one row expected from " + sql + ", got " + r);
    return r.get(0);
  }

  /** The UNDO_SQL of the connection's latest write operation. */
  static String lastUndo(Connection c) throws SQLException {
    return one(c, "SELECT UNDO_SQL FROM SYS.OPERATIONS WHERE OP_ID = (SELECT max(OP_ID) FROM "
        + "SYS.OPERATIONS WHERE KIND IN ('INSERT', 'UPDATE', 'DELETE'))");
  }

  /** The latest operation id of the connection's agent. */
  static long lastOp(Connection c) throws SQLException {
    return Long.parseLong(one(c, "SELECT max(OP_ID) FROM SYS.OPERATIONS"));
  }

  /** Asserts that {@code action} fails with {@code state} and a message containing each word. */
  static SQLException fails(String state, SqlAction action, String... words) {
    SQLException e = assertThrows(SQLException.class, action::run);
    assertEquals(state, e.getSQLState(), e.getMessage());
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "message lacks '" + w + "': " + e.getMessage());
    }
    return e;
  }

  /** Sorted rows of a table, for before/after comparisons. */
  static List<String> state(Connection c, String table) throws SQLException {
    List<String> r = new ArrayList<>(rows(c, "SELECT * FROM " + table));
    r.sort(null);
    return r;
  }
}
