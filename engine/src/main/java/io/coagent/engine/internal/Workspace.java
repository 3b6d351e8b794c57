package io.coagent.engine.internal;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The buffered writes of a non-MTPO trajectory, installed as versions at commit.
 *
 * <p>{@code pending} keeps every write in order (for installation and the operation log);
 * {@code latest} is the overlay that the trajectory's own reads see. Guarded by the trajectory's
 * statement lock (only its statements touch it); the monitor guards introspection.
 */
final class Workspace {
  /** Marks a key deleted in the overlay. */
  static final Object[] TOMBSTONE = new Object[0];

  record Pending(OperationImpl op, TableData table, Key key, Object[] values) {}

  private final List<Pending> pending = new ArrayList<>();
  private final Map<TableData, TreeMap<Key, Object[]>> latest = new HashMap<>();

  synchronized void write(OperationImpl op, TableData table, Key key, Object[] values) {
    pending.add(new Pending(op, table, key, values));
    latest.computeIfAbsent(table, t -> new TreeMap<>())
        .put(key, values == null ? TOMBSTONE : values);
  }

  /** The overlay value: null if this trajectory did not write the key, TOMBSTONE if deleted. */
  synchronized Object[] lookup(TableData table, Key key) {
    TreeMap<Key, Object[]> m = latest.get(table);
    return m == null ? null : m.get(key);
  }

  synchronized NavigableMap<Key, Object[]> slice(TableData table, KeyRange range) {
    TreeMap<Key, Object[]> m = latest.get(table);
    if (m == null) {
      return new TreeMap<>();
    }
    return new TreeMap<>(RowAccess.slice(m, range));
  }

  /** Drops the writes of {@code op} (a failed or undone statement) and rebuilds the overlay. */
  synchronized void discard(OperationImpl op) {
    pending.removeIf(p -> p.op() == op);
    latest.clear();
    for (Pending p : pending) {
      latest.computeIfAbsent(p.table(), t -> new TreeMap<>())
          .put(p.key(), p.values() == null ? TOMBSTONE : p.values());
    }
  }

  synchronized List<Pending> pending() {
    return new ArrayList<>(pending);
  }

  synchronized void clear() {
    pending.clear();
    latest.clear();
  }
}
