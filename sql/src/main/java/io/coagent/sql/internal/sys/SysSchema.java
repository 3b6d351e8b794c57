package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The {@code SYS} schema of one session: read-only tables over the engine's introspection
 * snapshots. {@code TRAJECTORIES}, {@code OPERATIONS} and {@code NOTIFICATIONS} show an agent
 * connection its own rows (trajectories and operations of its agent, notifications it received);
 * an operator connection (no agent) sees every row. {@code ALL_TRAJECTORIES},
 * {@code ALL_OPERATIONS} and {@code ALL_NOTIFICATIONS} (the Oracle {@code USER_}/{@code ALL_}
 * convention) show every row to any connection, e.g. for an agent that wants the statement of
 * the writer a notification names.
 */
public final class SysSchema extends AbstractSchema {
  public static final String NAME = "SYS";

  private final Map<String, Table> tables;

  public SysSchema(CoStore store, String agent) {
    Predicate<String> own = agent == null ? a -> true : agent::equals;
    Predicate<String> all = a -> true;
    UndoCache undo = new UndoCache(store);
    this.tables = Map.of(
        "TRAJECTORIES", SysTables.trajectories(store, own),
        "OPERATIONS", SysTables.operations(store, own, undo),
        "NOTIFICATIONS", SysTables.notifications(store, own),
        "ALL_TRAJECTORIES", SysTables.trajectories(store, all),
        "ALL_OPERATIONS", SysTables.operations(store, all, undo),
        "ALL_NOTIFICATIONS", SysTables.notifications(store, all));
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
