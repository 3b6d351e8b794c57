package io.coagent.session;

import io.coagent.engine.CoStore;
import io.coagent.engine.SqlState;
import io.coagent.engine.StoreConfig;
import io.coagent.session.internal.RecoveredOperators;
import io.coagent.sql.SqlEngine;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The stores this JVM has opened, by location: one registry for the embedded driver, the server
 * and the MCP server, so each store is opened once per process whoever asks for it.
 *
 * <p>{@code mem:NAME} stores are shared by name and live as long as the JVM (as H2's
 * {@code DB_CLOSE_DELAY=-1}): closing every connection must not lose the agents' memory. {@code
 * file:PATH} stores are counted by open connections and closed with the last one, so the file is
 * released for another process; agents' active trajectories survive in the file and are rejoined
 * at the next connection. A store is opened once per JVM.
 *
 * <p>{@code durability} (sync, flush) in the URL of the connection that opens a file store
 * chooses when its acknowledged writes reach the disk, for as long as the JVM keeps it open;
 * later connections' values are ignored.
 *
 * <p>{@code lease_timeout} in the URL of the connection that opens the store is put as the store's
 * durable setting before any statement runs (so it also bounds the trajectories recovered from
 * the file); the property of later connections to an open store is ignored (change the running
 * store's lease with {@code CALL SYS.SET('lease_timeout', ...)}).
 *
 * <p>Recovery: operator trajectories (auto-commit statements) that were still waiting for lower
 * ranks when the store closed or crashed are resubmitted for commit at open, able to re-run
 * their statement ({@link RecoveredOperators}).
 *
 * <p>Failure: a store that fails to open is closed again and not registered, so the next
 * connection retries from scratch; callers validate their URLs fully before they build a
 * {@link StoreAddress} (the driver's {@code JdbcUrl.parse}), so a refused URL never reaches a
 * store.
 *
 * <p>Concurrency: all methods are synchronized on the class; opening a file store reads it whole.
 */
public final class Stores {
  private static final class Entry {
    final SqlEngine engine;
    final boolean file;
    int connections;

    Entry(SqlEngine engine, boolean file) {
      this.engine = engine;
      this.file = file;
    }
  }

  private static final Map<String, Entry> STORES = new HashMap<>();

  private Stores() {}

  /** The store of {@code url}, opened if needed; counts one connection until {@link #release}. */
  public static synchronized SqlEngine open(StoreAddress url) throws SQLException {
    String id = id(url);
    Entry e = STORES.get(id);
    if (e == null) {
      CoStore store = null;
      try {
        store = CoStore.open(config(url));
        if (url.leaseTimeout() != null) {
          store.putSetting(io.coagent.engine.LeaseTimeout.NAME, url.leaseTimeout());
        }
        if (url.historyRetention() != null) {
          store.putSetting(io.coagent.engine.HistoryRetention.NAME, url.historyRetention());
        }
        SqlEngine engine = SqlEngine.of(store, name(url));
        RecoveredOperators.resubmit(engine);
        e = new Entry(engine, !url.memory());
      } catch (RuntimeException | StackOverflowError | AssertionError ex) {
        if (store != null) {
          store.close(); // a failed open must not keep the file locked or half registered
        }
        SQLException s = SessionErrors.translate(ex, "open store " + id);
        SqlState state = SqlState.of(s.getSQLState());
        throw state == null || state.sqlClass().equals("08") ? s : state.exception(
            "cannot open store " + id + ": " + s.getMessage()
            + "; check the path, its permissions and that no other process holds the file", ex);
      }
      STORES.put(id, e);
    }
    e.connections++;
    return e.engine;
  }

  /** One connection of {@code url} closed; a file store closes with its last connection. */
  public static synchronized void release(StoreAddress url) {
    String id = id(url);
    Entry e = STORES.get(id);
    if (e != null && --e.connections <= 0 && e.file) {
      STORES.remove(id);
      e.engine.store().close();
    }
  }

  /** Closes and forgets the store of {@code url}, if open, whatever its connections. */
  public static synchronized void close(StoreAddress url) {
    Entry e = STORES.remove(id(url));
    if (e != null) {
      e.engine.store().close();
    }
  }

  /** The store's name: a file store's file name without {@code .coagent}, a memory store's name. */
  private static String name(StoreAddress url) {
    if (url.memory()) {
      return url.location();
    }
    Path f = Path.of(url.location()).getFileName();
    String n = f == null ? url.location() : f.toString();
    return n.endsWith(".coagent") ? n.substring(0, n.length() - ".coagent".length()) : n;
  }

  private static String id(StoreAddress url) {
    return url.memory() ? "mem:" + url.location()
        : "file:" + Path.of(url.location()).toAbsolutePath().normalize();
  }

  private static StoreConfig config(StoreAddress url) {
    if (url.memory()) {
      return StoreConfig.inMemory();
    }
    StoreConfig c = StoreConfig.file(Path.of(url.location()).toAbsolutePath().normalize());
    return url.durability() == null ? c : c.withDurability(url.durability());
  }
}
