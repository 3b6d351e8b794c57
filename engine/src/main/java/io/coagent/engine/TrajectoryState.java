package io.coagent.engine;

/** Life cycle of a trajectory. Only {@code ACTIVE} trajectories read, write and get notified. */
public enum TrajectoryState {
  ACTIVE,
  COMMITTED,
  ABORTED
}
