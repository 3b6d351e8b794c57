package io.coagent.engine.internal;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.internal.storage.Records;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One read footprint: a point read of one key or a predicate scan over a key range, made by one
 * operation at position (reader rank, seq). Registered in the key's chain (point) or the table's
 * scan set (scan) while the reader is active; kept afterwards for the rule-10 check.
 *
 * <p>{@code resultHash} is a hash of what the read returned (projected on {@code columns}); the
 * quiescence check compares it with the same read re-run at its serial position. A footprint
 * recovered from disk keeps its key or range and its persisted result hash, but not its predicate
 * (predicate TRUE; a point read keeps its columns, a scan all columns): notifications stay sound
 * (a superset). The check re-runs a recovered point read exactly; a recovered scan is re-run over
 * its whole range and compared with {@code rangeHash} (every row in the range unchanged implies
 * the same result; a change in the range that the lost predicate would have ignored is a finding
 * on the safe side). An index scan is a scan of every key whose predicate includes the index
 * range condition; it persists that condition ({@link #indexColumns}, {@link #indexRange}), so its
 * recovered form is the condition alone and its {@code rangeHash} covers the rows meeting it.
 */
final class ReadRecord {
  final TrajectoryImpl reader;
  final long op;
  final long seq;
  final TableData table;
  final Key key;
  final KeyRange range;
  final RowPredicate predicate;
  final int[] columns;
  /**
   * The table's column count when the read was made: a read of all columns ({@code columns}
   * null) read those, so a column added later (ALTER TABLE ADD COLUMN) is not part of its
   * result ({@link #hash}).
   */
  final int width;
  final boolean recovered;
  /**
   * For an index scan: the indexed column positions and the range over their values that the
   * scan read (its predicate includes that condition; {@code range} is then every key). Unlike the
   * predicate these survive a restart, so a recovered index scan keeps the index condition.
   */
  int[] indexColumns;
  KeyRange indexRange;
  long resultHash;
  /**
   * A scan's hash of every row it saw in its range, all columns, predicate or not: what its
   * recovered form (predicate TRUE, all columns) re-runs to. Persisted for scans instead of
   * {@code resultHash}, whose predicate does not survive a restart.
   */
  long rangeHash;
  /**
   * Whether {@code resultHash} is what the read returned: always for a live read; for a recovered
   * one, when its file kept the hash (files written before it was persisted did not).
   */
  boolean hashKnown = true;
  /**
   * What this read saw of other trajectories' changes whose records were not yet in the backend
   * when it ran (null: none, the common case). A crash can keep this read's record and lose such
   * a change, leaving nothing after the restart that would tell the reader: recovery compares
   * these with the recovered operations and notifies the reader of each one lost
   * ({@link Recovery}). Written only by the reading operation's thread, before its record.
   */
  List<Records.Unlogged> unlogged;
  /** Set when the reading operation is undone or fails: the read no longer counts. */
  volatile boolean retracted;

  ReadRecord(TrajectoryImpl reader, long op, long seq, TableData table, Key key, KeyRange range,
      RowPredicate predicate, int[] columns, boolean recovered) {
    this.reader = reader;
    this.op = op;
    this.seq = seq;
    this.table = table;
    this.key = key;
    this.range = range;
    this.predicate = predicate;
    this.columns = columns == null ? null : columns.clone();
    this.width = table.def().columns().size();
    this.recovered = recovered;
  }

  /**
   * Notes that this read depends on {@code v}, a version of another trajectory whose change is
   * not yet logged: it saw {@code v} ({@code undo} false) or saw the row without it ({@code undo}
   * true), {@code seen} being the row it saw.
   */
  void dependOn(Key k, Version v, boolean undo, Object[] seen) {
    if (unlogged == null) {
      unlogged = new ArrayList<>(1);
    }
    unlogged.add(new Records.Unlogged(k.toArray(), v.writer.agent(), v.rank, v.op, undo,
        Values.copy(seen)));
  }

  /** The hash of {@code values} projected on what this read read (its columns, or its width). */
  long hash(Object[] values) {
    return Values.hash(values != null && columns == null && values.length > width
        ? Arrays.copyOf(values, width) : values, columns);
  }

  boolean isPoint() {
    return key != null;
  }

  boolean covers(Key k) {
    return isPoint() ? key.equals(k) : range.contains(k);
  }

  /** Whether the change from {@code before} to {@code after} changes this read's result. */
  boolean affectedBy(Object[] before, Object[] after) {
    boolean inBefore = before != null && (isPoint() || predicate.test(before));
    boolean inAfter = after != null && (isPoint() || predicate.test(after));
    if (inBefore != inAfter) {
      return true;
    }
    return inBefore && !(columns == null && before.length > width
        ? Arrays.deepEquals(Arrays.copyOf(before, width), Arrays.copyOf(after, width))
        : Values.sameColumns(before, after, columns));
  }

  String describe() {
    String cols = columns == null ? "" : " columns " + Arrays.toString(columns);
    if (isPoint()) {
      return "point read of " + table.def().name() + " key " + key + cols;
    }
    if (indexColumns != null) {
      return "index scan of " + table.def().name() + " columns " + Arrays.toString(indexColumns)
          + " range " + indexRange + cols;
    }
    return "scan of " + table.def().name() + " range " + range + cols;
  }
}
