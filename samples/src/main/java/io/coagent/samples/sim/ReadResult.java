package io.coagent.samples.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one query returned, keyed by primary key. Immutable: a repair builds a patched copy, so the
 * agent can compare its plan under the old and the new value.
 *
 * <p>Patching is how a simulated agent learns the value its read <em>would</em> return now at its
 * own place in the serial order: the notification carries that row ({@code now}); re-running the
 * query would not do, because it would also see the agent's own later writes.
 */
public final class ReadResult {
  private final ToolCall.Query query;
  private final List<String> columns;
  private final TreeMap<Object, Rec> rows;

  ReadResult(ToolCall.Query query, List<String> columns, TreeMap<Object, Rec> rows) {
    this.query = query;
    this.columns = List.copyOf(columns);
    this.rows = rows;
  }

  public ToolCall.Query query() {
    return query;
  }

  public List<Rec> rows() {
    return List.copyOf(rows.values());
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The only row (point reads), or null if the key is absent. */
  public Rec one() {
    return rows.isEmpty() ? null : rows.firstEntry().getValue();
  }

  /** This result with row {@code key} replaced by {@code now} (null: absent) if it matches. */
  public ReadResult patched(Object key, Object[] now) {
    TreeMap<Object, Rec> copy = new TreeMap<>(rows);
    copy.remove(Rec.norm(key));
    if (now != null) {
      Rec r = Rec.of(columns, now);
      if (query.matches(r)) {
        copy.put(r.key(), r);
      }
    }
    return new ReadResult(query, columns, copy);
  }

  /** An estimate of the tokens this result costs in the agent's context (4 characters a token). */
  public int tokens() {
    int chars = 16;
    for (Rec r : rows.values()) {
      chars += r.toString().length();
    }
    return chars / 4;
  }

  static TreeMap<Object, Rec> index(List<Rec> list) {
    TreeMap<Object, Rec> m = new TreeMap<>();
    for (Rec r : list) {
      m.put(r.key(), r);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadResult r && query.equals(r.query) && rows.equals(r.rows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(query, rows);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Object, Rec> e : rows.entrySet()) {
      parts.add("{" + e.getValue() + "}");
    }
    return parts.isEmpty() ? "(no rows)" : String.join(" ", parts);
  }
}
