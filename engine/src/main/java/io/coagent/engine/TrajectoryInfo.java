package io.coagent.engine;

import java.time.Instant;

/**
 * A snapshot of one trajectory, as {@code SYS.TRAJECTORIES} lists it. {@code ended} is null while
 * the trajectory is active; {@code rank} is 0 for other isolation levels until they commit;
 * {@code annotation} is the note of {@link Trajectory#annotate}, or null; {@code leaseExpires} is
 * when the store aborts the trajectory unless a statement or heartbeat renews its lease (null once
 * ended); {@code endReason} says why an aborted trajectory ended when not by its own rollback (its
 * lease expired, or an operator aborted it), else null.
 */
public record TrajectoryInfo(long id, String agent, long rank, TrajectoryState state,
    Instant started, Instant ended, Isolation isolation, String annotation, Instant leaseExpires,
    String endReason) {

  /** A snapshot without lease or end reason. */
  public TrajectoryInfo(long id, String agent, long rank, TrajectoryState state,
      Instant started, Instant ended, Isolation isolation, String annotation) {
    this(id, agent, rank, state, started, ended, isolation, annotation, null, null);
  }

  /** A snapshot without an annotation. */
  public TrajectoryInfo(long id, String agent, long rank, TrajectoryState state,
      Instant started, Instant ended, Isolation isolation) {
    this(id, agent, rank, state, started, ended, isolation, null);
  }
}
