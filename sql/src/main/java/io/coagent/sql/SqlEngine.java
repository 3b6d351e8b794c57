package io.coagent.sql;

import io.coagent.engine.CoStore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQL front end of one {@link CoStore}.
 *
 * <p>Design: the engine owns all data and table definitions; this object only adds what SQL needs
 * on top of them and is shared by every connection of the store: a catalog version that DDL bumps
 * so that sessions drop plans made against an older schema. Sessions ({@link #openSession()}) are
 * per connection and hold the Calcite planner state and the plan cache.
 */
public final class SqlEngine {
  private final CoStore store;
  private final AtomicLong localVersion = new AtomicLong();

  private SqlEngine(CoStore store) {
    this.store = store;
  }

  public static SqlEngine of(CoStore store) {
    return new SqlEngine(store);
  }

  public CoStore store() {
    return store;
  }

  public SqlSession openSession() {
    return new SqlSession(this);
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
