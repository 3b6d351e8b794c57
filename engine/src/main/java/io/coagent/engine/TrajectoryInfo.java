package io.coagent.engine;

import java.time.Instant;

/**
 * A snapshot of one trajectory, as {@code SYS.TRAJECTORIES} lists it. {@code ended} is null while
 * the trajectory is active; {@code rank} is 0 for other isolation levels until they commit;
 * {@code annotation} is the note of {@link Trajectory#annotate}, or null.
 */
public record TrajectoryInfo(long id, String agent, long rank, TrajectoryState state,
    Instant started, Instant ended, Isolation isolation, String annotation) {

  /** A snapshot without an annotation. */
  public TrajectoryInfo(long id, String agent, long rank, TrajectoryState state,
      Instant started, Instant ended, Isolation isolation) {
    this(id, agent, rank, state, started, ended, isolation, null);
  }
}
