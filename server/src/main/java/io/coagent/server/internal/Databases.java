package io.coagent.server.internal;

import io.coagent.engine.SqlState;
import io.coagent.jdbc.CoAgentDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The stores the server owns: one {@code jdbc:coagent:file:} store per database name under the
 * data directory, created on first use, all with the server's durability. Each open store is held by one operator connection of the
 * server's own (the keeper), so a store opens once, stays open while clients come and go, and
 * closes when the server stops.
 *
 * <p>Names are restricted to {@link #NAME} so that no database name can address a path outside
 * the data directory. Concurrency: all methods synchronize on this object; opening a store (which
 * reads it) happens under the lock, so two first connections cannot open it twice.
 */
final class Databases implements AutoCloseable {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
  private final Path dir;
  private final String durability;
  private final CoAgentDriver driver = new CoAgentDriver();
  private final Map<String, Connection> keepers = new LinkedHashMap<>();
  private final Map<Connection, String> names = new IdentityHashMap<>();
  private boolean closed;

  /** {@code durability} is the stores' JDBC property value ({@code sync} or {@code flush}). */
  Databases(Path dir, String durability) {
    this.dir = dir;
    this.durability = durability;
  }

  synchronized void create(String name) throws SQLException {
    url(name);
  }

  /** A connection of {@code agent} (null: operator) to database {@code name}. */
  synchronized Connection connect(String name, String agent) throws SQLException {
    String url = url(name);
    Properties p = new Properties();
    if (agent != null) {
      p.setProperty("agent", agent);
    }
    Connection c = driver.connect(url, p);
    names.put(c, name);
    return c;
  }

  synchronized void forget(Connection c) {
    names.remove(c);
  }

  synchronized String nameOf(Connection c) {
    return names.getOrDefault(c, "");
  }

  private String url(String name) throws SQLException {
    if (closed) {
      throw SqlState.ADMIN_SHUTDOWN.exception("the server is shutting down");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw SqlState.INVALID_CATALOG_NAME.exception("invalid database name \"" + name
          + "\": use 1 to 63 letters, digits, '_' or '-' (not starting with '-')");
    }
    String url = "jdbc:coagent:file:" + dir.resolve(name + ".coagent");
    if (!keepers.containsKey(name)) {
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw SqlState.IO_ERROR.exception("cannot create data directory " + dir + ": " + e, e);
      }
      // the keeper opens the store, so its properties decide the store's durability
      Properties p = new Properties();
      p.setProperty("durability", durability);
      keepers.put(name, driver.connect(url, p));
    }
    return url;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Connection c : keepers.values()) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing the last connection closes the store; a failure here is already logged by it
      }
    }
    keepers.clear();
  }
}
