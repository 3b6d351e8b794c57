package io.coagent.engine.internal;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.RowPredicate;
import java.util.Arrays;

/**
 * One read footprint: a point read of one key or a predicate scan over a key range, made by one
 * operation at position (reader rank, seq). Registered in the key's chain (point) or the table's
 * scan set (scan) while the reader is active; kept afterwards for the rule-10 check.
 *
 * <p>{@code resultHash} is a hash of what the read returned (projected on {@code columns}); the
 * quiescence check compares it with the same read re-run at its serial position. A footprint
 * recovered from disk keeps only its key or range (predicate TRUE, all columns): notifications
 * stay sound (a superset), but its result hash is unknown, so the check skips it.
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
  final boolean recovered;
  long resultHash;
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
    this.recovered = recovered;
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
    return inBefore && !Values.sameColumns(before, after, columns);
  }

  String describe() {
    String cols = columns == null ? "" : " columns " + Arrays.toString(columns);
    if (isPoint()) {
      return "point read of " + table.def().name() + " key " + key + cols;
    }
    return "scan of " + table.def().name() + " range " + range + cols;
  }
}
