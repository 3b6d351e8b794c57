package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.coagent.jdbc.CoAgentConnection;
import io.coagent.jdbc.Notification;
import io.coagent.jdbc.Operation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdbc:coagent://}: the CoAgent driver against a server, with CoAgentConnection working. */
class RemoteDriverTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
    try (Connection op = connect("operator"); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CoAgentConnection connect(String user) throws SQLException {
    return DriverManager.getConnection("jdbc:coagent://127.0.0.1:" + server.port()
        + "/default?user=" + user).unwrap(CoAgentConnection.class);
  }

  @Test
  void remoteAgent_seesRankNotificationsOperationsAndUndo() throws Exception {
    try (CoAgentConnection restock = connect("restock");
        CoAgentConnection orders = connect("orders")) {
      assertEquals("orders", orders.agent());
      restock.setAutoCommit(false);
      orders.setAutoCommit(false);
      try (Statement r = restock.createStatement(); Statement o = orders.createStatement()) {
        r.executeQuery("SELECT qty FROM stock WHERE id = 1").close();
        try (ResultSet rs = o.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
          rs.next();
          assertEquals(10, rs.getInt(1));
        }
        o.executeUpdate("UPDATE stock SET qty = 7 WHERE id = 1");
        assertTrue(orders.rank().orElseThrow() > restock.rank().orElseThrow(),
            "LAUNCH order: restock below orders");
        r.executeUpdate("UPDATE stock SET qty = qty + 5 WHERE id = 1");
        Optional<Notification> n = orders.await(Duration.ofSeconds(10));
        assertTrue(n.isPresent(), "the lower rank's write reaches the remote agent");
        assertEquals("restock", n.get().writerAgent());
        assertEquals("STOCK", n.get().table());
        assertEquals(10L, ((Number) n.get().seen().get(1)).longValue());
        assertEquals(1, orders.pendingNotifications().size());
        orders.heartbeat(); // CALL SYS.HEARTBEAT() on the server: renews the trajectory's lease
        List<Operation> ops = orders.operations();
        assertEquals(2, ops.size());
        Operation sale = ops.get(1);
        orders.undo(sale.id());
        assertEquals(Operation.State.UNDONE, orders.operations().get(1).state());
        o.executeUpdate("UPDATE stock SET qty = 12 WHERE id = 1");
        orders.acknowledge(n.get().id());
        assertTrue(orders.pendingNotifications().isEmpty());
        restock.commit();
        orders.commit();
      }
    }
    try (Connection op = connect("operator"); Statement s = op.createStatement();
        ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
      rs.next();
      assertEquals(12, rs.getInt(1));
    }
  }

  @Test
  void remoteListener_isCalledForPushedNotifications() throws Exception {
    try (CoAgentConnection restock = connect("restock");
        CoAgentConnection orders = connect("orders")) {
      restock.setAutoCommit(false);
      orders.setAutoCommit(false);
      BlockingQueue<Notification> got = new ArrayBlockingQueue<>(10);
      try (Statement r = restock.createStatement(); Statement o = orders.createStatement()) {
        r.executeQuery("SELECT qty FROM stock WHERE id = 1").close();
        o.executeQuery("SELECT qty FROM stock WHERE id = 1").close();
        orders.setNotificationListener(got::add);
        r.executeUpdate("UPDATE stock SET qty = 1 WHERE id = 1");
        Notification n = got.poll(10, TimeUnit.SECONDS);
        assertEquals("restock", n == null ? null : n.writerAgent());
        orders.setNotificationListener(null);
        orders.rollback();
        restock.rollback();
      }
    }
  }

  @Test
  void sessionThatNeverRanAStatement_doesNotHoldHigherRanksBack() throws Exception {
    try (CoAgentConnection idle = connect("restock")) {
      idle.setTransactionIsolation(CoAgentConnection.TRANSACTION_MTPO); // accepted: already MTPO
    }
    // restock's place (taken at connect) ended with its session, so orders commits at once.
    try (CoAgentConnection orders = connect("orders"); Statement s = orders.createStatement()) {
      orders.setAutoCommit(false);
      s.executeUpdate("UPDATE stock SET qty = 11 WHERE id = 1");
      orders.setNetworkTimeout(Runnable::run, 20_000);
      orders.commit();
    }
  }

  @Test
  void operatorConnection_hasNoAgentAndNoRank() throws Exception {
    try (CoAgentConnection op = connect("operator")) {
      assertNull(op.agent());
      assertEquals(Optional.empty(), op.rank());
      assertFalse(op.isClosed());
    }
  }

  @Test
  void badRemoteUrls_areRefusedWithTheFix() {
    for (String url : List.of("jdbc:coagent://", "jdbc:coagent://host:99999/db?user=a",
        "jdbc:coagent://127.0.0.1:1/../etc?user=a", "jdbc:coagent://h/db?user=a&color=red",
        "jdbc:coagent://h/db")) {
      SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
      assertTrue(e.getSQLState() != null && e.getMessage().contains("jdbc:coagent://"),
          url + " -> " + e.getSQLState() + " " + e.getMessage());
    }
  }

  @Test
  void hikariPool_ofRemoteConnections_works() throws Exception {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl("jdbc:coagent://127.0.0.1:" + server.port() + "/default?user=operator");
    cfg.setMaximumPoolSize(3);
    try (HikariDataSource ds = new HikariDataSource(cfg)) {
      for (int i = 0; i < 10; i++) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM stock")) {
          rs.next();
          assertEquals(1, rs.getInt(1));
        }
      }
    }
  }
}
