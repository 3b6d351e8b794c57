package io.coagent.samples.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The final contents of a workload's tables, ordered by key: what the oracle compares. */
public record State(Map<String, List<Rec>> tables) {
  public State {
    tables = java.util.Collections.unmodifiableMap(new TreeMap<>(tables));
  }

  public List<Rec> rows(String table) {
    List<Rec> r = tables.get(table.toUpperCase(java.util.Locale.ROOT));
    if (r == null) {
      throw new IllegalArgumentException("no table " + table + " in the snapshot");
    }
    return r;
  }

  /** The row with this key, or null. */
  public Rec row(String table, Object key) {
    for (Rec r : rows(table)) {
      if (r.key().equals(Rec.norm(key))) {
        return r;
      }
    }
    return null;
  }

  /** A short description of the first difference from {@code other}, or null if equal. */
  public String diff(State other) {
    for (String t : tables.keySet()) {
      List<Rec> a = tables.get(t);
      List<Rec> b = other.tables.get(t);
      if (!a.equals(b)) {
        for (int i = 0; i < Math.max(a.size(), b == null ? 0 : b.size()); i++) {
          Rec x = i < a.size() ? a.get(i) : null;
          Rec y = b != null && i < b.size() ? b.get(i) : null;
          if (x == null || !x.equals(y)) {
            return t + ": " + x + " vs " + y;
          }
        }
      }
    }
    return null;
  }
}
