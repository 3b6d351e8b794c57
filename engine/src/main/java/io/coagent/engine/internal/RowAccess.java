package io.coagent.engine.internal;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Row;
import io.coagent.engine.RowPredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Order-filtered reads (rule 1) with footprint registration, and footprint removal.
 *
 * <p>Protocol: a footprint is registered before the data it covers is read (point reads: in the
 * same chain-monitor section; scans: in the table's scan set before iterating). Writers do the
 * opposite: apply, then look for footprints. See {@link TableData} for why this loses nothing.
 */
final class RowAccess {
  private RowAccess() {}

  /** Creates a footprint for {@code op} and counts it against the trajectory's bound. */
  static ReadRecord register(OperationImpl op, TableData td, Key key, KeyRange range,
      RowPredicate predicate, int[] columns) {
    ReadRecord r = new ReadRecord(op.trajectory, op.id, op.pos(), td, key, range, predicate,
        columns, false);
    op.trajectory.addRead(r);
    op.reads.add(r);
    return r;
  }

  static Row get(OperationImpl op, TableData td, Key key, int[] columns) {
    ReadRecord r = register(op, td, key, null, null, columns);
    while (true) {
      VersionChain c = td.chain(key);
      synchronized (c) {
        if (c.retired()) {
          continue;
        }
        c.addReader(r);
        Object[] values = see(r, key, c);
        r.resultHash = r.hash(values);
        return values == null ? null : new Row(key, values.clone());
      }
    }
  }

  static List<Row> scan(OperationImpl op, TableData td, KeyRange range, RowPredicate predicate,
      int[] columns) {
    RowPredicate p = predicate == null ? RowPredicate.TRUE : predicate;
    ReadRecord r = register(op, td, null, range, p, columns);
    td.scans.add(r);
    List<Row> out = new ArrayList<>();
    long h = 1;
    long whole = 1;
    for (Map.Entry<Key, VersionChain> e : slice(td, range).entrySet()) {
      Object[] values = see(r, e.getKey(), e.getValue());
      if (values != null) {
        whole = Values.mix(whole, e.getKey().hashCode() ^ Values.hash(values, null));
      }
      if (values != null && p.test(values)) {
        out.add(new Row(e.getKey(), values.clone()));
        h = Values.mix(h, e.getKey().hashCode() ^ r.hash(values));
      }
    }
    r.resultHash = h;
    r.rangeHash = whole;
    return out;
  }

  /**
   * An index scan: the rows visible to {@code op} whose indexed values lie in {@code range} and
   * that {@code predicate} accepts, in key order. The footprint is a scan of every key with the
   * predicate "in the index range and accepted" ({@link SecondaryIndex.Condition}), registered
   * before the index is read, so it is exactly as precise as a table scan with that predicate:
   * a write moving a row into or out of the range, anywhere in the table, notifies the reader.
   * Candidates come from the index (a superset, possibly stale) and are resolved through the
   * ordinary visibility path.
   */
  static List<Row> scanIndex(OperationImpl op, TableData td, SecondaryIndex ix, KeyRange range,
      RowPredicate predicate, int[] columns) {
    SecondaryIndex.Condition cond = new SecondaryIndex.Condition(ix.columnArray(), range,
        predicate == null ? RowPredicate.TRUE : predicate);
    ReadRecord r = register(op, td, null, KeyRange.ALL, cond, columns);
    r.indexColumns = cond.columns();
    r.indexRange = range;
    td.scans.add(r);
    java.util.TreeSet<Key> keys = new java.util.TreeSet<>();
    ix.candidates(range).forEachRemaining(keys::add);
    List<Row> out = new ArrayList<>();
    long h = 1;
    long whole = 1;
    for (Key k : keys) {
      VersionChain c = td.rows.get(k);
      Object[] values = c == null ? null : see(r, k, c);
      if (values == null || !cond.inRange(values)) {
        continue;
      }
      whole = Values.mix(whole, k.hashCode() ^ Values.hash(values, null));
      if (cond.inner().test(values)) {
        out.add(new Row(k, values.clone()));
        h = Values.mix(h, k.hashCode() ^ Values.hash(values, columns));
      }
    }
    r.resultHash = h;
    r.rangeHash = whole;
    return out;
  }

  /** The live state (rank and position infinite): no footprint. */
  static List<Row> scanLive(TableData td, KeyRange range, RowPredicate predicate) {
    RowPredicate p = predicate == null ? RowPredicate.TRUE : predicate;
    List<Row> out = new ArrayList<>();
    for (Map.Entry<Key, VersionChain> e : slice(td, range).entrySet()) {
      Object[] values = visibleValues(e.getValue(), Long.MAX_VALUE, Long.MAX_VALUE);
      if (values != null && p.test(values)) {
        out.add(new Row(e.getKey(), values.clone()));
      }
    }
    return out;
  }

  /**
   * The row {@code r} sees in {@code c} (null: absent), noting each change of another trajectory
   * it depends on that is not yet logged ({@link ReadRecord#dependOn}): the version it sees, and
   * any undone version between that one and its position (the read sees the row without it). A
   * dependency on a write or undo that is logged already needs no note: the reader's own sync
   * writes it too (every backend version is a consistent cut). Cost: the walk {@code visible}
   * makes anyway, plus one volatile read per version walked.
   */
  private static Object[] see(ReadRecord r, Key key, VersionChain c) {
    synchronized (c) {
      List<Version> vs = c.versions();
      Version seen = null;
      int i = c.upperIndex(r.reader.rank(), r.seq) - 1;
      int firstUndone = -1;
      for (; i >= 0; i--) {
        Version v = vs.get(i);
        if (!v.undone) {
          seen = v;
          break;
        }
        if (firstUndone < 0 && v.writer != r.reader && v.writer.unlogged(v)) {
          firstUndone = i;
        }
      }
      Object[] values = seen == null ? null : seen.values;
      if (seen != null && seen.writer != r.reader && seen.writer.unlogged(seen)) {
        r.dependOn(key, seen, false, values);
      }
      for (int j = firstUndone; j > i && j >= 0; j--) { // rare: an undo or abort in flight
        Version v = vs.get(j);
        if (v.undone && v.writer != r.reader && v.writer.unlogged(v)) {
          r.dependOn(key, v, true, values);
        }
      }
      return values;
    }
  }

  static Object[] visibleValues(VersionChain c, long rank, long pos) {
    synchronized (c) {
      Version v = c.visible(rank, pos, null, false);
      return v == null ? null : v.values;
    }
  }

  /**
   * The result hash of read {@code r} re-run at position (rank, pos) over the versions accepted
   * by {@code include}; equal to {@code r.resultHash} iff the read would return the same rows.
   */
  static long rerun(ReadRecord r, long rank, long pos, java.util.function.Predicate<Version> include) {
    if (r.isPoint()) {
      VersionChain c = r.table.rows.get(r.key);
      return r.hash(c == null ? null : visible(c, rank, pos, include));
    }
    long h = 1;
    for (Map.Entry<Key, VersionChain> e : slice(r.table, r.range).entrySet()) {
      Object[] v = visible(e.getValue(), rank, pos, include);
      if (v != null && r.predicate.test(v)) {
        h = Values.mix(h, e.getKey().hashCode() ^ r.hash(v));
      }
    }
    return h;
  }

  /**
   * The key of a row of {@code r}'s table, visible at (rank, pos) over the versions accepted by
   * {@code include}, that {@code reference} accepts but the read did not cover (outside its range
   * or rejected by its predicate); null if none. Reads every row of the table.
   */
  static Key uncovered(ReadRecord r, RowPredicate reference, long rank, long pos,
      java.util.function.Predicate<Version> include) {
    for (Map.Entry<Key, VersionChain> e : r.table.rows.entrySet()) {
      Object[] v = visible(e.getValue(), rank, pos, include);
      if (v != null && reference.test(v)
          && !(r.range.contains(e.getKey()) && r.predicate.test(v))) {
        return e.getKey();
      }
    }
    return null;
  }

  private static Object[] visible(VersionChain c, long rank, long pos,
      java.util.function.Predicate<Version> include) {
    synchronized (c) {
      Version v = c.visible(rank, pos, include);
      return v == null ? null : v.values;
    }
  }

  static NavigableMap<Key, VersionChain> slice(TableData td, KeyRange range) {
    return slice(td.rows, range);
  }

  /** The part of a key-ordered map inside {@code range} (a view; empty if the range is). */
  static <V> NavigableMap<Key, V> slice(NavigableMap<Key, V> map, KeyRange range) {
    if (range.low() != null && range.high() != null) {
      int c = range.low().compareTo(range.high());
      if (c > 0 || (c == 0 && !(range.lowInclusive() && range.highInclusive()))) {
        return java.util.Collections.emptyNavigableMap(); // submap views reject low > high
      }
    }
    NavigableMap<Key, V> m = map;
    if (range.low() != null) {
      m = m.tailMap(range.low(), range.lowInclusive());
    }
    if (range.high() != null) {
      m = m.headMap(range.high(), range.highInclusive());
    }
    return m;
  }

  /**
   * Removes footprints from their registries. {@code retract} also marks them as no longer
   * counting (the reading operation was undone); otherwise they are kept for the rule-10 check.
   */
  static void unregister(List<ReadRecord> reads, boolean retract) {
    for (ReadRecord r : reads) {
      if (retract) {
        r.retracted = true;
      }
      if (r.isPoint()) {
        VersionChain c = r.table.rows.get(r.key);
        if (c != null) {
          synchronized (c) {
            c.removeReader(r);
          }
          r.table.retire(r.key, c);
        }
      } else {
        r.table.scans.remove(r);
      }
    }
  }
}
