package io.coagent.server.internal;

import io.coagent.engine.Isolation;
import io.coagent.engine.SqlState;
import io.coagent.engine.StoreConfig;
import io.coagent.session.Session;
import io.coagent.session.SqlConnection;
import io.coagent.session.StoreAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The stores the server owns: one file store per database name under the data directory, created
 * on first use, all with the server's durability. Each open store is held by one operator
 * connection of the server's own (the keeper), so a store opens once, stays open while clients
 * come and go, and closes when the server stops. Clients' connections are session-layer
 * {@link SqlConnection}s, the same the embedded JDBC driver runs on.
 *
 * <p>Names are restricted to {@link #NAME} so that no database name can address a path outside
 * the data directory. Concurrency: all methods synchronize on this object; opening a store (which
 * reads it) happens under the lock, so two first connections cannot open it twice.
 */
final class Databases implements AutoCloseable {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
  private final Path dir;
  /** FLUSH, or null for the stores' default (SYNC). */
  private final StoreConfig.Durability durability;
  private final Map<String, SqlConnection> keepers = new LinkedHashMap<>();
  private final Map<SqlConnection, String> names = new IdentityHashMap<>();
  private boolean closed;

  /** {@code durability} is the stores' durability ({@code sync} or {@code flush}). */
  Databases(Path dir, String durability) {
    this.dir = dir;
    this.durability = "flush".equals(durability) ? StoreConfig.Durability.FLUSH : null;
  }

  synchronized void create(String name) throws SQLException {
    address(name);
  }

  /** A connection of {@code agent} (null: operator) to database {@code name}. */
  synchronized SqlConnection connect(String name, String agent) throws SQLException {
    StoreAddress address = address(name);
    String problem = agent == null ? null : Session.agentNameProblem(agent);
    if (problem != null) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("invalid agent name for database \""
          + name + "\": " + problem + "; log in with another user name (or role)");
    }
    SqlConnection c = SqlConnection.open(address, agent, null, Isolation.MTPO,
        "connect to database " + name, null);
    names.put(c, name);
    return c;
  }

  synchronized void forget(SqlConnection c) {
    names.remove(c);
  }

  synchronized String nameOf(SqlConnection c) {
    return names.getOrDefault(c, "");
  }

  private StoreAddress address(String name) throws SQLException {
    if (closed) {
      throw SqlState.ADMIN_SHUTDOWN.exception("the server is shutting down");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw SqlState.INVALID_CATALOG_NAME.exception("invalid database name \"" + name
          + "\": use 1 to 63 letters, digits, '_' or '-' (not starting with '-')");
    }
    // the keeper opens the store, so its address decides the store's durability
    StoreAddress address = new StoreAddress(false, dir.resolve(name + ".coagent").toString(),
        durability, null, null);
    if (!keepers.containsKey(name)) {
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw SqlState.IO_ERROR.exception("cannot create data directory " + dir + ": " + e, e);
      }
      keepers.put(name, SqlConnection.open(address, null, null, Isolation.MTPO,
          "open database " + name, null));
    }
    return address;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (SqlConnection c : keepers.values()) {
      c.close(); // closing the last connection closes the store
    }
    keepers.clear();
  }
}
