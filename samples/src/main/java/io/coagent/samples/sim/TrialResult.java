package io.coagent.samples.sim;

import java.util.List;

/**
 * One trial of one protocol: makespan, what the agents spent and suffered, the final state, and
 * the order in which the agents committed (indexes; agents that did not commit are left out).
 */
public record TrialResult(Protocol protocol, long makespanNanos, AgentStats stats, State state,
    List<Integer> commitOrder) {}
