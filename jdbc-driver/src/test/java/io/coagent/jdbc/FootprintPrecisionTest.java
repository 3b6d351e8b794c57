package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Reads register footprints at row and predicate precision, not table level: writes a reader's
 * query could not see notify no one (spec rule 4; an extra notification costs the agent tokens).
 */
class FootprintPrecisionTest {
  private Connection low;
  private Connection high;

  @BeforeEach
  void open() throws SQLException {
    String url = "jdbc:coagent:mem:footprints-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, grp VARCHAR, qty INTEGER, note VARCHAR)");
    }
    low = DriverManager.getConnection(url + ";agent=low;rank=1");
    high = DriverManager.getConnection(url + ";agent=high;rank=2");
    AgentTransactionsTest.update(low, "INSERT INTO t VALUES (1, 'a', 5, 'x'), (2, 'a', 50, 'y'),"
        + " (3, 'b', 7, 'z')");
  }

  @AfterEach
  void close() throws SQLException {
    low.close();
    high.close();
  }

  private void assertNoNotification() throws Exception {
    assertTrue(AgentTransactionsTest.co(high).await(Duration.ofMillis(300)).isEmpty(),
        "unexpected notification");
  }

  @Test
  void pointReadByParameterIgnoresOtherRows() throws Exception {
    try (PreparedStatement ps = high.prepareStatement("SELECT qty FROM t WHERE id = ?")) {
      ps.setInt(1, 1);
      ResultSet rs = ps.executeQuery();
      assertTrue(rs.next());
      assertEquals(5, rs.getInt(1));
    }
    AgentTransactionsTest.update(low, "UPDATE t SET qty = 6 WHERE id = 2");
    AgentTransactionsTest.update(low, "INSERT INTO t VALUES (4, 'c', 1, 'w')");
    assertNoNotification();
    AgentTransactionsTest.update(low, "UPDATE t SET qty = 9 WHERE id = 1");
    assertEquals("1", AgentTransactionsTest.awaitNotification(high).key().get(0).toString());
  }

  @Test
  void predicateScanIgnoresRowsOutsideThePredicate() throws Exception {
    assertEquals(List.of("2"),
        AgentTransactionsTest.query(high, "SELECT id FROM t WHERE qty > 10"));
    AgentTransactionsTest.update(low, "UPDATE t SET qty = 8 WHERE id = 3");
    AgentTransactionsTest.update(low, "INSERT INTO t VALUES (5, 'c', 2, 'v')");
    assertNoNotification();
    AgentTransactionsTest.update(low, "UPDATE t SET qty = 60 WHERE id = 3");
    assertEquals("3", AgentTransactionsTest.awaitNotification(high).key().get(0).toString());
  }

  @Test
  void keyRangeScanIgnoresRowsOutsideTheRange() throws Exception {
    assertEquals(List.of("1|5", "2|50"),
        AgentTransactionsTest.query(high, "SELECT id, qty FROM t WHERE id BETWEEN 1 AND 2 ORDER BY id"));
    AgentTransactionsTest.update(low, "UPDATE t SET qty = 0 WHERE id = 3");
    AgentTransactionsTest.update(low, "INSERT INTO t VALUES (9, 'c', 2, 'v')");
    assertNoNotification();
  }

  @Test
  void writesToUnreadColumnsNotifyNoOne() throws Exception {
    assertEquals(List.of("1|5"),
        AgentTransactionsTest.query(high, "SELECT id, qty FROM t WHERE grp = 'a' AND qty < 10"));
    AgentTransactionsTest.update(low, "UPDATE t SET note = 'changed' WHERE id = 1");
    assertNoNotification();
    AgentTransactionsTest.update(low, "UPDATE t SET qty = 4 WHERE id = 1");
    assertEquals("1", AgentTransactionsTest.awaitNotification(high).key().get(0).toString());
  }

  @Test
  void compositeKeyPrefixReadIgnoresOtherPrefixes() throws Exception {
    AgentTransactionsTest.update(low, "CREATE TABLE tasks (project VARCHAR, n INTEGER, title VARCHAR,"
        + " PRIMARY KEY (project, n))");
    AgentTransactionsTest.update(low, "INSERT INTO tasks VALUES ('a', 1, 'x'), ('b', 1, 'y'),"
        + " ('b', 2, 'z'), ('c', 1, 'w')");
    try (PreparedStatement ps = high.prepareStatement(
        "SELECT n, title FROM tasks WHERE project = ? ORDER BY n")) {
      ps.setString(1, "b");
      assertEquals(List.of("1|y", "2|z"), SqlBasicsTest.rows(ps.executeQuery()));
    }
    AgentTransactionsTest.update(low, "INSERT INTO tasks VALUES ('a', 9, 'new'), ('c', 9, 'new')");
    AgentTransactionsTest.update(low, "UPDATE tasks SET title = 'changed' WHERE project = 'a'");
    AgentTransactionsTest.update(low, "DELETE FROM tasks WHERE project = 'c' AND n = 1");
    assertNoNotification();
    AgentTransactionsTest.update(low, "INSERT INTO tasks VALUES ('b', 3, 'enters')");
    assertEquals("[b, 3]", AgentTransactionsTest.awaitNotification(high).key().toString());
  }

  @Test
  void compositeKeyPrefixWithRangeOnTheNextColumnIgnoresRowsOutsideIt() throws Exception {
    AgentTransactionsTest.update(low, "CREATE TABLE tasks (project VARCHAR, n INTEGER, title VARCHAR,"
        + " PRIMARY KEY (project, n))");
    AgentTransactionsTest.update(low, "INSERT INTO tasks VALUES ('b', 1, 'x'), ('b', 5, 'y')");
    assertEquals(List.of("5|y"), AgentTransactionsTest.query(high,
        "SELECT n, title FROM tasks WHERE project = 'b' AND n >= 3"));
    AgentTransactionsTest.update(low, "INSERT INTO tasks VALUES ('b', 2, 'below'), ('c', 4, 'other')");
    assertNoNotification();
    AgentTransactionsTest.update(low, "UPDATE tasks SET title = 'moved' WHERE project = 'b' AND n = 5");
    assertEquals("[b, 5]", AgentTransactionsTest.awaitNotification(high).key().toString());
  }
}
