package io.coagent.engine.internal.storage;

/**
 * Where a store keeps its records. Puts are buffered; {@link #sync()} makes every put so far
 * durable (how durable depends on the implementation's mode) and is what the engine calls before
 * acknowledging an operation, a commit, an undo or an abort to its caller.
 *
 * <p>Atomicity: a {@code sync} is all-or-nothing on disk, and recovery ignores versions whose
 * operation record is not APPLIED or UNDONE, so a crash between puts never exposes a half-done
 * statement.
 */
public interface Backend extends AutoCloseable {
  void putTable(Records.Table table);

  void removeTable(long tableId);

  void putNextTableId(long next);

  /** A secondary index definition, keyed by its upper-case name. */
  void putIndex(Records.Index index);

  void removeIndex(String name);

  void putTrajectory(Records.Trajectory trajectory);

  void putOperation(Records.Operation operation);

  void putNotification(Records.Notification notification);

  void putReservation(String agent, long rank);

  void removeOperation(long id);

  void removeTrajectory(long id);

  void removeNotification(long id);

  /** Rank bounds that must outlive the trajectories they came from (history compaction). */
  void putRankHorizon(long maxAssigned, long maxCommitted);

  /**
   * The latest history-compaction cutoff (epoch ms). Put before compaction removes anything, so
   * every file that holds part of a compaction's removals also holds its cutoff: recovery and
   * {@code VERIFY} leave out the reads of trajectories ended by it (their versions may be gone).
   */
  void putCompactionCutoff(long cutoffMillis);

  void removeReservation(String agent);

  /** A store setting (name to text value); durable with the next {@link #sync()}. */
  void putSetting(String name, String value);

  /** A view: its name and query text; durable with the next {@link #sync()}. */
  void putView(String name, String sql);

  void removeView(String name);

  /** Every view, name to query text, as read back at open. */
  java.util.Map<String, String> views();

  void sync();

  Records.Snapshot load();

  /** Closes without writing anything more, as a crash would (tests of recovery). */
  void closeImmediately();

  @Override
  void close();

  /** The backend of an in-memory store: nothing to keep. */
  static Backend none() {
    return NoBackend.INSTANCE;
  }
}
