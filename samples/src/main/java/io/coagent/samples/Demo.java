package io.coagent.samples;

import io.coagent.samples.runner.BenchConfig;
import io.coagent.samples.runner.Benchmark;
import io.coagent.samples.runner.Report;
import io.coagent.samples.sim.Arena;
import io.coagent.samples.sim.CostModel;
import io.coagent.samples.sim.Program;
import io.coagent.samples.sim.Protocol;
import io.coagent.samples.sim.Step;
import io.coagent.samples.sim.Timeline;
import io.coagent.samples.sim.TrialResult;
import io.coagent.samples.sim.TrialRunner;
import io.coagent.samples.workloads.Inventory;
import io.coagent.samples.workloads.Workloads;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The main demo (README's first command): simulated LLM agents on an embedded store, through the
 * {@code jdbc:coagent:} driver.
 *
 * <p>Part 1 narrates one MTPO run of the inventory workload: a restock agent (rank 1) and an
 * orders agent (rank 2) both read the stock and think; the orders agent sells from the stock it
 * saw, the restock lands below it in the serial order, the orders agent is notified, undoes only
 * its sale and redoes that step; the final state equals the serial run, while the same programs
 * under READ COMMITTED lose the restock. The seed is chosen so that this interleaving happens
 * (the think times are seeded). Part 2 runs the protocol comparison over every workload with two
 * agents and prints the table. {@code --short}: one trial at a faster time scale (the test).
 */
public final class Demo {
  private static final double MS_PER_SECOND = 10;

  private Demo() {}

  public static void main(String[] args) throws Exception {
    run(System.out, List.of(args).contains("--short"));
  }

  /** Runs the demo; returns the comparison results. */
  public static Benchmark.Results run(PrintStream out, boolean quick) throws Exception {
    System.setProperty("java.awt.headless", "true");
    out.println("== CoAgent demo: simulated LLM agents on one embedded store, through JDBC ==");
    out.println("(1 s of inference is slept as " + MS_PER_SECOND + " ms; times below are "
        + "simulated seconds)\n");
    narrate(out);
    out.println("\n== the same kind of race on six workloads, every protocol, two agents ==");
    BenchConfig config = new BenchConfig(Workloads.all(), java.util.Arrays.stream(
        Protocol.values()).filter(p -> p.backend() == Protocol.Backend.EMBEDDED).toList(),
        quick ? 1 : 3, List.of(), 1, quick ? 3 : MS_PER_SECOND, 1, null, false, null, 0);
    Benchmark.Results results = Benchmark.run(config);
    Report.print(results, out);
    out.println("full benchmark (scaling to 16 agents, CSV, charts): see docs/benchmark.md");
    return results;
  }

  private static void narrate(PrintStream out) throws Exception {
    Inventory inventory = new Inventory();
    CostModel cost = CostModel.standard(MS_PER_SECOND);
    long seed = storySeed(inventory, cost);
    try (Arena arena = new Arena(inventory, 2)) {
      List<Integer> order = List.of(0, 1);
      TrialResult serial = TrialRunner.run(arena, Protocol.SERIAL, seed, cost.withScale(0),
          new Timeline(), order);
      out.println("restock-1 (rank 1) and orders-2 (rank 2) start together; item sku-0 has 5 in "
          + "stock; orders-2 must ship 3.");
      TrialRunner.run(arena, Protocol.MTPO, seed, cost, new Timeline(), order); // warm-up
      Timeline story = new Timeline(e -> line(out, e));
      TrialResult mtpo = TrialRunner.run(arena, Protocol.MTPO, seed, cost, story, order);
      TrialResult naive = TrialRunner.run(arena, Protocol.NAIVE, seed, cost, new Timeline(),
          order);
      out.printf(Locale.ROOT, "%nfinal stock: serial run in rank order %s, MTPO %s (%s), naive "
              + "READ COMMITTED %s (%s)%n", qty(serial), qty(mtpo),
          same(mtpo, serial, inventory), qty(naive), same(naive, serial, inventory));
    }
  }

  private static void line(PrintStream out, Timeline.Event e) {
    double took = (e.endNanos() - e.startNanos()) / 1e6 / MS_PER_SECOND;
    String text = switch (e.kind()) {
      case INFER -> String.format(Locale.ROOT, "thought %.1f s: %s", took, e.text());
      case REDO -> String.format(Locale.ROOT, "thought %.1f s again: %s", took, e.text());
      case REJUDGE -> String.format(Locale.ROOT, "thought %.1f s: %s", took, e.text());
      case COMMIT_WAIT -> null;
      default -> e.text();
    };
    if (text != null) { // events are recorded when they end
      out.printf(Locale.ROOT, "[%5.1f s] %-10s %s%n", e.endNanos() / 1e6 / MS_PER_SECOND,
          e.agent(), text);
    }
  }

  private static Object qty(TrialResult r) {
    return r.state().row("ITEMS", "sku-0").get("QTY");
  }

  private static String same(TrialResult r, TrialResult serial, Inventory w) {
    String diff = r.state().diff(serial.state());
    String inv = w.invariantViolation(r.state(), 2);
    return diff == null && inv == null ? "equals the serial run"
        : "WRONG: " + (inv != null ? inv : diff);
  }

  /**
   * The first seed whose think times make the race happen with margin: the restock writes at
   * least 3 s after the orders agent read the stock and at least 3 s after it wrote its sale.
   */
  static long storySeed(Inventory w, CostModel cost) {
    for (long seed = 1; seed < 10_000; seed++) {
      List<Program> p = w.programs(2, seed, cost);
      double restockWrites = until(p.get(0), 3);
      double ordersReads = until(p.get(1), 2);
      double ordersWrites = until(p.get(1), 3);
      if (restockWrites > ordersWrites + 3 && ordersReads + 3 < restockWrites
          && restockWrites < until(p.get(1), 4) - 3) {
        return seed;
      }
    }
    return 1;
  }

  /** Simulated seconds of thinking before the tool calls of step {@code steps - 1}. */
  private static double until(Program p, int steps) {
    double t = 0;
    for (Step s : p.steps().subList(0, steps)) {
      t += s.thinkSeconds();
    }
    return t;
  }
}
