package io.coagent.engine;

import java.time.Instant;

/** A snapshot of one trajectory, as {@code SYS.TRAJECTORIES} lists it. {@code ended} may be null. */
public record TrajectoryInfo(
    long id, String agent, long rank, TrajectoryState state, Instant started, Instant ended) {}
