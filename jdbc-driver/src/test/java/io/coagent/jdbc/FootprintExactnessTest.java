package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A read's footprint is never narrower than its query (issue 9, section 5): what the compiled
 * predicate cannot prove exact widens the footprint, so results are exact and every write that
 * changes them notifies; and the DML rewrites keep subqueries and DECIMAL keys intact.
 */
class FootprintExactnessTest {
  private Connection low;
  private Connection high;

  @BeforeEach
  void open() throws SQLException {
    String url = "jdbc:coagent:mem:exact-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, d DOUBLE, note VARCHAR, seen TIMESTAMP)");
      s.execute("INSERT INTO t VALUES (1, 3.2, 'x', TIMESTAMP '2024-05-01 10:00:00'),"
          + " (2, 7.0, 'y', TIMESTAMP '2024-06-01 10:00:00'), (3, CAST(-0.0E0 AS DOUBLE), 'z', NULL)");
      s.execute("CREATE TABLE p (k DECIMAL PRIMARY KEY, v INTEGER)");
      s.execute("INSERT INTO p VALUES (1.5, 1), (2.25, 2)");
    }
    low = DriverManager.getConnection(url + ";agent=low;rank=1000");
    high = DriverManager.getConnection(url + ";agent=high;rank=2000");
  }

  @AfterEach
  void close() throws SQLException {
    low.close();
    high.close();
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    return AgentTransactionsTest.query(c, sql);
  }

  private void assertNoNotification() throws Exception {
    assertTrue(AgentTransactionsTest.co(high).await(Duration.ofMillis(300)).isEmpty(),
        "unexpected notification");
  }

  @Test
  void narrowingCastInWhere_keepsTheRowItMatches() throws SQLException {
    assertEquals(List.of("1"), query(high, "SELECT id FROM t WHERE CAST(d AS INTEGER) = 3"));
    assertEquals(List.of("1"), query(high, "SELECT id FROM t WHERE CAST(d AS BIGINT) = 3"));
    assertEquals(List.of("1"),
        query(high, "SELECT id FROM t WHERE CAST(d AS DECIMAL(5, 0)) = 3"));
  }

  @Test
  void lowerRankWrite_intoACastPredicate_notifiesTheReader() throws Exception {
    assertEquals(List.of("1"), query(high, "SELECT id FROM t WHERE CAST(d AS INTEGER) = 3"));
    AgentTransactionsTest.update(low, "UPDATE t SET d = 3.7 WHERE id = 2");
    assertEquals("2", AgentTransactionsTest.awaitNotification(high).key().get(0).toString());
  }

  @Test
  void deleteByACastPredicate_deletesWhatTheQueryMatches() throws SQLException {
    assertEquals(1, AgentTransactionsTest.update(high, "DELETE FROM t WHERE CAST(d AS INTEGER) = 3"));
    assertEquals(List.of("2", "3"), query(high, "SELECT id FROM t ORDER BY id"));
  }

  @Test
  void negativeZero_equalsZero() throws SQLException {
    assertEquals(List.of("3"), query(high, "SELECT id FROM t WHERE d = 0"));
    assertEquals(List.of("3"), query(high, "SELECT id FROM t WHERE d >= 0 AND d < 1"));
  }

  @Test
  void countStarWithoutWhere_readsRowExistenceOnly() throws Exception {
    assertEquals(List.of("3"), query(high, "SELECT count(*) FROM t"));
    AgentTransactionsTest.update(low, "UPDATE t SET note = 'changed' WHERE id = 1");
    assertNoNotification();
    AgentTransactionsTest.update(low, "INSERT INTO t VALUES (4, 1.0, 'w', NULL)");
    assertEquals("4", AgentTransactionsTest.awaitNotification(high).key().get(0).toString());
  }

  @Test
  void timestampLiteralComparison_isCompiled() throws Exception {
    assertEquals(List.of("2"),
        query(high, "SELECT id FROM t WHERE seen > TIMESTAMP '2024-05-15 00:00:00'"));
    AgentTransactionsTest.update(low,
        "UPDATE t SET seen = TIMESTAMP '2024-05-02 00:00:00' WHERE id = 1");
    assertNoNotification();
    AgentTransactionsTest.update(low,
        "UPDATE t SET seen = TIMESTAMP '2024-07-02 00:00:00' WHERE id = 1");
    assertEquals("1", AgentTransactionsTest.awaitNotification(high).key().get(0).toString());
  }

  @Test
  void timestampParameterComparison_isExactAndNotifies() throws Exception {
    try (java.sql.PreparedStatement ps =
        high.prepareStatement("SELECT id FROM t WHERE seen > ? ORDER BY id")) {
      ps.setTimestamp(1, java.sql.Timestamp.valueOf("2024-05-15 00:00:00"));
      assertEquals(List.of("2"), SqlBasicsTest.rows(ps.executeQuery()));
      ps.setTimestamp(1, java.sql.Timestamp.valueOf("2024-05-01 09:59:59"));
      assertEquals(List.of("1", "2"), SqlBasicsTest.rows(ps.executeQuery()));
    }
    AgentTransactionsTest.update(low,
        "UPDATE t SET seen = TIMESTAMP '2024-01-02 00:00:00' WHERE id = 2");
    assertEquals("2", AgentTransactionsTest.awaitNotification(high).key().get(0).toString());
  }

  @Test
  void updateWithAScalarSubquery_setsItsValue() throws SQLException {
    AgentTransactionsTest.update(high, "CREATE TABLE u (id INTEGER PRIMARY KEY, w DOUBLE)");
    AgentTransactionsTest.update(high, "INSERT INTO u VALUES (1, 0), (2, 0)");
    assertEquals(1,
        AgentTransactionsTest.update(high, "UPDATE u SET w = (SELECT SUM(id) FROM t) WHERE id = 1"));
    assertEquals(1, AgentTransactionsTest.update(high,
        "UPDATE u SET w = (SELECT MAX(id) FROM t) WHERE w = 0"));
    assertEquals(List.of("1|6.0", "2|3.0"), query(high, "SELECT id, w FROM u ORDER BY id"));
  }

  @Test
  void deleteWithNotExists_deletesTheUnmatchedRows() throws SQLException {
    AgentTransactionsTest.update(high, "CREATE TABLE u (id INTEGER PRIMARY KEY, w DOUBLE)");
    AgentTransactionsTest.update(high, "INSERT INTO u VALUES (1, 0), (9, 0)");
    assertEquals(1, AgentTransactionsTest.update(high,
        "DELETE FROM u WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = u.id)"));
    assertEquals(List.of("1"), query(high, "SELECT id FROM u"));
  }

  @Test
  void nonKeyUpdateOfADecimalKeyRow_notifiesOnceWithTheStoredKey() throws Exception {
    assertEquals(List.of("1.5|1"), query(high, "SELECT k, v FROM p WHERE v = 1"));
    AgentTransactionsTest.update(low, "UPDATE p SET v = 10 WHERE k = 1.5");
    Notification n = AgentTransactionsTest.awaitNotification(high);
    assertEquals("1.5", n.key().get(0).toString());
    assertNoNotification();
    assertEquals(List.of("1.5|10", "2.25|2"), query(low, "SELECT k, v FROM p ORDER BY k"));
  }
}
