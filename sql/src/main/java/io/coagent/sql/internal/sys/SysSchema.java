package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;

/**
 * The {@code SYS} schema of one session: read-only tables over the engine's introspection
 * snapshots. {@code TRAJECTORIES}, {@code OPERATIONS} and {@code NOTIFICATIONS} show an agent
 * connection its own rows (trajectories and operations of its agent, notifications it received);
 * an operator connection (no agent) sees every row. {@code ALL_TRAJECTORIES},
 * {@code ALL_OPERATIONS} and {@code ALL_NOTIFICATIONS} (the Oracle {@code USER_}/{@code ALL_}
 * convention) show every row to any connection, e.g. for an agent that wants the statement of
 * the writer a notification names. {@code RESERVATIONS} (ranks reserved by {@code SYS.LAUNCH},
 * not yet taken) is the team's schedule and shows every row to any connection. {@code OUTBOX}
 * (irreversible effects, {@link Outbox}) shows an agent its own entries, an operator every one.
 *
 * <p>Besides these fixed tables, the history relations of every store table are resolved by name
 * on each lookup ({@link HistoryRelations}): {@code SYS.<T>_HISTORY} and the internal targets of
 * time travel, {@code SYS.AT_RANK} and {@code SYS.DIFF}.
 */
public final class SysSchema extends AbstractSchema {
  public static final String NAME = "SYS";
  /** The fixed tables, in name order (the history relations come and go with store tables). */
  static final List<String> FIXED_TABLES = List.of("ALL_NOTIFICATIONS", "ALL_OPERATIONS",
      "ALL_TRAJECTORIES", "NOTIFICATIONS", "OPERATIONS", "OUTBOX", "RESERVATIONS", "TRAJECTORIES");

  private final CoStore store;
  private final Map<String, Table> tables;

  public SysSchema(CoStore store, String agent) {
    Predicate<String> own = agent == null ? a -> true : agent::equals;
    Predicate<String> all = a -> true;
    this.store = store;
    UndoCache undo = new UndoCache(store);
    this.tables = Map.of(
        "TRAJECTORIES", SysTables.trajectories(store, own),
        "OPERATIONS", SysTables.operations(store, own, undo),
        "NOTIFICATIONS", SysTables.notifications(store, own),
        "ALL_TRAJECTORIES", SysTables.trajectories(store, all),
        "ALL_OPERATIONS", SysTables.operations(store, all, undo),
        "ALL_NOTIFICATIONS", SysTables.notifications(store, all),
        "RESERVATIONS", SysTables.reservations(store),
        "OUTBOX", Outbox.table(store, own));
    assert tables.keySet().equals(Set.copyOf(FIXED_TABLES)) : tables.keySet();
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  @Override
  public Lookup<Table> tables() {
    return new Lookup<>() {
      @Override
      public Table get(String name) {
        Table t = tables.get(name);
        return t != null ? t : HistoryRelations.lookup(store, name);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        Table t = tables.get(name.toUpperCase(Locale.ROOT));
        if (t != null) {
          return new Named<>(name.toUpperCase(Locale.ROOT), t);
        }
        t = HistoryRelations.lookup(store, name);
        return t == null ? null : new Named<>(name, t);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Set<String> names = new TreeSet<>();
        Set<String> all = new TreeSet<>(tables.keySet());
        all.addAll(HistoryRelations.names(store));
        for (String n : all) {
          if (pattern.matcher().apply(n)) {
            names.add(n);
          }
        }
        return names;
      }
    };
  }
}
