package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two agents (ranks 1 and 2) on one store through JDBC: the MTPO rules as SQL users see them. */
class AgentTransactionsTest {
  private String url;
  private Connection planner;
  private Connection coder;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:agents-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url);
        Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR, qty INTEGER)");
    }
    planner = DriverManager.getConnection(url + ";agent=planner;rank=1");
    coder = DriverManager.getConnection(url + ";agent=coder;rank=2");
  }

  @AfterEach
  void close() throws SQLException {
    planner.close();
    coder.close();
  }

  static int update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  static List<String> query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return SqlBasicsTest.rows(s.executeQuery(sql));
    }
  }

  static CoAgentConnection co(Connection c) throws SQLException {
    return c.unwrap(CoAgentConnection.class);
  }

  static Notification awaitNotification(Connection c) throws Exception {
    Optional<Notification> n = co(c).await(Duration.ofSeconds(5));
    assertTrue(n.isPresent(), "expected a notification");
    return n.get();
  }

  @Test
  void agentConnectionsAreMtpoTrajectoriesWithRanks() throws SQLException {
    assertFalse(planner.getAutoCommit());
    assertEquals(CoAgentConnection.TRANSACTION_MTPO, planner.getTransactionIsolation());
    assertEquals(Optional.of(1L), co(planner).rank());
    assertEquals(Optional.of(2L), co(coder).rank());
    assertEquals("coder", co(coder).agent());
    assertThrows(SQLException.class,
        () -> planner.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ));
  }

  @Test
  void otherIsolationLevelsOnTheSameStore() throws SQLException {
    try (Connection occ = DriverManager.getConnection(url + ";agent=o;isolation=occ");
        Connection rc = DriverManager.getConnection(url + ";agent=r")) {
      assertEquals(CoAgentConnection.TRANSACTION_OCC, occ.getTransactionIsolation());
      rc.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      assertEquals(Connection.TRANSACTION_READ_COMMITTED, rc.getTransactionIsolation());
      update(occ, "INSERT INTO stock VALUES (1, 'bolt', 5)");
      assertEquals(List.of("1|bolt|5"), query(occ, "SELECT * FROM stock"));
      assertEquals(List.of(), query(rc, "SELECT * FROM stock"), "OCC writes install at commit");
      occ.commit();
      assertEquals(List.of("1|bolt|5"), query(rc, "SELECT * FROM stock"));
      rc.commit();
      update(rc, "UPDATE stock SET qty = 6 WHERE id = 1");
      assertThrows(SQLException.class,
          () -> rc.setTransactionIsolation(CoAgentConnection.TRANSACTION_MTPO));
      rc.commit();
    }
  }

  @Test
  void orderFilteredReadAndMisplacedWrite() throws SQLException {
    update(coder, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    assertEquals(List.of(), query(planner, "SELECT * FROM stock"), "rank 1 must not see rank 2");
    update(planner, "INSERT INTO stock VALUES (2, 'nut', 7)");
    assertEquals(List.of("1|bolt|5", "2|nut|7"), query(coder, "SELECT * FROM stock ORDER BY id"));
    // misplaced write: rank 1 writes row 1 after rank 2 did; rank 2's write stays on top
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 1)");
    assertEquals(List.of("1|bolt|1"), query(planner, "SELECT * FROM stock WHERE id = 1"));
    assertEquals(List.of("1|bolt|5"), query(coder, "SELECT * FROM stock WHERE id = 1"));
  }

  @Test
  void pointReadIsNotifiedAndShowsAsWarning() throws Exception {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    assertEquals(List.of("5"), query(coder, "SELECT qty FROM stock WHERE id = 1"));
    update(planner, "UPDATE stock SET qty = 3 WHERE id = 1");
    Notification n = awaitNotification(coder);
    assertEquals("STOCK", n.table());
    assertEquals("planner", n.writerAgent());
    SQLWarning w = coder.getWarnings();
    assertNotNull(w);
    assertEquals("01MT0", w.getSQLState());
    assertTrue(w.getMessage().contains("STOCK"), w.getMessage());
    assertTrue(co(planner).pendingNotifications().isEmpty(), "no notification downward");
  }

  @Test
  void predicateScanIsNotifiedWhenRowsEnterOrLeave() throws Exception {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 50)");
    assertEquals(List.of("1"), query(coder, "SELECT count(*) FROM stock WHERE qty > 10"));
    update(planner, "INSERT INTO stock VALUES (2, 'nut', 20)");
    Notification entered = awaitNotification(coder);
    assertEquals("2", entered.key().get(0).toString());
    update(planner, "UPDATE stock SET qty = 1 WHERE id = 1");
    Notification left = awaitNotification(coder);
    assertEquals("1", left.key().get(0).toString());
  }

  @Test
  void noNotificationDownward() throws Exception {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    query(planner, "SELECT * FROM stock WHERE qty > 0");
    update(coder, "UPDATE stock SET qty = 9 WHERE id = 1");
    update(coder, "INSERT INTO stock VALUES (2, 'nut', 7)");
    assertTrue(co(planner).await(Duration.ofMillis(300)).isEmpty());
  }

  @Test
  void commitWaitsForLowerRankAndFailsOnPendingNotification() throws Exception {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    query(coder, "SELECT qty FROM stock WHERE id = 1");
    CompletableFuture<Void> coderCommit = CompletableFuture.runAsync(() -> {
      try {
        coder.commit();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThrows(TimeoutException.class, () -> coderCommit.get(300, TimeUnit.MILLISECONDS));
    planner.commit();
    coderCommit.get(5, TimeUnit.SECONDS);

    // a notification pending at commit makes the commit fail with it attached
    try (Connection a = DriverManager.getConnection(url + ";agent=a");
        Connection b = DriverManager.getConnection(url + ";agent=b")) {
      query(b, "SELECT qty FROM stock WHERE id = 1");
      update(a, "UPDATE stock SET qty = 4 WHERE id = 1");
      Notification n = awaitNotification(b);
      a.commit();
      SQLException e = assertThrows(SQLException.class, b::commit);
      assertEquals("MT004", e.getSQLState());
      assertNotNull(e.getNextException());
      co(b).acknowledge(n.id());
      b.commit();
    }
  }

  @Test
  void rollbackAbortsAndNotifiesHigherReaders() throws Exception {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    assertEquals(List.of("5"), query(coder, "SELECT qty FROM stock WHERE id = 1"));
    planner.rollback();
    Notification n = awaitNotification(coder);
    assertEquals(Notification.Cause.ABORT, n.cause());
    assertEquals(List.of(), query(coder, "SELECT qty FROM stock WHERE id = 1"));
  }

  @Test
  void savepointRollbackUndoesLaterStatements() throws SQLException {
    update(coder, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    Savepoint sp = coder.setSavepoint();
    update(coder, "INSERT INTO stock VALUES (2, 'nut', 7)");
    update(coder, "UPDATE stock SET qty = 0 WHERE id = 1");
    coder.rollback(sp);
    assertEquals(List.of("1|bolt|5"), query(coder, "SELECT * FROM stock"));
  }

  @Test
  void undoOfOneOperation() throws SQLException {
    update(coder, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    update(coder, "INSERT INTO stock VALUES (2, 'nut', 7)");
    long lastOp = lastOperation(coder);
    co(coder).undo(lastOp);
    assertEquals(List.of("1|bolt|5"), query(coder, "SELECT * FROM stock"));
  }

  private long lastOperation(Connection c) throws SQLException {
    var ops = co(c).operations();
    return ops.get(ops.size() - 1).id();
  }

  @Test
  void operatorStatementsAutoCommitAndSeeLiveState() throws Exception {
    update(coder, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    try (Connection op = DriverManager.getConnection(url)) {
      assertTrue(op.getAutoCommit());
      assertEquals(List.of("1|bolt|5"), query(op, "SELECT * FROM stock"));
      assertEquals(1, update(op, "UPDATE stock SET qty = 6 WHERE id = 1"));
    }
  }

  @Test
  void badUrlsAndPropertiesAreNamed() {
    SQLException unknown = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url + ";agnet=x"));
    assertTrue(unknown.getMessage().contains("agnet"), unknown.getMessage());
    assertEquals("08001", unknown.getSQLState());
    Properties p = new Properties();
    p.setProperty("rank", "one");
    p.setProperty("agent", "x");
    SQLException rank = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, p));
    assertEquals("22023", rank.getSQLState());
    SQLException bad = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:coagent:tcp:host"));
    assertEquals("08001", bad.getSQLState());
  }
}
