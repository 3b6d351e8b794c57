package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad statement text at the driver boundary: whatever the SQL layer does with it, the caller gets
 * a result or a SQLException with a SQLState, never a runtime exception or an error (the
 * statements come from the review of 2026-12-03, "Bad input"). The connection stays usable.
 */
class BadStatementsTest {
  private String url;
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:badsql-" + UUID.randomUUID();
    c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t1 (a INTEGER PRIMARY KEY, b INTEGER, e INTEGER)");
      s.executeUpdate("INSERT INTO t1 VALUES (1, 2, 3)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private static String sum(int terms) {
    StringBuilder b = new StringBuilder("SELECT a");
    for (int i = 0; i < terms; i++) {
      b.append(" + 1");
    }
    return b.append(" FROM t1").toString();
  }

  @Test
  void malformedStatements_failWithSqlStates_andTheConnectionStaysUsable() throws SQLException {
    List<String> bad = List.of(
        "SELECT b, EXISTS e FROM t1",
        "CREATE TABLE d (c INTEGER, c INTEGER)",
        "SELEC 1",
        "SELECT a FROM t1 WHERE",
        "SELECT 1/0 FROM t1",
        "SELECT CAST('x' AS INTEGER) FROM t1",
        "INSERT INTO t1 VALUES (1, 2, 3)",
        "INSERT INTO nowhere VALUES (1)",
        "UPDATE t1 SET zz = 1",
        "SELECT * FROM t1 WHERE a = ?",
        "",
        ";",
        "\u0000",
        sum(1500),
        sum(5000));
    for (String sql : bad) {
      String shown = sql.length() > 60 ? sql.substring(0, 60) + "..." : sql;
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        } catch (SQLException e) {
          assertNotNull(e.getSQLState(), shown + ": " + e);
          assertEquals(5, e.getSQLState().length(), shown + ": " + e);
          assertNotNull(e.getMessage(), shown);
        }
      }, shown);
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT b FROM t1")) {
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
    }
  }

  @Test
  void deeplyNestedExpressions_failAsTooComplex_notAsInternal() throws SQLException {
    StringBuilder b = new StringBuilder("SELECT ");
    int depth = 20_000;
    b.append("(".repeat(depth)).append("a").append(")".repeat(depth)).append(" FROM t1");
    try (Statement s = c.createStatement()) {
      s.executeQuery(b.toString());
    } catch (SQLException e) {
      assertNotNull(e.getSQLState(), e.toString());
      assertTrue(!e.getSQLState().equals("XX000"), e.getSQLState() + " " + e.getMessage());
    }
  }

  @Test
  void badParameterUse_failsWithSqlStates() throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT b FROM t1 WHERE a = ?")) {
      assertEquals("07001", state(() -> p.executeQuery()));
      assertEquals("07009", state(() -> p.setInt(2, 1)));
      assertEquals("07009", state(() -> p.setInt(0, 1)));
      assertEquals("22004", state(() -> p.setObject(1, 1, (java.sql.SQLType) null)));
      p.setObject(1, 1, java.sql.JDBCType.INTEGER);
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("07009", state(() -> rs.getInt(9)));
        assertEquals("42S22", state(() -> rs.getInt("nope")));
        assertEquals("22004", state(() -> rs.getObject(1, (Class<?>) null)));
      }
    }
    try (Statement s = c.createStatement()) {
      assertEquals("22004", state(() -> s.execute(null)));
      assertEquals("22004", state(() -> s.enquoteLiteral(null)));
      assertEquals("42602", state(() -> s.enquoteIdentifier("a\"b", false)));
      assertEquals("22023", state(() -> s.setMaxRows(-1)));
      assertEquals("22023", state(() -> s.setFetchSize(-1)));
      assertEquals("'it''s'", s.enquoteLiteral("it's"));
    }
  }

  @FunctionalInterface
  private interface SqlCall {
    void run() throws SQLException;
  }

  private static String state(SqlCall call) {
    try {
      call.run();
    } catch (SQLException e) {
      assertNotNull(e.getMessage());
      return e.getSQLState();
    }
    throw new AssertionError("expected a SQLException");
  }
}
