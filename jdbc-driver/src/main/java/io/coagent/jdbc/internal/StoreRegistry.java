package io.coagent.jdbc.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.StoreConfig;
import io.coagent.sql.SqlEngine;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores this JVM has opened through the driver, by location: {@code mem:NAME} stores are
 * shared by name; {@code file:PATH} stores by absolute path (a file store can be opened only once
 * per JVM). Stores stay open for the life of the JVM, as H2's {@code DB_CLOSE_DELAY=-1}; {@link
 * #close} ends one explicitly.
 */
public final class StoreRegistry {
  private static final Map<String, SqlEngine> STORES = new ConcurrentHashMap<>();

  private StoreRegistry() {}

  public static SqlEngine open(JdbcUrl url) throws SQLException {
    String id = id(url);
    try {
      return STORES.computeIfAbsent(id, k -> SqlEngine.of(CoStore.open(config(url))));
    } catch (CoAgentException e) {
      throw new SQLException("cannot open store " + id + ": " + e.getMessage(),
          e.code().sqlState(), e);
    }
  }

  /** Closes and forgets the store of {@code url}, if open. */
  public static void close(JdbcUrl url) {
    SqlEngine e = STORES.remove(id(url));
    if (e != null) {
      e.store().close();
    }
  }

  private static String id(JdbcUrl url) {
    return url.kind().equals("mem") ? "mem:" + url.location()
        : "file:" + Path.of(url.location()).toAbsolutePath().normalize();
  }

  private static StoreConfig config(JdbcUrl url) {
    return url.kind().equals("mem") ? StoreConfig.inMemory()
        : StoreConfig.file(Path.of(url.location()).toAbsolutePath().normalize());
  }
}
