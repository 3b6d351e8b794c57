package io.coagent.sql.internal.schema;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import java.util.Arrays;
import org.apache.calcite.sql.SqlKind;

/**
 * The key access path of one scan, from the comparisons of primary-key columns with constants.
 *
 * <p>Design: with {@code m} leading key columns bound by equality (the prefix) the scan reads
 * {@code KeyRange.prefix(prefix)}; comparisons ({@code <, <=, >, >=}) on key column {@code m}
 * narrow that range further; all {@code n} key columns bound make a point read. Keys order
 * lexicographically and a shorter key sorts before its extensions, so for a prefix {@code p}:
 * {@code col >= v} starts at {@code p+v} inclusive, {@code col > v} after every extension of
 * {@code p+v}, {@code col < v} ends before {@code p+v}, {@code col <= v} after every extension of
 * {@code p+v}. Conjuncts the chosen range enforces exactly are reported by {@link #exact}, so the
 * caller can drop them from Calcite's residual filters (the footprint keeps them anyway).
 *
 * <p>The same bounds over the columns of a secondary index give the range of an index scan
 * ({@link FilterTranslator}); index entries are tuples of as many values as the index has
 * columns, ordered as keys are.
 */
final class KeyBounds {
  private final int size;
  private final Object[] eq;
  private final boolean[] conflict;
  private final Bound[] low;
  private final Bound[] high;
  private int prefix = -1;

  KeyBounds(int keyColumns) {
    size = keyColumns;
    eq = new Object[size];
    conflict = new boolean[size];
    low = new Bound[size];
    high = new Bound[size];
  }

  /** Records {@code key[pos] kind v}; {@code v} is an exact value of the column's type. */
  void add(int pos, SqlKind kind, Object v) {
    switch (kind) {
      case EQUALS -> {
        if (eq[pos] != null && Values.compare(eq[pos], v) != 0) {
          conflict[pos] = true;
        }
        eq[pos] = v;
      }
      case GREATER_THAN, GREATER_THAN_OR_EQUAL -> low[pos] =
          Bound.tighter(low[pos], new Bound(v, kind == SqlKind.GREATER_THAN_OR_EQUAL), true);
      default -> high[pos] =
          Bound.tighter(high[pos], new Bound(v, kind == SqlKind.LESS_THAN_OR_EQUAL), false);
    }
  }

  /** Number of leading key columns bound by equality (BETWEEN x AND x counts as equality). */
  int prefix() {
    if (prefix < 0) {
      prefix = 0;
      while (prefix < size) {
        Bound l = low[prefix];
        Bound h = high[prefix];
        if (eq[prefix] == null && l != null && h != null && l.inclusive() && h.inclusive()
            && Values.compare(l.value(), h.value()) == 0) {
          eq[prefix] = l.value();
        }
        if (eq[prefix] == null) {
          break;
        }
        prefix++;
      }
    }
    return prefix;
  }

  /** Whether the leading column is bound at all (by equality or a comparison). */
  boolean bounded() {
    return size > 0 && (prefix() > 0 || low[0] != null || high[0] != null);
  }

  /** The key of a point read, or null. */
  Key point() {
    return size > 0 && prefix() == size ? Key.of(eq) : null;
  }

  /** The key range to scan (when {@link #point()} is null). */
  KeyRange range() {
    int m = prefix();
    Object[] p = Arrays.copyOf(eq, m);
    Bound l = m < size ? low[m] : null;
    Bound h = m < size ? high[m] : null;
    boolean last = m + 1 == size;
    Key lowKey = l == null ? (m == 0 ? null : Key.of(p))
        : l.inclusive() || last ? extend(p, l.value()) : extend(p, l.value()).prefixUpperBound();
    boolean lowIncl = l == null || l.inclusive();
    Key highKey = h == null ? (m == 0 ? null : Key.of(p).prefixUpperBound())
        : !h.inclusive() || last ? extend(p, h.value()) : extend(p, h.value()).prefixUpperBound();
    boolean highIncl = h != null && h.inclusive() && last || highKey == null;
    return new KeyRange(lowKey, lowIncl, highKey, highIncl);
  }

  /** Whether the access path enforces {@code key[pos] kind value} exactly. */
  boolean exact(int pos, SqlKind kind) {
    int m = prefix();
    if (conflict[pos]) {
      return false;
    }
    return kind == SqlKind.EQUALS ? pos < m : pos == m && m < size;
  }

  private static Key extend(Object[] prefix, Object v) {
    Object[] k = Arrays.copyOf(prefix, prefix.length + 1);
    k[prefix.length] = v;
    return Key.of(k);
  }

  /** One end of a range on one key column. */
  record Bound(Object value, boolean inclusive) {
    static Bound tighter(Bound old, Bound b, boolean lower) {
      if (old == null) {
        return b;
      }
      int c = Values.compare(b.value, old.value);
      if (c == 0) {
        return b.inclusive ? old : b;
      }
      return (c > 0) == lower ? b : old;
    }
  }
}
