package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.co;
import static io.coagent.jdbc.AgentTransactionsTest.query;
import static io.coagent.jdbc.AgentTransactionsTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.coagent.engine.CoStore;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.TrajectoryState;
import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HikariCP over the driver: pools of agent connections (one agent per pool: the agent, not the
 * connection, owns the trajectory) and of operator connections. Checks statements and commit /
 * rollback through pooled connections, what HikariCP's reset on return does to an uncommitted
 * trajectory (it rolls back dirty connections when auto-commit is off: the trajectory is aborted),
 * that creating, validating and resetting pooled connections never ends an agent's work, and that
 * notifications reach a pooled agent connection. The semantics are documented in
 * {@code docs/reference/jdbc.md}, section "Connection pools".
 */
class HikariPoolTest {
  private String url;
  private Connection operator;
  private final List<HikariDataSource> pools = new ArrayList<>();

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:hikari-" + UUID.randomUUID();
    operator = DriverManager.getConnection(url);
    update(operator, "CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR, qty INTEGER)");
    update(operator, "INSERT INTO stock VALUES (1, 'bolt', 5)");
  }

  @AfterEach
  void close() throws SQLException {
    pools.forEach(HikariDataSource::close);
    operator.close();
  }

  private HikariDataSource pool(String properties, boolean autoCommit, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url + properties);
    cfg.setAutoCommit(autoCommit);
    cfg.setMaximumPoolSize(size);
    cfg.setConnectionTimeout(5_000);
    HikariDataSource ds = new HikariDataSource(cfg);
    pools.add(ds);
    return ds;
  }

  private CoStore store() throws SQLException {
    return Stores.open(JdbcUrl.parse(url, null).address()).store();
  }

  private TrajectoryState state(long trajectoryId) throws SQLException {
    return store().trajectories().stream().filter(t -> t.id() == trajectoryId)
        .map(TrajectoryInfo::state).findFirst().orElseThrow();
  }

  /** Waits until the pool has created {@code n} physical connections (it fills in background). */
  private static void awaitTotal(HikariDataSource ds, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ds.getHikariPoolMXBean().getTotalConnections() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(n, ds.getHikariPoolMXBean().getTotalConnections(), "pool size");
  }

  @Test
  void agentPoolRunsATrajectoryPerBorrowUntilCommit() throws Exception {
    HikariDataSource ds = pool(";agent=coder", false, 3);
    awaitTotal(ds, 3);
    long first;
    try (Connection c = ds.getConnection()) {
      assertFalse(c.getAutoCommit());
      assertEquals(CoAgentConnection.TRANSACTION_MTPO, c.getTransactionIsolation());
      first = co(c).trajectoryId().orElseThrow();
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO stock VALUES (?, ?, ?)")) {
        ins.setInt(1, 2);
        ins.setString(2, "nut");
        ins.setInt(3, 7);
        assertEquals(1, ins.executeUpdate());
      }
      update(c, "UPDATE stock SET qty = qty - 1 WHERE id = 1");
      assertEquals(List.of("1|bolt|4", "2|nut|7"), query(c, "SELECT * FROM stock ORDER BY id"));
      assertEquals(List.of("4"), query(operator, "SELECT qty FROM stock WHERE id = 1"),
          "rule 2: the write is visible at once, before commit");
      assertEquals(TrajectoryState.ACTIVE, state(first));
      c.commit();
      assertEquals(TrajectoryState.COMMITTED, state(first));
    }
    try (Connection c = ds.getConnection()) {
      update(c, "DELETE FROM stock WHERE id = 2");
      long second = co(c).trajectoryId().orElseThrow();
      assertNotEquals(first, second, "after commit the next statement begins a new trajectory");
      assertTrue(co(c).rank().orElseThrow() > 0);
      c.commit();
    }
    assertEquals(List.of("1|bolt|4"), query(operator, "SELECT * FROM stock"));
  }

  @Test
  void returningAnUncommittedConnectionAbortsTheTrajectory() throws Exception {
    HikariDataSource ds = pool(";agent=coder", false, 2);
    long trajectory;
    try (Connection c = ds.getConnection()) {
      update(c, "UPDATE stock SET qty = 0 WHERE id = 1");
      update(c, "INSERT INTO stock VALUES (2, 'nut', 7)");
      trajectory = co(c).trajectoryId().orElseThrow();
      // no commit: HikariCP calls rollback() on the dirty connection as it goes back to the pool
    }
    assertEquals(TrajectoryState.ABORTED, state(trajectory));
    assertEquals(List.of("1|bolt|5"), query(operator, "SELECT * FROM stock"),
        "every write of the aborted trajectory is undone");
    try (Connection c = ds.getConnection()) {
      assertEquals(List.of("1|bolt|5"), query(c, "SELECT * FROM stock"));
      assertNotEquals(trajectory, co(c).trajectoryId().orElseThrow());
      c.rollback();
    }
  }

  @Test
  void explicitRankIsSpentOnceAndPoolRefillsStillConnect() throws Exception {
    HikariDataSource ds = pool(";agent=planner;rank=50", false, 2);
    try (Connection c = ds.getConnection()) {
      assertEquals(Optional.of(50L), co(c).rank());
      update(c, "UPDATE stock SET qty = 6 WHERE id = 1");
      c.commit();
    }
    // retire every pooled connection: the pool reconnects with the same URL (rank=50)
    ds.getHikariPoolMXBean().softEvictConnections();
    awaitTotal(ds, 2);
    try (Connection c = ds.getConnection()) {
      assertEquals(Optional.empty(), co(c).rank(), "rank() only looks: no trajectory yet");
      update(c, "UPDATE stock SET qty = 7 WHERE id = 1");
      long rank = co(c).rank().orElseThrow();
      assertTrue(rank > 50, "rank 50 is spent; the next trajectory takes the dynamic rank: " + rank);
      c.commit();
    }
  }

  @Test
  void creatingAndResettingPooledConnectionsNeverEndsTheAgentsWork() throws Exception {
    // HikariCP's default auto-commit=true: every new connection gets setAutoCommit(true)
    HikariDataSource ds = pool(";agent=coder", true, 3);
    try (Connection a = ds.getConnection()) {
      a.setAutoCommit(false);
      update(a, "UPDATE stock SET qty = 1 WHERE id = 1");
      long trajectory = co(a).trajectoryId().orElseThrow();
      // force the pool to create the other connections while the trajectory is in progress;
      // each gets setAutoCommit(true), isValid and, on return, HikariCP's reset
      try (Connection b = ds.getConnection(); Connection c = ds.getConnection()) {
        assertTrue(b.getAutoCommit());
        assertTrue(c.isValid(1));
        assertEquals(TrajectoryState.ACTIVE, state(trajectory));
      }
      awaitTotal(ds, 3);
      assertEquals(TrajectoryState.ACTIVE, state(trajectory),
          "opening and resetting connections did not commit or abort the agent's work");
      a.rollback();
      assertEquals(TrajectoryState.ABORTED, state(trajectory));
    }
    assertEquals(List.of("5"), query(operator, "SELECT qty FROM stock WHERE id = 1"));
  }

  @Test
  void twoBorrowedConnectionsOfOneAgentArePipesIntoOneTrajectory() throws Exception {
    HikariDataSource ds = pool(";agent=coder", false, 2);
    try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
      update(a, "UPDATE stock SET qty = 2 WHERE id = 1");
      assertEquals(List.of("2"), query(b, "SELECT qty FROM stock WHERE id = 1"));
      long trajectory = co(a).trajectoryId().orElseThrow();
      assertEquals(Optional.of(trajectory), co(b).trajectoryId());
      b.commit();
      assertEquals(TrajectoryState.COMMITTED, state(trajectory),
          "a commit through either pipe ends the agent's one trajectory");
    }
    assertEquals(List.of("2"), query(operator, "SELECT qty FROM stock WHERE id = 1"));
  }

  @Test
  void autoCommitAgentPoolCommitsEachStatement() throws Exception {
    HikariDataSource ds = pool(";agent=tester;rank=30", true, 2);
    awaitTotal(ds, 2);
    try (Connection c = ds.getConnection()) {
      assertTrue(c.getAutoCommit());
      update(c, "UPDATE stock SET qty = 9 WHERE id = 1");
      update(c, "UPDATE stock SET qty = 8 WHERE id = 1");
    }
    List<TrajectoryInfo> mine = store().trajectories().stream()
        .filter(t -> t.agent().equals("tester")).toList();
    assertEquals(2, mine.size(), "one trajectory per statement: " + mine);
    assertEquals(30L, mine.get(0).rank(), "the first statement runs at the URL's rank");
    assertTrue(mine.stream().allMatch(t -> t.state() == TrajectoryState.COMMITTED));
    assertEquals(List.of("8"), query(operator, "SELECT qty FROM stock WHERE id = 1"));
  }

  @Test
  void notificationsReachAPooledAgentConnection() throws Exception {
    // ranks 10 and 20: the operator's INSERT in open() already committed at rank 1
    HikariDataSource ds = pool(";agent=coder;rank=20", false, 2);
    try (Connection planner = DriverManager.getConnection(url + ";agent=planner;rank=10");
        Connection c = ds.getConnection()) {
      List<Notification> heard = new CopyOnWriteArrayList<>();
      CoAgentConnection coder = c.unwrap(CoAgentConnection.class);
      coder.setNotificationListener(heard::add);
      assertEquals(List.of("5"), query(c, "SELECT qty FROM stock WHERE id = 1"));
      update(planner, "UPDATE stock SET qty = 3 WHERE id = 1");

      Notification n = coder.await(Duration.ofSeconds(5)).orElseThrow();
      assertEquals("STOCK", n.table());
      assertEquals("planner", n.writerAgent());
      SQLWarning w = c.getWarnings();
      assertNotNull(w, "the notification also arrives as a warning on the pooled connection");
      assertEquals("01MT0", w.getSQLState());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (heard.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(List.of(n.id()), heard.stream().map(Notification::id).toList());
      try (Connection other = ds.getConnection()) {
        assertEquals(coder.trajectoryId(), co(other).trajectoryId(),
            "a pooled connection that has not run a statement reports the agent's trajectory");
        assertEquals("01MT0", other.getWarnings().getSQLState());
      }

      planner.commit();
      SQLException pending = assertThrows(SQLException.class, c::commit);
      assertEquals("MT004", pending.getSQLState(), "rule 8: acknowledge before commit");
      assertEquals(List.of("3"), query(c, "SELECT qty FROM stock WHERE id = 1"));
      coder.acknowledge(n.id());
      c.commit();
    }
  }

  @Test
  void operatorPoolsInBothAutoCommitModes() throws Exception {
    HikariDataSource auto = pool("", true, 2);
    try (Connection c = auto.getConnection()) {
      assertTrue(c.getAutoCommit());
      update(c, "INSERT INTO stock VALUES (2, 'nut', 7)");
      assertEquals(Optional.empty(), co(c).rank());
    }
    assertEquals(List.of("7"), query(operator, "SELECT qty FROM stock WHERE id = 2"));

    HikariDataSource manual = pool("", false, 2);
    try (Connection c = manual.getConnection()) {
      update(c, "UPDATE stock SET qty = 6 WHERE id = 2");
      long t = co(c).trajectoryId().orElseThrow();
      assertTrue(co(c).agent() == null && co(c).rank().isPresent(),
          "an operator connection with auto-commit off has a trajectory of its own");
      c.commit();
      assertEquals(TrajectoryState.COMMITTED, state(t));
      update(c, "UPDATE stock SET qty = 0 WHERE id = 2");
      c.rollback();
      update(c, "DELETE FROM stock WHERE id = 1");
      // returned dirty: rolled back by the pool
    }
    assertEquals(List.of("1|bolt|5", "2|nut|6"), query(operator, "SELECT * FROM stock ORDER BY id"));
  }

  @Test
  void readOnlyPoolRefusesWrites() throws Exception {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setReadOnly(true);
    cfg.setSchema("COAGENT");
    cfg.setMaximumPoolSize(1);
    try (HikariDataSource ds = new HikariDataSource(cfg); Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      assertTrue(c.isReadOnly());
      try (ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
        assertTrue(rs.next());
      }
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("UPDATE stock SET qty = 0 WHERE id = 1"));
      assertEquals("25006", e.getSQLState());
    }
    assertEquals(List.of("5"), query(operator, "SELECT qty FROM stock WHERE id = 1"));
  }

  @Test
  void badSchemaFailsPoolStartWithTheDriversMessage() {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setSchema("PUBLIC");
    HikariPool.PoolInitializationException e =
        assertThrows(HikariPool.PoolInitializationException.class, () -> new HikariDataSource(cfg));
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("schema PUBLIC does not exist"), cause.getMessage());
  }

  @Test
  void connectionCallsPoolsMake() throws SQLException {
    try (Connection c = DriverManager.getConnection(url + ";agent=probe")) {
      assertTrue(c.isValid(0));
      assertThrows(SQLException.class, () -> c.isValid(-1));
      c.setNetworkTimeout(Runnable::run, 1_500);
      assertEquals(1_500, c.getNetworkTimeout());
      c.setSchema("coagent");
      assertEquals("COAGENT", c.getSchema());
      c.setCatalog("anything");
      assertEquals(null, c.getCatalog());
      c.setReadOnly(true);
      assertEquals("25006", assertThrows(SQLException.class,
          () -> update(c, "INSERT INTO stock VALUES (9, 'x', 1)")).getSQLState());
      c.setReadOnly(false);
      c.clearWarnings();
      c.rollback();
    }
  }
}
