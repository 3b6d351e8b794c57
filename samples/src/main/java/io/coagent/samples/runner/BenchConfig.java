package io.coagent.samples.runner;

import io.coagent.samples.sim.Protocol;
import io.coagent.samples.sim.Workload;
import java.nio.file.Path;
import java.util.List;

/**
 * What to run: workloads x protocols over {@code trials} seeded trials with two agents, then the
 * scaling run over {@code scalingAgents} with {@code scalingTrials} trials each. The timeline
 * chart records one MTPO run of {@code timelineWorkload} with {@code timelineAgents} agents.
 * {@code timelineWorkload} null: no timeline run (the demo's table).
 */
public record BenchConfig(List<Workload> workloads, List<Protocol> protocols, int trials,
    List<Integer> scalingAgents, int scalingTrials, double msPerSecond, long seed, Path out,
    boolean progress, String timelineWorkload, int timelineAgents) {

  public BenchConfig {
    workloads = List.copyOf(workloads);
    protocols = List.copyOf(protocols);
    scalingAgents = List.copyOf(scalingAgents);
    if (trials < 1 || scalingTrials < 1 || msPerSecond <= 0) {
      throw new IllegalArgumentException("trials and the time scale must be positive");
    }
  }

  /** The agent counts to run, each once: 2, then the scaling counts. */
  List<Integer> agentCounts() {
    java.util.LinkedHashSet<Integer> counts = new java.util.LinkedHashSet<>();
    counts.add(2);
    counts.addAll(scalingAgents);
    return List.copyOf(counts);
  }

  int trialsFor(int agents) {
    return agents == 2 ? trials : scalingTrials;
  }
}
