package io.coagent.sql;

import io.coagent.engine.CoStore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQL front end of one {@link CoStore}.
 *
 * <p>Design: the engine owns all data and table definitions; this object only adds what SQL needs
 * on top of them and is shared by every connection of the store: a catalog version that DDL bumps
 * so that sessions drop plans made against an older schema, and one repair session in which the
 * driver re-runs operator auto-commit statements ({@link #repairSession()}). Sessions ({@link #openSession()}) are
 * per connection and hold the Calcite planner state and the plan cache.
 */
public final class SqlEngine {
  private final CoStore store;
  private final String name;
  private final AtomicLong localVersion = new AtomicLong();
  /** The operator session that re-runs auto-commit statements; see {@link #repairSession()}. */
  private SqlSession repair;

  private SqlEngine(CoStore store, String name) {
    this.store = store;
    this.name = name;
  }

  public static SqlEngine of(CoStore store) {
    return new SqlEngine(store, null);
  }

  /** {@code name}: what the store is called (a server's database name), or null. */
  public static SqlEngine of(CoStore store, String name) {
    return new SqlEngine(store, name);
  }

  /** The store's name (for {@code pg_catalog.pg_database}), or null if it has none. */
  public String name() {
    return name;
  }

  public CoStore store() {
    return store;
  }

  /** A session of an operator connection (no agent): its SYS tables show every row. */
  public SqlSession openSession() {
    return new SqlSession(this, null);
  }

  /**
   * A session of {@code agent}'s connection ({@code null}: an operator). The agent name scopes
   * the SYS tables to its own rows and is the owner SYS procedures (UNDO, ACK) act for.
   */
  public SqlSession openSession(String agent) {
    return new SqlSession(this, agent);
  }

  /**
   * The one operator session in which auto-commit repairs re-run statements (on the store's commit
   * thread). Shared so that its plan cache survives across repairs: a re-run of a text planned
   * before costs execution only, never a Calcite planning. Callers synchronize on it.
   */
  public synchronized SqlSession repairSession() {
    if (repair == null) {
      repair = openSession();
    }
    return repair;
  }

  /**
   * Increases on every CREATE/DROP, whether issued through SQL or the engine's Java API; plans of
   * older versions are stale.
   */
  public long catalogVersion() {
    return store.catalogVersion() + localVersion.get();
  }

  /** Called by DDL after it changed the schema (covers SQL-level changes the store cannot see). */
  public void schemaChanged() {
    localVersion.incrementAndGet();
  }
}
