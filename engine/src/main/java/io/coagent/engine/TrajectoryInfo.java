package io.coagent.engine;

import java.time.Instant;

/**
 * A snapshot of one trajectory, as {@code SYS.TRAJECTORIES} lists it. {@code ended} is null while
 * the trajectory is active; {@code rank} is 0 for other isolation levels until they commit.
 */
public record TrajectoryInfo(long id, String agent, long rank, TrajectoryState state,
    Instant started, Instant ended, Isolation isolation) {}
