package io.coagent.engine.internal;

/**
 * One version of one row: the after-image written by one operation (null values = tombstone).
 *
 * <p>Versions are ordered in their chain by position (rank, seq): the writer's rank, then the
 * operation's sequence number inside its trajectory. Position is fixed at creation; only the
 * {@code undone} flag ever changes, and only under the chain's monitor.
 */
final class Version {
  final long id;
  final long rank;
  final long seq;
  final TrajectoryImpl writer;
  final long op;
  /**
   * The row; replaced (never mutated) only by ALTER TABLE ADD COLUMN, which pads it under the
   * chain's monitor ({@link TableData#pad}).
   */
  volatile Object[] values;
  final long timeMillis;
  /** Guarded by the owning chain's monitor; volatile so history readers see it without it. */
  volatile boolean undone;
  /** When it was undone (epoch millis), 0 while it stands. Written before {@code undone}. */
  volatile long undoneAt;

  /** Whether this version stood in the live view's candidate set at wall-clock {@code t}. */
  boolean existedAt(long t) {
    return timeMillis <= t && (undoneAt == 0 || undoneAt > t);
  }

  Version(long id, TrajectoryImpl writer, long op, long seq, Object[] values, long timeMillis) {
    this.id = id;
    this.rank = writer.rank();
    this.seq = seq;
    this.writer = writer;
    this.op = op;
    this.values = values;
    this.timeMillis = timeMillis;
  }

  boolean isTombstone() {
    return values == null;
  }

  /** True when this version is at a position strictly before (rank, seq). */
  boolean before(long rank, long seq) {
    return this.rank < rank || (this.rank == rank && this.seq < seq);
  }
}
