package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.OpState;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.TableDef;
import io.coagent.engine.WriteInfo;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rendered {@code UNDO_SQL} per operation id, so that repeated scans of {@code SYS.OPERATIONS}
 * render each operation once. An operation's writes never change once it has left RUNNING, so
 * the text depends only on them and on the definitions of the tables written: an entry is reused
 * while those definitions are unchanged (a table dropped or re-created renders again). Bounded
 * (least recently used entries go first); one cache per session.
 */
final class UndoCache {
  private static final int CAPACITY = 50_000;

  private record Entry(String sql, Map<String, TableDef> tables) {}

  private final CoStore store;
  private final Map<Long, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
      return size() > CAPACITY;
    }
  };

  UndoCache(CoStore store) {
    this.store = store;
  }

  String of(OperationInfo op) {
    if (op.state() == OpState.RUNNING || op.state() == OpState.FAILED || op.writes().isEmpty()) {
      return null;
    }
    synchronized (entries) {
      Entry e = entries.get(op.id());
      if (e != null && current(e)) {
        return e.sql();
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (WriteInfo w : op.writes()) {
      names.add(w.table());
    }
    Map<String, TableDef> defs = new LinkedHashMap<>();
    for (String n : names) {
      defs.put(n, store.table(n).orElse(null)); // null: dropped
    }
    String sql = UndoSql.of(op, n -> Optional.ofNullable(defs.get(n)));
    synchronized (entries) {
      entries.put(op.id(), new Entry(sql, defs));
    }
    return sql;
  }

  private boolean current(Entry e) {
    for (Map.Entry<String, TableDef> d : e.tables().entrySet()) {
      if (!Objects.equals(store.table(d.getKey()).orElse(null), d.getValue())) {
        return false;
      }
    }
    return true;
  }
}
