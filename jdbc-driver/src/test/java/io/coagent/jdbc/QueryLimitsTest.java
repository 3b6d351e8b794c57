package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * setQueryTimeout and cancel() end a runaway statement with 57014 and leave the trajectory
 * usable; the per-statement row budget ends one with 54000 (issue 9, section 4).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // before the fix these ran unbounded
class QueryLimitsTest {
  /** A cross join of 8 copies of 40 rows: 40^8 rows, far more than any test waits for. */
  private static final String RUNAWAY = "SELECT count(*) FROM t a, t b, t c, t d, t e, t f, t g,"
      + " t h WHERE a.v + b.v + c.v + d.v + e.v + f.v + g.v + h.v < 0";

  private Connection agent;

  @BeforeEach
  void open() throws SQLException {
    String url = "jdbc:coagent:mem:limits-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
      StringBuilder rows = new StringBuilder("INSERT INTO t VALUES (0, 0)");
      for (int i = 1; i < 40; i++) {
        rows.append(", (").append(i).append(", ").append(i).append(')');
      }
      s.execute(rows.toString());
    }
    agent = DriverManager.getConnection(url + ";agent=a;rank=100");
  }

  @AfterEach
  void close() throws SQLException {
    agent.close();
    System.clearProperty("coagent.query.maxRows");
  }

  /** The row budget for the test's statements (so a timeout test meets no budget first). */
  private static void maxRows(long rows) {
    System.setProperty("coagent.query.maxRows", Long.toString(rows));
  }

  private void assertTrajectoryUsable() throws SQLException {
    AgentTransactionsTest.update(agent, "INSERT INTO t VALUES (100, 5)");
    assertEquals(List.of("41"), AgentTransactionsTest.query(agent, "SELECT count(*) FROM t"));
    agent.commit();
  }

  @Test
  void queryTimeout_endsTheStatementWith57014() throws SQLException {
    maxRows(Long.MAX_VALUE);
    AgentTransactionsTest.update(agent, "UPDATE t SET v = 1 WHERE id = 1");
    try (Statement s = agent.createStatement()) {
      s.setQueryTimeout(1);
      assertEquals(1, s.getQueryTimeout());
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(RUNAWAY));
      assertEquals("57014", e.getSQLState(), e.toString());
    }
    assertEquals(List.of("1"), AgentTransactionsTest.query(agent, "SELECT v FROM t WHERE id = 1"),
        "the trajectory's earlier write survives the timed-out statement");
    assertTrajectoryUsable();
  }

  @Test
  void cancel_fromAnotherThread_endsTheStatementWith57014() throws Exception {
    maxRows(Long.MAX_VALUE);
    try (Statement s = agent.createStatement()) {
      CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() ->
          assertThrows(SQLException.class, () -> s.executeQuery(RUNAWAY)));
      SQLException e = null;
      for (int i = 0; i < 600 && e == null; i++) {
        s.cancel();
        try {
          e = running.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
          // cancel() before the statement started is a no-op; try again
        }
      }
      assertTrue(e != null, "cancel() did not end the statement within 60 s");
      assertEquals("57014", e.getSQLState(), e.toString());
    }
    assertTrajectoryUsable();
  }

  @Test
  void rowBudget_endsTheStatementWith54000() throws SQLException {
    maxRows(100_000);
    try (Statement s = agent.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(RUNAWAY));
      assertEquals("54000", e.getSQLState(), e.toString());
    }
    assertTrajectoryUsable();
  }

  @Test
  void negativeTimeout_isRefused() throws SQLException {
    try (Statement s = agent.createStatement()) {
      assertThrows(SQLException.class, () -> s.setQueryTimeout(-1));
    }
  }
}
