package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link JdbcContract} for the embedded driver, on {@code jdbc:coagent:mem:} stores. */
class JdbcContractTest extends JdbcContract {
  private final String url = "jdbc:coagent:mem:contract-" + UUID.randomUUID();
  private final AtomicInteger stores = new AtomicInteger();
  private final List<String> privateStores = new CopyOnWriteArrayList<>();

  @Override
  protected Connection connect(String agentName) throws SQLException {
    return DriverManager.getConnection(agentName == null ? url : url + ";agent=" + agentName);
  }

  @Override
  protected Connection freshConnection() throws SQLException {
    String u = "jdbc:coagent:mem:contract-conn-" + stores.incrementAndGet() + "-"
        + UUID.randomUUID();
    privateStores.add(u);
    Connection c = DriverManager.getConnection(u + ";agent=contract");
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(20))");
    }
    return c;
  }

  @Override
  protected void dropStores() throws SQLException {
    Stores.close(JdbcUrl.parse(url, null).address());
    for (String u : privateStores) {
      Stores.close(JdbcUrl.parse(u, null).address());
    }
  }

  @Test
  void closedStatement_namesTheObjectAndTheFix() throws SQLException {
    Statement s = shared().createStatement();
    s.close();
    SQLException e = expectSql(() -> s.executeQuery(QUERY));
    assertEquals("55000", e.getSQLState());
    assertTrue(e.getMessage().contains("statement is closed")
        && e.getMessage().contains("createStatement"), e.getMessage());
    Connection c = DriverManager.getConnection(url);
    c.close();
    SQLException ce = expectSql(c::createStatement);
    assertEquals("08003", ce.getSQLState());
    assertTrue(ce.getMessage().contains(url) && ce.getMessage().contains("getConnection"),
        ce.getMessage());
  }

  @Test
  void statementsAndResultsOfAClosedConnection_reportClosed() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery(QUERY);
    c.close();
    assertTrue(s.isClosed(), "statement closes with its connection");
    assertTrue(rs.isClosed(), "result set closes with its connection");
  }
}
