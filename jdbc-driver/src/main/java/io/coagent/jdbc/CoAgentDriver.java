package io.coagent.jdbc;

import io.coagent.jdbc.internal.ConnectionImpl;
import io.coagent.jdbc.internal.JdbcUrl;
import io.coagent.jdbc.internal.remote.RemoteConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:coagent:} driver: {@code jdbc:coagent:mem:NAME} (in-memory store shared by NAME
 * inside the JVM) and {@code jdbc:coagent:file:PATH} (durable store), with properties {@code
 * agent}, {@code rank} and {@code isolation} after {@code ;key=value} or in {@link Properties}.
 * Registered with {@link DriverManager} through the service loader and on class load.
 */
public final class CoAgentDriver implements Driver {
  static {
    try {
      DriverManager.registerDriver(new CoAgentDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (RemoteConnection.accepts(url)) {
      return RemoteConnection.open(url, info);
    }
    if (!acceptsURL(url)) {
      return null;
    }
    return new ConnectionImpl(url, JdbcUrl.parse(url, info));
  }

  @Override
  public boolean acceptsURL(String url) {
    return JdbcUrl.accepts(url); // includes jdbc:coagent:// (a server)
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo agent = new DriverPropertyInfo("agent", info.getProperty("agent"));
    agent.description = "agent name; omit for an operator (auto-commit) connection";
    DriverPropertyInfo rank = new DriverPropertyInfo("rank", info.getProperty("rank"));
    rank.description = "explicit rank of the agent's first trajectory";
    DriverPropertyInfo iso = new DriverPropertyInfo("isolation", info.getProperty("isolation"));
    iso.description = "mtpo (default)";
    iso.choices = new String[] {"mtpo", "serializable", "occ", "read_committed"};
    return new DriverPropertyInfo[] {agent, rank, iso};
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("CoAgent uses java.util.logging per class");
  }
}
