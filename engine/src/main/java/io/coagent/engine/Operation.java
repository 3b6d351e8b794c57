package io.coagent.engine;

import java.util.List;

/**
 * One statement's effect inside a trajectory (spec: "operation"). Obtained from
 * {@link Trajectory#begin}; holds the trajectory's statement lock until closed, so statements of
 * one trajectory never interleave even when several connections share it.
 *
 * <p>Reads see the trajectory's place in the order (spec rule 1): the newest non-undone version
 * written by a lower rank, or by this trajectory's own earlier operations. Every read registers a
 * footprint so that later lower-rank writes notify this trajectory (rule 4). Writes are visible at
 * once to higher ranks (rule 2).
 *
 * <p>{@link #complete()} makes the operation durable and part of the log; {@link #close()} without
 * a prior {@code complete()} removes every partial effect and marks the operation FAILED.
 *
 * <p>Column subsets ({@code int[] columns}): {@code null} means the read depends on every column;
 * an empty array means it depends only on whether the row exists. A write that changes only
 * columns outside the subset (and does not move the row across a scan predicate) notifies no one.
 */
public interface Operation extends AutoCloseable {
  long id();

  /** Position of this operation within its trajectory (1, 2, ...). */
  long seq();

  Row get(String table, Key key);

  Row get(String table, Key key, int[] columns);

  /** Predicate scan over a key range, in key order. */
  List<Row> scan(String table, KeyRange range, RowPredicate predicate);

  List<Row> scan(String table, KeyRange range, RowPredicate predicate, int[] columns);

  /**
   * Index scan: the rows of {@code table} whose values of the columns of index {@code index} lie
   * in {@code range} (a range over those values, compared as keys with nulls first) and that
   * {@code predicate} accepts, in key order. Its footprint is a predicate scan of the whole table
   * whose predicate is "in the range and accepted", so a lower rank's write moving a row into or
   * out of the range notifies exactly as a table scan with that predicate would.
   */
  List<Row> scanIndex(String table, String index, KeyRange range, RowPredicate predicate,
      int[] columns);

  /**
   * Inserts a row; returns its key (the fresh hidden row id for tables without a primary key).
   * The uniqueness check is a read: if a lower rank later inserts the same key, this trajectory is
   * notified.
   */
  Key insert(String table, Object[] values);

  /** Replaces the row at {@code key} if it exists (an existence read); false if absent. */
  boolean update(String table, Key key, Object[] values);

  /** Deletes the row at {@code key} if it exists (an existence read); false if absent. */
  boolean delete(String table, Key key);

  /** Blind upsert by primary key: writes without reading, so it registers no footprint. */
  void put(String table, Object[] values);

  int rowsAffected();

  /**
   * Attaches a durable note to this operation (replacing any earlier one). The engine never
   * interprets it; the SQL layer keeps what it needs to re-run the statement independently (its
   * parameters and a hash of its result, for the quiescence check). Persisted by
   * {@link #complete()}; recovered in {@link OperationInfo#annotation()}.
   */
  void annotate(String note);

  /** Ends the statement successfully and makes it durable (per the store's durability mode). */
  void complete();

  /** Ends the statement; if {@link #complete()} was not called, undoes its partial effects. */
  @Override
  void close();
}
