package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.fails;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.jdbc.internal.ConnectionImpl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.PooledConnection;
import javax.sql.StatementEvent;
import javax.sql.StatementEventListener;
import org.junit.jupiter.api.Test;

/**
 * CoAgentConnectionPoolDataSource: the javax.sql.PooledConnection contract (events, handle
 * invalidation, state reset between handles) and a minimal pool built only on that contract.
 */
class ConnectionPoolDataSourceTest {
  /** Records every connection and statement event. */
  static final class Events implements ConnectionEventListener, StatementEventListener {
    final List<String> log = new ArrayList<>();
    final List<SQLException> errors = new ArrayList<>();
    final List<PreparedStatement> closedStatements = new ArrayList<>();

    /** A recorder of {@code pc}'s connection events. */
    static Events on(PooledConnection pc) {
      Events events = new Events();
      pc.addConnectionEventListener(events);
      return events;
    }

    @Override
    public void connectionClosed(ConnectionEvent event) {
      log.add("closed");
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
      log.add("error " + event.getSQLException().getSQLState());
      errors.add(event.getSQLException());
    }

    @Override
    public void statementClosed(StatementEvent event) {
      log.add("statementClosed");
      closedStatements.add(event.getStatement());
    }

    @Override
    public void statementErrorOccurred(StatementEvent event) {
      log.add("statementError " + event.getSQLException().getSQLState());
    }
  }

  private static CoAgentConnectionPoolDataSource cpds(String url, String agent) {
    CoAgentConnectionPoolDataSource ds = new CoAgentConnectionPoolDataSource();
    ds.setUrl(url);
    ds.setAgent(agent);
    return ds;
  }

  /** A pooled connection, as an operator, to a new store. */
  private static PooledConnection pooled() throws SQLException {
    return cpds(SysFixtures.newStore("cpds"), null).getPooledConnection();
  }

