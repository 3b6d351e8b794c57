package io.coagent.jdbc;

import io.coagent.engine.SqlState;
import io.coagent.jdbc.internal.ConnectionImpl;
import io.coagent.session.JdbcUrl;
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
 * inside the JVM) and {@code jdbc:coagent:file:PATH} (durable store), with the properties of
 * {@link JdbcUrl.Property} after {@code ;key=value} or in {@link Properties}. Registered with
 * {@link DriverManager} through the service loader and on class load.
 *
 * <p>Per JDBC, {@link #connect} answers null for a URL that is not a CoAgent URL (so that
 * DriverManager asks the next driver) and fails for a CoAgent URL it cannot use; the URL and its
 * properties are validated in full before any store is opened ({@link JdbcUrl#parse}).
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
    if (url == null) {
      JdbcUrl.parse(null, info); // throws: a null URL is an error, not "another driver's"
    }
    if (RemoteConnection.accepts(url)) {
      return RemoteConnection.open(url, info);
    }
    if (!acceptsURL(url)) {
      return null;
    }
    return new ConnectionImpl(url, JdbcUrl.parse(url, info));
  }

  @Override
  public boolean acceptsURL(String url) throws SQLException {
    if (url == null) {
      throw SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("the URL is null; "
          + "pass " + JdbcUrl.PREFIX + "mem:NAME, " + JdbcUrl.PREFIX + "file:PATH or "
          + JdbcUrl.PREFIX + "//HOST:PORT/DB");
    }
    return JdbcUrl.accepts(url); // includes jdbc:coagent:// (a server)
  }

  /** One entry per {@link JdbcUrl.Property}, with its value from {@code info} if given. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    JdbcUrl.Property[] all = JdbcUrl.Property.values();
    DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
    for (int i = 0; i < all.length; i++) {
      JdbcUrl.Property p = all[i];
      out[i] = new DriverPropertyInfo(p.key(), info == null ? null : info.getProperty(p.key()));
      out[i].description = p.description() + " (" + p.type() + "; default " + p.defaultValue()
          + ")";
      out[i].choices = p.choices();
    }
    return out;
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
    throw new SQLFeatureNotSupportedException("CoAgent uses java.util.logging per class",
        SqlState.FEATURE_NOT_SUPPORTED.code());
  }
}
