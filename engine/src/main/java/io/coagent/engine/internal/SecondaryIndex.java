package io.coagent.engine.internal;

import io.coagent.engine.IndexDef;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.RowPredicate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The entries of one secondary index: (indexed values, row key) for every version the table's
 * chains hold, whatever its rank, state or age. It is a derived structure, never persisted: the
 * definition is durable ({@link StoreImpl#createIndex}), the entries are rebuilt from the chains
 * at open and when created.
 *
 * <p>Invariant (superset): for every version {@code v} of row {@code k} in a chain of the table,
 * the entry {@code (def.valuesOf(v.values), k)} is present. Entries may be stale (their version
 * was undone, rolled back or compacted away, or the row moved on): an index scan resolves each
 * candidate key through the ordinary visibility path and re-applies its predicate, so a stale
 * entry costs a lookup and never changes a result. {@link #prune} drops stale entries.
 *
 * <p>Concurrency: the entry set is a concurrent skip list. A writer adds the entry of a new
 * version while it holds the chain's monitor, after adding the version and before looking for
 * scan footprints (see {@link TableData#add}); a scanner registers its footprint before it
 * iterates. So a scan that the writer does not notify started after the entry existed and finds
 * it. {@link #prune} removes an entry only under the monitor of its row's chain, after checking
 * that no version of the chain has those values, so it never races the add of a live entry.
 *
 * <p>Order: lexicographic on the indexed values, nulls first (as {@link Key#compareToValues}),
 * then by row key; ranges are {@link KeyRange}s over the indexed values.
 */
final class SecondaryIndex {
  /** An entry, or (key null) a probe placed just before or just after equal values. */
  private record Entry(Object[] values, Key key, Key bound, boolean probeAfter) {}

  private static final Comparator<Entry> ORDER = SecondaryIndex::compare;

  final IndexDef def;
  /** Set once built; only then do scans and definitions ({@link StoreImpl#indexes}) use it. */
  volatile boolean ready;
  private final NavigableSet<Entry> entries = new ConcurrentSkipListSet<>(ORDER);

  SecondaryIndex(IndexDef def) {
    this.def = def;
  }

  /** Adds the entry of a version with {@code row} values (a deletion, null, has none). */
  void add(Key key, Object[] row) {
    if (row != null) {
      entries.add(new Entry(def.valuesOf(row), key, null, false));
    }
  }

  /** Adds the entries of every version of every chain of {@code td} (build and rebuild). */
  void build(TableData td) {
    td.rows.forEach((key, chain) -> {
      synchronized (chain) {
        for (Version v : chain.versions()) {
          add(key, v.values);
        }
      }
    });
  }

  /**
   * Row keys with an entry in {@code range} (over the indexed values), in index order, possibly
   * repeated and possibly stale: a superset of the rows in the range any reader can see.
   */
  Iterator<Key> candidates(KeyRange range) {
    NavigableSet<Entry> from = range.low() == null ? entries
        : entries.tailSet(probe(range.low(), !range.lowInclusive()), false);
    Iterator<Entry> it = from.iterator();
    return new Iterator<>() {
      private Key next = advance();

      private Key advance() {
        while (it.hasNext()) {
          Entry e = it.next();
          if (range.high() != null) {
            int c = -range.high().compareToValues(e.values);
            if (c > 0 || (c == 0 && !range.highInclusive())) {
              return null;
            }
          }
          return e.key;
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Key next() {
        Key k = next;
        if (k == null) {
          throw new java.util.NoSuchElementException();
        }
        next = advance();
        return k;
      }
    };
  }

  /** Removes the entries no version of their row's chain still has; returns how many. */
  int prune(TableData td) {
    int removed = 0;
    for (Entry e : entries) {
      while (true) {
        VersionChain c = td.chain(e.key);
        boolean live = false;
        synchronized (c) {
          if (c.retired()) {
            continue;
          }
          for (Version v : c.versions()) {
            if (v.values != null && Arrays.equals(def.valuesOf(v.values), e.values)) {
              live = true;
              break;
            }
          }
          if (!live) {
            entries.remove(e);
            removed++;
          }
        }
        td.retire(e.key, c);
        break;
      }
    }
    return removed;
  }

  int size() {
    return entries.size();
  }

  /**
   * The footprint predicate of an index scan: the row's indexed values lie in {@code range} and
   * {@code inner} (the caller's predicate, null after recovery) accepts the row. Pure, as
   * {@link RowPredicate} requires; its reference is the inner predicate's.
   */
  record Condition(int[] columns, KeyRange range, RowPredicate inner) implements RowPredicate {
    boolean inRange(Object[] row) {
      Object[] v = new Object[columns.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = row[columns[i]];
      }
      return range.containsValues(v);
    }

    @Override
    public boolean test(Object[] row) {
      return inRange(row) && (inner == null || inner.test(row));
    }

    @Override
    public RowPredicate reference() {
      return inner == null ? null : inner.reference();
    }
  }

  int[] columnArray() {
    return def.columns().stream().mapToInt(Integer::intValue).toArray();
  }

  private static Entry probe(Key bound, boolean after) {
    return new Entry(null, null, bound, after);
  }

  private static int compare(Entry a, Entry b) {
    if (a.key == null) {
      return -compare(b, a);
    }
    if (b.key == null) {
      // b is a probe: compare a's values with b's bound key, then place b before or after equals
      int c = -b.bound.compareToValues(a.values);
      if (c != 0) {
        return c;
      }
      return b.probeAfter ? -1 : 1;
    }
    int c = compareValues(a.values, b.values);
    return c != 0 ? c : a.key.compareTo(b.key);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareValues(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null || b[i] == null) {
        if (a[i] != b[i]) {
          return a[i] == null ? -1 : 1;
        }
        continue;
      }
      int c = ((Comparable) a[i]).compareTo(b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
