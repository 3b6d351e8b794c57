package io.coagent.engine.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.coagent.engine.check.Program.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive bounded check of MTPO on the real engine (docs/design/protocol.md, "Checking"):
 * every interleaving of every program tuple in the families below, each checked step by step and
 * at quiescence by {@link EngineRun}.
 *
 * <p>Short mode (default, CI): every 2-agent tuple of 1-operation programs under both rank
 * placements, every 2-agent tuple of a 2- and a 1-operation program, and 40 seeded random 3-agent
 * tuples of 1-operation programs. Long mode ({@code -Dcoagent.check.long=true}): every 2-agent tuple of
 * up to 2 operations each under both placements, every 3-agent tuple of 1 operation each, then
 * seeded random 3-agent tuples of 1..4 operations each (at most 7 in all) until
 * {@code coagent.check.schedules} schedules (default 1,000,000) have run.
 * {@code -Dcoagent.check.seed=S} picks another random family; {@code -Dcoagent.check.verbose=true}
 * prints every tuple with its schedule count; {@code -Dcoagent.check.family=TEXT} runs only the
 * families whose name contains TEXT.
 */
class BoundedMtpoCheckTest {
  private static final boolean LONG = Boolean.getBoolean("coagent.check.long");
  private static final long SEED = Long.getLong("coagent.check.seed", 20261203L);
  private static final boolean VERBOSE = Boolean.getBoolean("coagent.check.verbose");
  private static final long TARGET = Long.getLong("coagent.check.schedules", 1_000_000L);

  /** A named family of tuples with its rank placement. */
  private record Family(String name, List<List<List<Op>>> tuples, boolean launch) {}

  private static List<Family> families() {
    List<Family> f = new ArrayList<>();
    f.add(new Family("2 agents x 1 op, launch", Explorer.allTuples(1, 1), true));
    f.add(new Family("2 agents x 1 op, dynamic", Explorer.allTuples(1, 1), false));
    if (!LONG) {
      f.add(new Family("2 agents, 2+1 ops, launch", Explorer.allTuples(2, 1), true));
      f.add(new Family("3 agents x 1 op, random", Explorer.randomTuples(SEED, 40, 3, 1, 3),
          true));
      return f;
    }
    f.add(new Family("2 agents, 2+1 ops, launch", Explorer.allTuples(2, 1), true));
    f.add(new Family("2 agents, 1+2 ops, dynamic", Explorer.allTuples(1, 2), false));
    f.add(new Family("2 agents x 2 ops, launch", Explorer.allTuples(2, 2), true));
    f.add(new Family("3 agents x 1 op, launch", Explorer.allTuples(1, 1, 1), true));
    f.add(new Family("3 agents x 1 op, dynamic", Explorer.allTuples(1, 1, 1), false));
    return f;
  }

  @Test
  void everyScheduleOfRepairingAgents_equalsTheSerialRunInRankOrder() {
    long start = System.nanoTime();
    Explorer.Totals all = new Explorer.Totals();
    String only = System.getProperty("coagent.check.family", "");
    for (Family f : families()) {
      if (!f.name().contains(only)) {
        continue;
      }
      Explorer.Totals t = run(f, true);
      report(f.name(), t, start);
      all.add(t);
    }
    if (LONG && only.isEmpty()) {
      long seed = SEED;
      while (all.schedules < TARGET) {
        Family f = new Family("3 agents x 1..4 ops, random seed " + seed,
            Explorer.randomTuples(seed, 20, 3, 4, 7), true);
        Explorer.Totals t = run(f, true);
        report(f.name(), t, start);
        all.add(t);
        seed++;
      }
    }
    String line = String.format("MTPO bounded check (%s mode): %,d program tuples, %,d schedules, "
        + "%,d distinct states, %,d violations, max %d steps per schedule; verify() agreed with "
        + "the oracle in every schedule (%,d unexcused findings from own undos, %,d excused), "
        + "%.1f s", LONG ? "long" : "short", all.tuples, all.schedules, all.states, all.violating,
        all.maxSteps, all.verifyFindings, all.verifyExcused, seconds(start));
    System.out.println(line);
    if (all.first != null) {
      fail("violation " + all.first.kind() + ": " + all.first.message() + "\n"
          + String.join("\n", all.first.replay()));
    }
    assertTrue(all.schedules > 1000, "the families must not be empty");
  }

  @Test
  void agentsThatIgnoreNotifications_areCaughtByTheChecker() {
    long start = System.nanoTime();
    Explorer.Totals all = new Explorer.Totals();
    for (Family f : families().subList(0, 3)) {
      Explorer.Totals t = run(f, false);
      all.add(t);
    }
    System.out.printf("MTPO bounded check, negative control (agents acknowledge without "
        + "repairing): %,d schedules, %,d violating %s; verify() agreed with the oracle in every "
        + "schedule (%,d findings excused by blind acknowledgements), %.1f s%n", all.schedules,
        all.violating, all.byKind, all.verifyExcused, seconds(start));
    assertTrue(all.violating > 0, "ignoring notifications must break serializability somewhere");
    assertTrue(Set.of("serial-read", "serial-state").containsAll(all.byKind.keySet()),
        "ignoring agents break rule 10's premise (A3), never a protocol rule: " + all.byKind);
    System.out.println("  first: " + String.join("\n    ", all.first.replay()));
  }

  @Test
  void ownUndoOfAWriteALaterReadSaw_isAnUnexcusedFindingInVerify_asTheOracleExpects() {
    // Rule 4 never notifies a trajectory of its own undo; rule 10's re-run (over surviving
    // versions) then differs from what the read saw. Every schedule must agree on that.
    List<Program> programs = List.of(
        new Program(List.of(Program.rmw(1), Program.read(1), Program.undo(0)), true, true),
        new Program(List.of(Program.read(1)), true, false));
    Explorer.Totals t = Explorer.explore(programs, true, false);
    if (t.first != null) {
      fail(t.first.kind() + ": " + t.first.message() + "\n" + String.join("\n", t.first.replay()));
    }
    assertEquals(t.schedules, t.verifyFindings, "one unexcused finding in every schedule");
  }

  private static Explorer.Totals run(Family f, boolean repairs) {
    Explorer.Totals t = new Explorer.Totals();
    long n = 0;
    for (List<List<Op>> ops : f.tuples()) {
      long t0 = System.nanoTime();
      List<Program> programs = Explorer.programs(ops, repairs, n++);
      Explorer.Totals one = Explorer.explore(programs, f.launch(), false);
      if (VERBOSE) {
        System.out.printf("    %s: %,d schedules, %.2f s%n", programs, one.schedules,
            seconds(t0));
      }
      t.add(one);
    }
    return t;
  }

  private static void report(String family, Explorer.Totals t, long start) {
    System.out.printf("  %-40s %,8d tuples %,10d schedules %,10d states %,6d violating  (%.1f s)%n",
        family, t.tuples, t.schedules, t.states, t.violating, seconds(start));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
