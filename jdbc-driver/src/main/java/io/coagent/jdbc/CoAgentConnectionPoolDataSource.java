package io.coagent.jdbc;

import io.coagent.jdbc.internal.PooledConnectionImpl;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.PooledConnection;

/**
 * A {@link ConnectionPoolDataSource} for pools and application servers that manage physical
 * connections themselves (no XA): the same bean properties as {@link CoAgentDataSource}
 * ({@code url}, {@code user}, {@code password}, {@code agent}, {@code loginTimeout}).
 *
 * <pre>{@code
 * CoAgentConnectionPoolDataSource cpds = new CoAgentConnectionPoolDataSource();
 * cpds.setUrl("jdbc:coagent:file:./data/shop.coagent");
 * cpds.setAgent("planner");
 * PooledConnection pc = cpds.getPooledConnection();
 * pc.addConnectionEventListener(pool);
 * try (Connection c = pc.getConnection()) { ... }   // connectionClosed; pc stays open
 * pc.close();                                       // closes the physical connection
 * }</pre>
 *
 * <p>Each {@link #getPooledConnection} opens one physical connection through the driver. Its
 * {@code getConnection()} hands out a logical handle; closing the handle rolls back an open
 * trajectory (auto-commit off), restores auto-commit, read-only and the isolation level, and
 * fires {@code ConnectionEventListener.connectionClosed} without closing the physical
 * connection. A second {@code getConnection()} closes the previous handle; an error of SQLState
 * class 08 (the connection or the store under it is gone) fires {@code connectionErrorOccurred}.
 */
public final class CoAgentConnectionPoolDataSource implements ConnectionPoolDataSource {
  private final CoAgentDataSource physical = new CoAgentDataSource();

  public String getUrl() {
    return physical.getUrl();
  }

  /** The connection URL: {@code jdbc:coagent:mem:NAME}, {@code file:PATH} or {@code //HOST:PORT/DB}. */
  public void setUrl(String url) {
    physical.setUrl(url);
  }

  public String getUser() {
    return physical.getUser();
  }

  public void setUser(String user) {
    physical.setUser(user);
  }

  /** Write-only, as a password should be: there is no getter. */
  public void setPassword(String password) {
    physical.setPassword(password);
  }

  public String getAgent() {
    return physical.getAgent();
  }

  /** The agent every connection acts as; null for operator connections (or name it in the URL). */
  public void setAgent(String agent) {
    physical.setAgent(agent);
  }

  @Override
  public PooledConnection getPooledConnection() throws SQLException {
    return pooled(physical.getConnection());
  }

  @Override
  public PooledConnection getPooledConnection(String user, String password) throws SQLException {
    return pooled(physical.getConnection(user, password));
  }

  private static PooledConnection pooled(Connection c) throws SQLException {
    try {
      return new PooledConnectionImpl(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return physical.getLogWriter();
  }

  /** Kept for the contract; the driver logs nothing through it. */
  @Override
  public void setLogWriter(PrintWriter out) {
    physical.setLogWriter(out);
  }

  /** Kept for the contract; opening a store does not wait on a network login. */
  @Override
  public void setLoginTimeout(int seconds) {
    physical.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return physical.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return physical.getParentLogger();
  }
}
