package io.coagent.samples.runner;

import io.coagent.samples.peers.Peers;
import io.coagent.samples.sim.Arena;
import io.coagent.samples.sim.CostModel;
import io.coagent.samples.sim.Protocol;
import io.coagent.samples.sim.Timeline;
import io.coagent.samples.sim.TrialResult;
import io.coagent.samples.sim.TrialRunner;
import io.coagent.samples.sim.Workload;
import io.coagent.samples.workloads.Workloads;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs the comparison: for each agent count and workload, one arena (store and connections); for
 * each seeded trial, the serial run in rank order first (the baseline and the oracle), then every
 * other protocol on the same programs. A run is correct when its final state equals the serial
 * run's and the invariant holds. For protocols that choose their own order (OCC, 2PL, naive, the
 * PostgreSQL peers) it also checks whether the state equals a serial run in some order
 * ({@link #inSomeOrder}: the commit order first), with the invariant holding (a valid serial
 * outcome, if not the rank order's). Finally one MTPO run is recorded for the timeline chart.
 *
 * <p>Peers: a protocol whose backend is the CoAgent server or PostgreSQL runs in an arena of its
 * own on that backend ({@link Peers}, started once per run), with the same programs, seeds and
 * cost model; the serial baseline and every oracle run stay on the embedded store, so all
 * protocols are compared with the same serial runs.
 */
public final class Benchmark {
  /** Everything measured. */
  public record Results(BenchConfig config, List<Cell> cells, List<Timeline.Event> timeline,
      String timelineTitle, long wallNanos, StoreCosts.Costs costs) {}

  /** Samples of the store-cost probe ({@link StoreCosts}) after a full run (a tenth if short). */
  static final int COST_SAMPLES = 2000;

  private Benchmark() {}

  public static Results run(BenchConfig c) throws Exception {
    try (Peers peers = new Peers()) {
      int most = 0;
      for (int n : c.agentCounts()) {
        most = Math.max(most, n);
      }
      if (c.protocols().stream().anyMatch(p -> p.backend() == Protocol.Backend.SERVER)) {
        peers.startServer(most + 20);
      }
      if (c.protocols().stream().anyMatch(p -> p.backend() == Protocol.Backend.POSTGRES)) {
        // deadlock_timeout: one simulated second (PostgreSQL's default is 1 s of real time)
        peers.startPostgres(most + 20, Math.round(c.msPerSecond()));
      }
      return run(c, peers);
    }
  }

  private static Results run(BenchConfig c, Peers peers) throws Exception {
    long start = System.nanoTime();
    CostModel cost = CostModel.standard(c.msPerSecond());
    Map<String, Cell> cells = new LinkedHashMap<>();
    int total = 0;
    for (int n : c.agentCounts()) {
      total += c.workloads().size() * c.trialsFor(n) * c.protocols().size();
    }
    try (ProgressBar bar = c.progress() ? new ProgressBarBuilder().setTaskName("trials")
        .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null) {
      for (int n : c.agentCounts()) {
        for (Workload w : c.workloads()) {
          if (bar != null) {
            bar.setExtraMessage(w.name() + " x" + n);
          }
          runWorkload(c, peers, cost, w, n, cells, bar);
          // what is done so far survives a run that is stopped before its end
          if (c.out() != null) {
            CsvReport.write(new Results(c, new ArrayList<>(cells.values()), List.of(), "",
                System.nanoTime() - start, null), c.out(), "results-partial.csv");
          }
        }
      }
    }
    if (c.timelineWorkload() == null) {
      return new Results(c, new ArrayList<>(cells.values()), List.of(), "",
          System.nanoTime() - start, null);
    }
    Timeline timeline = new Timeline();
    Workload tw = Workloads.byName(c.timelineWorkload());
    try (Arena arena = new Arena(tw, c.timelineAgents())) {
      List<Integer> order = order(c.timelineAgents());
      TrialRunner.run(arena, Protocol.SERIAL, c.seed(), cost.withScale(0), new Timeline(), order);
      TrialRunner.run(arena, Protocol.MTPO, c.seed(), cost, timeline, order);
    }
    String title = "MTPO run of " + tw.name() + " with " + c.timelineAgents() + " agents (seed "
        + c.seed() + ")";
    StoreCosts.Costs costs = StoreCosts.measure(c.trials() == 1 && c.scalingAgents().isEmpty()
        ? COST_SAMPLES / 10 : COST_SAMPLES, peers);
    return new Results(c, new ArrayList<>(cells.values()), timeline.events(), title,
        System.nanoTime() - start, costs);
  }

  private static void runWorkload(BenchConfig c, Peers peers, CostModel cost, Workload w, int n,
      Map<String, Cell> cells, ProgressBar bar) throws Exception {
    Map<Protocol.Backend, Arena> arenas = new EnumMap<>(Protocol.Backend.class);
    try {
      Arena arena = new Arena(w, n);
      arenas.put(Protocol.Backend.EMBEDDED, arena);
      for (Protocol p : c.protocols()) {
        if (!arenas.containsKey(p.backend())) {
          arenas.put(p.backend(), new Arena(w, n, p.backend() == Protocol.Backend.SERVER
              ? peers.serverStore(w, n) : peers.postgresStore(w, n)));
        }
      }
      List<Integer> order = order(n);
      for (int s = 0; s < 3; s++) { // warm-up: plans every statement text, JIT
        TrialRunner.run(arena, Protocol.SERIAL, c.seed() + s, cost.withScale(0), new Timeline(),
            order);
      }
      for (Protocol p : c.protocols()) { // warm-up of each protocol's paths, at a fast scale
        TrialRunner.run(arenas.get(p.backend()), p, c.seed(), cost.withScale(1), new Timeline(),
            order);
      }
      for (int t = 0; t < c.trialsFor(n); t++) {
        long seed = c.seed() + t;
        TrialResult serial = TrialRunner.run(arena, Protocol.SERIAL, seed, cost, new Timeline(),
            order);
        String serialProblem = problem(w, n, serial, serial);
        for (Protocol p : c.protocols()) {
          TrialResult r = p == Protocol.SERIAL ? serial
              : TrialRunner.run(arenas.get(p.backend()), p, seed, cost, new Timeline(), order);
          String problem = p == Protocol.SERIAL ? serialProblem : problem(w, n, serial, r);
          Boolean someOrder = p.ranked() ? null
              : inSomeOrder(arena, w, n, seed, cost, r, problem == null);
          cells.computeIfAbsent(w.name() + "/" + p + "/" + n, k -> new Cell(w.name(), p, n))
              .add(serial, r, problem == null, someOrder, problem);
          if (bar != null) {
            bar.step();
          }
        }
      }
    } finally {
      for (Arena a : arenas.values()) {
        a.close();
      }
    }
  }

  /** Why run {@code r} is not correct against the serial run, or null if it is. */
  static String problem(Workload w, int n, TrialResult serial, TrialResult r) {
    if (r.stats().failed) {
      return "agent failed: " + r.stats().failure;
    }
    String diff = r.state().diff(serial.state());
    if (diff != null) {
      return "differs from the serial run: " + diff;
    }
    String inv = w.invariantViolation(r.state(), n);
    return inv == null ? null : "invariant: " + inv;
  }

  /** Agent counts up to which every order is tried when the commit order does not explain a run. */
  static final int ALL_ORDERS_UP_TO = 4;

  /**
   * Whether {@code r}'s state equals a serial run of its agents in some order, with the invariant
   * holding: the order they committed in first, then the rank order ({@code correct}), then, for
   * at most {@link #ALL_ORDERS_UP_TO} agents, every order (SSI, for one, may serialize a run in an
   * order other than its commit order). Beyond that only the first two are tried, so the figure
   * is a lower bound.
   */
  private static boolean inSomeOrder(Arena arena, Workload w, int n, long seed, CostModel cost,
      TrialResult r, boolean correct) throws Exception {
    if (r.stats().failed || r.commitOrder().size() != n) {
      return false;
    }
    if (correct || equalsSerial(arena, w, n, seed, cost, r, r.commitOrder())) {
      return true;
    }
    if (n > ALL_ORDERS_UP_TO) {
      return false;
    }
    for (List<Integer> order : permutations(order(n))) {
      if (!order.equals(r.commitOrder()) && !order.equals(order(n))
          && equalsSerial(arena, w, n, seed, cost, r, order)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equalsSerial(Arena arena, Workload w, int n, long seed, CostModel cost,
      TrialResult r, List<Integer> order) throws Exception {
    TrialResult oracle = TrialRunner.run(arena, Protocol.SERIAL, seed, cost.withScale(0),
        new Timeline(), order);
    return r.state().diff(oracle.state()) == null && w.invariantViolation(r.state(), n) == null;
  }

  static List<List<Integer>> permutations(List<Integer> items) {
    if (items.size() <= 1) {
      return List.of(items);
    }
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<Integer> rest = new ArrayList<>(items);
      Integer head = rest.remove(i);
      for (List<Integer> tail : permutations(rest)) {
        List<Integer> p = new ArrayList<>();
        p.add(head);
        p.addAll(tail);
        out.add(p);
      }
    }
    return out;
  }

  static List<Integer> order(int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    return order;
  }
}
