package io.coagent.jdbc;

import io.coagent.engine.SqlState;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for configurations that name a class instead of a URL (HikariCP's
 * {@code dataSourceClassName}, application servers, Spring's {@code DataSourceProperties}): bean
 * properties {@code url} (any URL {@link CoAgentDriver} takes), {@code user}, {@code password},
 * {@code agent} (the same as {@code ;agent=NAME} in the URL), {@code loginTimeout}.
 *
 * <pre>{@code
 * CoAgentDataSource ds = new CoAgentDataSource();
 * ds.setUrl("jdbc:coagent:file:./data/shop.coagent");
 * ds.setAgent("planner");
 * try (Connection c = ds.getConnection()) { ... }
 * }</pre>
 *
 * <p>Each {@link #getConnection} is a new connection through the driver, with the same URL and
 * property checks (a misspelled property fails with its name). Setters are not synchronized:
 * configure the data source before sharing it, as pools do. Pool it with HikariCP; for pools
 * that manage physical connections themselves see {@link CoAgentConnectionPoolDataSource} (there
 * is no {@code XADataSource}).
 */
public final class CoAgentDataSource implements DataSource {
  private volatile String url;
  private volatile String user;
  private volatile String password;
  private volatile String agent;
  private volatile int loginTimeout;
  private volatile PrintWriter logWriter;

  public String getUrl() {
    return url;
  }

  /** The connection URL: {@code jdbc:coagent:mem:NAME}, {@code file:PATH} or {@code //HOST:PORT/DB}. */
  public void setUrl(String url) {
    this.url = url;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  /** Write-only, as a password should be: there is no getter. */
  public void setPassword(String password) {
    this.password = password;
  }

  public String getAgent() {
    return agent;
  }

  /** The agent every connection acts as; null for operator connections (or name it in the URL). */
  public void setAgent(String agent) {
    this.agent = agent;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(user, password);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    return connect(username, pass);
  }

  private Connection connect(String username, String pass) throws SQLException {
    String u = url;
    if (u == null || u.isBlank()) {
      throw SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("CoAgentDataSource has "
          + "no url; call setUrl (or set the dataSource property 'url'), e.g. "
          + "jdbc:coagent:file:./data/shop.coagent");
    }
    Properties info = new Properties();
    if (username != null) {
      info.setProperty("user", username);
    }
    if (pass != null) {
      info.setProperty("password", pass);
    }
    if (agent != null) {
      info.setProperty("agent", agent);
    }
    Connection c = new CoAgentDriver().connect(u, info);
    if (c == null) {
      throw SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("CoAgentDataSource url '"
          + u + "' is not a CoAgent URL; use jdbc:coagent:mem:NAME, jdbc:coagent:file:PATH or "
          + "jdbc:coagent://HOST:PORT/DB");
    }
    return c;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  /** Kept for the DataSource contract; the driver logs nothing through it. */
  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  /** Kept for the DataSource contract; opening a store does not wait on a network login. */
  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("the driver does not log through "
        + "java.util.logging", SqlState.FEATURE_NOT_SUPPORTED.code());
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw SqlState.GENERAL_ERROR.exception("CoAgentDataSource is not "
        + "a wrapper for " + (iface == null ? "null" : iface.getName()));
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }
}
