package io.coagent.engine;

/**
 * A point in a trajectory: rolling back to it undoes every operation started after it.
 *
 * @param trajectory the trajectory it belongs to
 * @param afterSeq operations with a sequence number above this one are undone by a rollback
 */
public record Savepoint(long trajectory, long afterSeq) {}
