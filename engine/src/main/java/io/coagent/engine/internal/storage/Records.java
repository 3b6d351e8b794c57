package io.coagent.engine.internal.storage;

import java.util.List;

/**
 * The durable records of a store. Plain data: the storage layer knows nothing of the protocol.
 * Row values and keys are {@code Object[]} of the engine's value classes; a null row is absent.
 */
public final class Records {
  private Records() {}

  /**
   * {@code defaults} holds each column's DEFAULT SQL text or null (absent in older files); {@code
   * fills} the value each column reads as in a row written before the column was added (ALTER
   * TABLE ADD COLUMN), one per column, or null when no column was ever added (older files);
   * {@code constraints} the SQL text of the CHECK and FOREIGN KEY constraints (empty in older
   * files).
   */
  public record Table(long id, String name, List<String> columnNames, List<String> columnTypes,
      List<Boolean> nullable, List<Integer> primaryKey, List<String> defaults, Object[] fills,
      List<String> constraints) {}

  /**
   * {@code ended} is -1 while active; {@code commitSeq} is Long.MAX_VALUE unless committed;
   * {@code annotation} is the caller's durable note (null if none; absent in older files);
   * {@code endReason} why the store aborted it (lease expiry, operator), else null.
   */
  public record Trajectory(long id, String agent, long rank, String state, long started,
      long ended, String isolation, long commitSeq, String annotation, String endReason) {}

  /** One row written by an operation; {@code after} is the version's values. */
  public record Write(long tableId, Object[] key, Object[] before, long versionId, Object[] after,
      long time) {}

  /**
   * A read footprint: a point read ({@code key}, {@code columns}) or a range ({@code low}/{@code
   * high}, columns null: all); {@code resultHash} is what the recovered footprint re-runs to (a
   * point read: its result on its columns; a scan: every row it saw in its range, all columns),
   * null in files written before it was kept. An index scan has {@code indexColumns} (the indexed
   * column positions; null otherwise, and in older files) and {@code low}/{@code high} bound the
   * values of those columns, not the key. {@code unlogged} lists what the read saw of other
   * trajectories' changes that were not yet logged when it ran (empty normally, and in older
   * files; see {@link Unlogged}).
   */
  public record Read(long tableId, Object[] key, Object[] low, boolean lowInclusive,
      Object[] high, boolean highInclusive, int[] columns, Long resultHash, int[] indexColumns,
      List<Unlogged> unlogged) {}

  /**
   * A change of another trajectory that a read depended on before that change's record was in the
   * backend: a write it saw ({@code undo} false) or an undo or abort it saw ({@code undo} true:
   * the read saw the row without operation {@code writerOp}'s version). {@code seen} is the row
   * the read saw for {@code key} (null: absent). Recovery compares these with what it recovered.
   */
  public record Unlogged(Object[] key, String writerAgent, long writerRank, long writerOp,
      boolean undo, Object[] seen) {}

  /** A secondary index definition; its entries are rebuilt from the rows at open. */
  public record Index(String name, long tableId, List<Integer> columns, boolean unique) {}

  /**
   * {@code undoneTime} is 0 unless the operation was undone; {@code annotation} is the caller's
   * note or null (absent in older files).
   */
  public record Operation(long id, long trajectory, long seq, String kind, String text,
      String state, int rows, long time, List<Write> writes, List<Read> reads, long undoneTime,
      String annotation) {}

  public record Notification(long id, long reader, String table, Object[] key, long[] readOps,
      Object[] seen, Object[] now, String writerAgent, long writerRank, long writerOp,
      String cause, long time, boolean acknowledged) {}

  /** Everything a store holds on disk, as read back at open. */
  public record Snapshot(List<Table> tables, List<Trajectory> trajectories,
      List<Operation> operations, List<Notification> notifications,
      java.util.Map<String, Long> reservations, long nextTableId, long maxAssigned,
      long maxCommitted, java.util.Map<String, String> settings, long compactedThrough,
      List<Index> indexes) {}
}
