package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed, oversized and too-deep statements end in an SQLException of their class (issue 9,
 * section 6); no Error reaches the caller, and the connection keeps working afterwards.
 */
class BadInputTest {
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:coagent:mem:bad-" + UUID.randomUUID());
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t1 (a INTEGER PRIMARY KEY, b INTEGER, e INTEGER)");
      s.execute("INSERT INTO t1 VALUES (1, 2, 3)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private String failState(String sql) {
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
    });
    return e.getSQLState();
  }

  private void assertStillWorks() throws SQLException {
    assertEquals(List.of("1|2"), AgentTransactionsTest.query(c, "SELECT a, b FROM t1"));
  }

  private static String sum(String first, String term, int terms) {
    StringBuilder sb = new StringBuilder(first);
    for (int i = 1; i < terms; i++) {
      sb.append(" + ").append(term);
    }
    return sb.toString();
  }

  @Test
  void longSum_plansOnTheLargePlanningStack() throws SQLException {
    assertEquals(List.of("1501"),
        AgentTransactionsTest.query(c, "SELECT " + sum("a", "1", 1501) + " FROM t1"));
  }

  @Test
  void tooDeepExpression_isTooComplex54001() throws SQLException {
    assertEquals("54001", failState("SELECT " + sum("a", "1", 5000) + " FROM t1"));
    String nested = "(".repeat(20000) + "a" + ")".repeat(20000);
    assertEquals("54001", failState("SELECT " + nested + " FROM t1"));
    assertStillWorks();
  }

  @Test
  void existsOfAColumn_isASyntaxError() throws SQLException {
    assertEquals("42000", failState("SELECT b, EXISTS e FROM t1"));
    assertStillWorks();
  }

  @Test
  void hugeInList_runsOrIsTooComplex() throws SQLException {
    StringBuilder in = new StringBuilder("SELECT a FROM t1 WHERE b IN (0");
    for (int i = 1; i < 10000; i++) {
      in.append(", ").append(i);
    }
    in.append(')');
    try (Statement s = c.createStatement()) {
      assertEquals(List.of("1"), SqlBasicsTest.rows(s.executeQuery(in.toString())));
      System.out.println("IN list: ran");
    } catch (SQLException e) {
      System.out.println("IN list: " + e);
      assertEquals("54001", e.getSQLState(), e.toString());
    }
    assertStillWorks();
  }

  @Test
  void tableStatement_isUnknownTableOrUnsupported() throws SQLException {
    assertEquals("42S02", failState("TABLE t3"));
    assertEquals("0A000", failState("TABLE t1"), "TABLE t is not supported yet; SELECT * is");
    assertStillWorks();
  }

  @Test
  void scalarSubqueryOfSeveralRows_is21000() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO t1 VALUES (2, 4, 5)");
    }
    assertEquals("21000", failState("UPDATE t1 SET e = (SELECT b FROM t1) WHERE a = 1"));
    assertEquals("21000", failState("SELECT (SELECT b FROM t1) FROM t1"));
  }

  @Test
  void duplicateColumn_is42701() throws SQLException {
    assertEquals("42701", failState("CREATE TABLE d (c INTEGER, c INTEGER)"));
    assertStillWorks();
  }
}