  @Test
  void closingTheHandle_firesConnectionClosed_andKeepsThePhysicalConnection() throws SQLException {
    PooledConnection pc = pooled();
    Events events = Events.on(pc);
    Connection h1 = pc.getConnection();
    ConnectionImpl physical = h1.unwrap(ConnectionImpl.class);
    update(h1, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    h1.close();
    h1.close(); // idempotent: one event
    assertEquals(List.of("closed"), events.log);
    assertTrue(h1.isClosed());
    assertFalse(physical.isClosed(), "the physical connection must stay open");
    Connection h2 = pc.getConnection();
    assertNotSame(h1, h2);
    assertSame(physical, h2.unwrap(ConnectionImpl.class));
    assertEquals(List.of(), rows(h2, "SELECT * FROM t"));
    pc.close();
    assertTrue(physical.isClosed(), "PooledConnection.close() closes the physical connection");
    assertTrue(h2.isClosed());
    fails("08003", h2::createStatement, "handle is closed");
    fails("08003", pc::getConnection, "getPooledConnection");
    assertEquals(List.of("closed"), events.log, "pc.close() fires no connectionClosed");
  }

  @Test
  void closingTheHandle_rollsBackTheOpenTrajectory_andResetsConnectionState() throws SQLException {
    String url = SysFixtures.newStore("cpds");
    try (Connection op = java.sql.DriverManager.getConnection(url)) {
      update(op, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    }
    PooledConnection pc = cpds(url, "coder").getPooledConnection();
    Connection h1 = pc.getConnection();
    assertEquals("coder", h1.unwrap(CoAgentConnection.class).agent());
    assertFalse(h1.getAutoCommit(), "an agent connection starts with auto-commit off");
    h1.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    update(h1, "INSERT INTO t VALUES (1)");
    long trajectory = h1.unwrap(CoAgentConnection.class).trajectoryId().orElseThrow();
    h1.setReadOnly(true);
    h1.close();
    Connection h2 = pc.getConnection();
    assertFalse(h2.isReadOnly(), "read-only restored");
    assertEquals(CoAgentConnection.TRANSACTION_MTPO, h2.getTransactionIsolation());
    assertEquals(List.of(), rows(h2, "SELECT * FROM t"), "the returned trajectory's insert is undone");
    assertEquals("ABORTED", SysFixtures.one(h2,
        "SELECT STATE FROM SYS.TRAJECTORIES WHERE ID = " + trajectory));
    h2.setAutoCommit(true);
    update(h2, "INSERT INTO t VALUES (2)"); // auto-commit: committed at once
    h2.close();
    Connection h3 = pc.getConnection();
    assertFalse(h3.getAutoCommit(), "auto-commit restored to the physical connection's own");
    h3.close();
    pc.close();
    try (Connection op = java.sql.DriverManager.getConnection(url)) {
      assertEquals(List.of("2"), rows(op, "SELECT id FROM t"));
    }
  }

  @Test
  void secondGetConnection_invalidatesThePreviousHandle() throws SQLException {
    PooledConnection pc = pooled();
    Events events = Events.on(pc);
    Connection h1 = pc.getConnection();
    Statement s1 = h1.createStatement();
    Connection h2 = pc.getConnection();
    assertTrue(h1.isClosed());
    assertFalse(h1.isValid(1));
    assertFalse(h2.isClosed());
    assertTrue(h2.isValid(1));
    fails("08003", h1::createStatement, "newer handle");
    fails("08003", () -> s1.execute("VALUES 1"), "newer handle");
    h1.close(); // already invalid: no event
    assertEquals(List.of(), events.log);
    update(h2, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    h2.close();
    assertEquals(List.of("closed"), events.log);
    pc.close();
  }

  @Test
  void physicalConnectionGone_firesConnectionErrorOccurred() throws SQLException {
    PooledConnection pc = pooled();
    Events events = Events.on(pc);
    Connection h = pc.getConnection();
    h.unwrap(ConnectionImpl.class).close(); // the physical connection dies under the handle
    SQLException e = fails("08003", h::createStatement);
    assertEquals(List.of("error 08003"), events.log);
    assertSame(e, events.errors.get(0));
    fails("08003", h::createStatement);
    assertEquals(1, events.errors.size(), "the error event fires once");
    pc.close();
  }

  @Test
  void physicalConnectionGone_underAPreparedStatement_firesStatementErrorOccurred()
      throws SQLException {
    PooledConnection pc = pooled();
    Events events = Events.on(pc);
    pc.addStatementEventListener(events);
    Connection h = pc.getConnection();
    PreparedStatement ps = h.prepareStatement("VALUES 1");
    h.unwrap(ConnectionImpl.class).close();
    fails("08003", ps::executeQuery);
    assertEquals(List.of("statementError 08003", "error 08003"), events.log);
    pc.close();
  }

  @Test
  void nonFatalErrors_fireNoEvent() throws SQLException {
    PooledConnection pc = pooled();
    Events events = Events.on(pc);
    try (Connection h = pc.getConnection()) {
      fails("42S02", () -> update(h, "INSERT INTO missing VALUES (1)"));
      fails("42000", () -> h.prepareStatement("SELEC 1"));
      update(h, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    }
    assertEquals(List.of("closed"), events.log);
    pc.close();
  }

  @Test
  void statementsThroughAHandle_nameTheHandle_andFireStatementClosed() throws SQLException {
    PooledConnection pc = pooled();
    Events events = new Events();
    pc.addStatementEventListener(events);
    Connection h = pc.getConnection();
    update(h, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    PreparedStatement ps = h.prepareStatement("INSERT INTO t VALUES (?)");
    assertSame(h, ps.getConnection());
    ps.setInt(1, 7);
    assertEquals(1, ps.executeUpdate());
    ps.close();
    assertEquals(List.of("statementClosed"), events.log);
    assertSame(ps, events.closedStatements.get(0));
    Statement open = h.createStatement();
    assertSame(h, open.getConnection());
    h.close();
    assertTrue(open.isClosed(), "closing the handle closes its statements");
    pc.removeStatementEventListener(events);
    Connection h2 = pc.getConnection();
    h2.prepareStatement("SELECT * FROM t").close();
    assertEquals(1, events.closedStatements.size(), "a removed listener hears nothing");
    h2.close();
    pc.close();
  }

  @Test
  void userAndPasswordVariant_opensAnAgentConnection() throws SQLException {
    PooledConnection pc = cpds(SysFixtures.newStore("cpds"), "planner")
        .getPooledConnection("sa", "");
    try (Connection h = pc.getConnection()) {
      assertEquals("planner", h.unwrap(CoAgentConnection.class).agent());
      assertTrue(h.isWrapperFor(CoAgentConnection.class));
    }
    pc.close();
    CoAgentConnectionPoolDataSource none = new CoAgentConnectionPoolDataSource();
    fails("08001", none::getPooledConnection, "setUrl");
  }

  /** The smallest pool a ConnectionPoolDataSource serves: idle PooledConnections, event-driven. */
  static final class MiniPool implements ConnectionEventListener {
    private final CoAgentConnectionPoolDataSource source;
    private final Deque<PooledConnection> idle = new ArrayDeque<>();
    int opened;
    int discarded;

    MiniPool(CoAgentConnectionPoolDataSource source) {
      this.source = source;
    }

    Connection borrow() throws SQLException {
      PooledConnection pc = idle.poll();
      if (pc == null) {
        pc = source.getPooledConnection();
        pc.addConnectionEventListener(this);
        opened++;
      }
      return pc.getConnection();
    }

    @Override
    public void connectionClosed(ConnectionEvent event) {
      idle.push((PooledConnection) event.getSource());
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
      discarded++;
      try {
        ((PooledConnection) event.getSource()).close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aMinimalPool_reusesOnePhysicalConnection_andReplacesADeadOne() throws SQLException {
    String url = SysFixtures.newStore("cpds");
    MiniPool pool = new MiniPool(cpds(url, "coder"));
    try (Connection c = pool.borrow()) {
      update(c, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    }
    for (int i = 1; i <= 3; i++) {
      try (Connection c = pool.borrow()) {
        c.setAutoCommit(false);
        update(c, "INSERT INTO t VALUES (" + i + ")");
        if (i != 2) {
          c.commit();
        } // 2 is returned uncommitted: the pool's return rolls it back
      }
    }
    assertEquals(1, pool.opened);
    Connection c = pool.borrow();
    assertEquals(List.of("1", "3"), rows(c, "SELECT id FROM t ORDER BY id"));
    c.unwrap(ConnectionImpl.class).close();
    fails("08003", () -> rows(c, "SELECT id FROM t"));
    assertEquals(1, pool.discarded);
    try (Connection fresh = pool.borrow()) {
      assertEquals(List.of("1", "3"), rows(fresh, "SELECT id FROM t ORDER BY id"));
    }
    assertEquals(2, pool.opened);
  }
}
