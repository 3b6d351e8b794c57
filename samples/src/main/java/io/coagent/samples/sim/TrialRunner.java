package io.coagent.samples.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one trial: reset the arena, begin trajectories in rank order if the protocol is ranked,
 * run the agents (one after another for SERIAL, one thread each otherwise, released together),
 * and take the final state. Makespan runs from the release to the last agent's end.
 */
public final class TrialRunner {
  /**
   * No trial may take longer than this (agents are interrupted, the trial counts as failed); the
   * system property {@code coagent.bench.deadline} (seconds) changes it for long scaling runs.
   */
  public static final long DEADLINE_SECONDS = Long.getLong("coagent.bench.deadline", 600);

  private TrialRunner() {}

  public static TrialResult run(Arena arena, Protocol protocol, long seed, CostModel cost,
      Timeline timeline, List<Integer> order) throws Exception {
    List<Program> programs = arena.workload().programs(arena.agents(), seed, cost);
    arena.reset();
    arena.prepare(protocol, order);
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < programs.size(); i++) {
      agents.add(protocol.agent(programs.get(i), arena.session(i), cost, timeline, i));
    }
    AgentStats total = new AgentStats();
    timeline.markStart();
    long t0 = System.nanoTime();
    if (protocol == Protocol.SERIAL) {
      for (int i : order) {
        total.add(agents.get(i).run());
      }
    } else {
      runConcurrently(agents, total);
    }
    long makespan = System.nanoTime() - t0;
    arena.abortAll();
    State state = arena.snapshot();
    List<Integer> committed = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      if (agents.get(i).committedAt() != Long.MAX_VALUE) {
        committed.add(i);
      }
    }
    committed.sort(Comparator.comparingLong(i -> agents.get(i).committedAt()));
    return new TrialResult(protocol, makespan, total, state, committed);
  }

  private static void runConcurrently(List<Agent> agents, AgentStats total) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    AgentStats[] results = new AgentStats[agents.size()];
    for (int i = 0; i < agents.size(); i++) {
      int k = i;
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        results[k] = agents.get(k).run();
      }, "agent-" + agents.get(i).name());
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    go.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        AgentStats s = new AgentStats();
        s.failed = true;
        s.failure = agents.get(i).name() + ": did not finish before the deadline";
        results[i] = s;
      }
      total.add(results[i]);
    }
  }
}
