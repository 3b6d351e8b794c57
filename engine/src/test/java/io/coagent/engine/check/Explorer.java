package io.coagent.engine.check;

import io.coagent.engine.check.Program.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Enumerates every schedule of a program tuple: depth-first over the choice points (which enabled
 * agent moves next), re-running the engine from scratch for each schedule (a real engine cannot be
 * forked). A choice point with one enabled agent is not a choice. The engine is deterministic for
 * a fixed sequence of calls, which the explorer checks: a replayed prefix must offer the same
 * number of choices at every point.
 *
 * <p>No state-space reduction: every interleaving of steps is run. Distinct states are counted
 * by a fingerprint of (live rows, each agent's status, program counter, surviving reads and
 * pending notification count) after each step.
 */
final class Explorer {
  /** Totals over many tuples. */
  static final class Totals {
    long tuples;
    long schedules;
    long states;
    long violating;
    long verifyFindings;
    long verifyExcused;
    long maxSteps;
    final Map<String, Long> byKind = new TreeMap<>();
    Example first;

    void add(Totals o) {
      tuples += o.tuples;
      schedules += o.schedules;
      states += o.states;
      violating += o.violating;
      verifyFindings += o.verifyFindings;
      verifyExcused += o.verifyExcused;
      maxSteps = Math.max(maxSteps, o.maxSteps);
      o.byKind.forEach((k, v) -> byKind.merge(k, v, Long::sum));
      if (first == null) {
        first = o.first;
      }
    }
  }

  /** A violating schedule, replayable. */
  record Example(List<Program> programs, boolean launch, List<Integer> choices, String kind,
      String message) {
    /** {@link #replay()} with a deliberate protocol break on (null: none). */
    List<String> replayWith(io.coagent.engine.internal.ProtocolMutations.Mutation m) {
      return io.coagent.engine.internal.ProtocolMutations.with(m, this::replay);
    }

    /** Re-runs the schedule with a trace of every step. */
    List<String> replay() {
      int[] pos = {0};
      EngineRun r = new EngineRun(programs, launch, n -> choices.get(pos[0]++), null, true);
      r.run();
      List<String> out = new ArrayList<>(r.describeAgents());
      out.add(launch ? "ranks reserved by launch in this order" : "dynamic ranks, in begin order");
      out.addAll(r.trace);
      out.add("=> " + r.violationKind + ": " + r.violation);
      return out;
    }
  }

  private Explorer() {}

  /** Every schedule of one tuple; stops at the first violation when {@code stopAtFirst}. */
  static Totals explore(List<Program> programs, boolean launch, boolean stopAtFirst) {
    Totals t = new Totals();
    t.tuples = 1;
    Set<Long> states = new HashSet<>();
    List<int[]> stack = new ArrayList<>();
    while (true) {
      int[] pos = {0};
      List<Integer> path = new ArrayList<>();
      EngineRun run = new EngineRun(programs, launch, n -> {
        int at = pos[0]++;
        if (at < stack.size()) {
          int[] c = stack.get(at);
          if (c[1] != n) {
            throw new IllegalStateException("nondeterminism: choice point " + at + " offered " + n
                + " agents on replay, " + c[1] + " before, for " + programs);
          }
          path.add(c[0]);
          return c[0];
        }
        stack.add(new int[] {0, n});
        path.add(0);
        return 0;
      }, states, false);
      run.run();
      t.schedules++;
      t.maxSteps = Math.max(t.maxSteps, run.steps);
      t.verifyFindings += run.verifyFindings;
      t.verifyExcused += run.verifyExcused;
      if (!run.ok()) {
        t.violating++;
        t.byKind.merge(run.violationKind, 1L, Long::sum);
        if (t.first == null) {
          t.first = new Example(programs, launch, List.copyOf(path), run.violationKind,
              run.violation);
        }
        if (stopAtFirst) {
          break;
        }
      }
      while (stack.size() > pos[0]) {
        stack.remove(stack.size() - 1); // a violation ended the run before these points
      }
      while (!stack.isEmpty() && stack.get(stack.size() - 1)[0] == stack.get(stack.size() - 1)[1] - 1) {
        stack.remove(stack.size() - 1);
      }
      if (stack.isEmpty()) {
        break;
      }
      stack.get(stack.size() - 1)[0]++;
    }
    t.states = states.size();
    return t;
  }

  /** Every tuple of programs with exactly these lengths (cartesian product, in order). */
  static List<List<List<Op>>> allTuples(int... lengths) {
    List<List<List<Op>>> out = new ArrayList<>();
    out.add(List.of());
    for (int len : lengths) {
      List<List<Op>> progs = Program.allOfLength(len);
      List<List<List<Op>>> next = new ArrayList<>();
      for (List<List<Op>> prefix : out) {
        for (List<Op> p : progs) {
          List<List<Op>> t = new ArrayList<>(prefix);
          t.add(p);
          next.add(t);
        }
      }
      out = next;
    }
    return out;
  }

  /**
   * Seeded random tuples of {@code agents} programs of 1..maxOps operations each and at most
   * {@code maxTotal} in all (the number of interleavings grows as a multinomial of the lengths).
   */
  static List<List<List<Op>>> randomTuples(long seed, int count, int agents, int maxOps,
      int maxTotal) {
    Random rnd = new Random(seed);
    List<List<List<Op>>> out = new ArrayList<>();
    while (out.size() < count) {
      int[] len = new int[agents];
      int total = 0;
      for (int a = 0; a < agents; a++) {
        len[a] = 1 + rnd.nextInt(maxOps);
        total += len[a];
      }
      if (total > maxTotal) {
        continue;
      }
      List<List<Op>> t = new ArrayList<>();
      for (int a = 0; a < agents; a++) {
        t.add(Program.random(rnd, len[a]));
      }
      out.add(t);
    }
    return out;
  }

  /**
   * Programs for one tuple: every agent repairs (or none does); commit styles alternate by agent
   * and by tuple number, so each agent position is checked with both commit paths.
   */
  static List<Program> programs(List<List<Op>> ops, boolean repairs, long tupleNumber) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      out.add(new Program(ops.get(i), repairs, (i + tupleNumber) % 2 == 0));
    }
    return out;
  }
}
