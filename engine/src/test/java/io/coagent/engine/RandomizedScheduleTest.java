package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.coagent.engine.RandomizedWorkload.AgentSpec;
import io.coagent.engine.RandomizedWorkload.Kind;
import io.coagent.engine.RandomizedWorkload.Model;
import io.coagent.engine.RandomizedWorkload.Placement;
import io.coagent.engine.RandomizedWorkload.RepairStyle;
import io.coagent.engine.RandomizedWorkload.Step;
import io.coagent.engine.RandomizedWorkload.Workload;
import io.coagent.engine.internal.StoreImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomized schedules of simulated agents against the MTPO engine, checked against the serial
 * execution in rank order (spec rule 10).
 *
 * <p>Each schedule is generated from one seed ({@link RandomizedWorkload}): 2..8 agents with
 * deterministic programs over a few contended keys, a rank placement (launch, explicit ranks,
 * dynamic join, or a mix), and the interleaving. Agents repair the way an LLM agent would: on a
 * notification they go back to the earliest of their steps whose read it names (savepoint
 * rollback or individual undos), acknowledge, and re-execute from there. At quiescence the live
 * state must equal the serial run of the committed agents in rank order on a fresh store, the
 * engine's serial run must equal a tiny reference model, and {@code verify()} must be ok.
 *
 * <p>Properties: {@code -Dcoagent.random.schedules=N} (deterministic schedules; the threaded and
 * negative-control counts scale with it unless set with {@code coagent.random.threadedSchedules}
 * / {@code coagent.random.negativeSchedules}), {@code -Dcoagent.random.seed=S} (replay one
 * schedule, decimal or 0x-hex, printing its full trace), {@code -Dcoagent.random.base=B} (another
 * family of seeds), {@code -Dcoagent.random.maxAgents=A} / {@code maxSteps=K} (smaller schedules,
 * to hunt for a minimal failing one), {@code -Dcoagent.random.threadedDeadlineMs=T} (hang bound of
 * one threaded schedule). A failing deterministic schedule is also shrunk automatically and its
 * full trace reported.
 *
 * <p>Besides the final-state oracle the agents check protocol facts as they go: notifications are
 * addressed to them, come from a lower rank and name their own operations; commits never succeed
 * past an open lower rank (deterministic runs); launch/dynamic ranks lie above every rank in use;
 * a reconnect joins the active trajectory; in threaded runs poll/await hand out pending
 * notifications and every notification reaches the trajectory's listener exactly once.
 */
class RandomizedScheduleTest {

  private static final long BASE = longProp("coagent.random.base", 0xC0A6E47L);
  private static final Long REPLAY_SEED = seedProp();
  private static final int SCHEDULES = intProp("coagent.random.schedules", 3000);
  private static final int THREADED = intProp("coagent.random.threadedSchedules",
      System.getProperty("coagent.random.schedules") == null ? 100 : Math.max(1, SCHEDULES / 30));
  private static final int NEGATIVE = intProp("coagent.random.negativeSchedules",
      System.getProperty("coagent.random.schedules") == null ? 500
          : Math.max(20, SCHEDULES / 6));
  private static final int MAX_AGENTS = intProp("coagent.random.maxAgents", 8);
  private static final int MAX_STEPS = intProp("coagent.random.maxSteps", 10);
  /** Wall-clock bound of one multi-threaded schedule before it is declared hung. */
  private static final Duration THREADED_DEADLINE =
      Duration.ofMillis(intProp("coagent.random.threadedDeadlineMs", 20_000));
  private static final int TRACE_TAIL = 150;

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "random-agent");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  // ================================================================== tests

  @Test
  void deterministicSchedulesEqualTheSerialRunInRankOrder() {
    List<Long> seeds = REPLAY_SEED != null ? List.of(REPLAY_SEED) : seeds(0, SCHEDULES);
    Stats stats = new Stats();
    List<String> failures = new ArrayList<>();
    List<Long> failingSeeds = new ArrayList<>();
    long t0 = System.nanoTime();
    for (long seed : seeds) {
      Workload w = RandomizedWorkload.generate(seed, MAX_AGENTS, MAX_STEPS);
      Outcome c = runDeterministic(w, false);
      stats.add(c);
      String problem = check(c);
      if (REPLAY_SEED != null) {
        System.out.println(report(c, problem == null ? "replayed, no problem found" : problem,
            Integer.MAX_VALUE));
      }
      if (problem != null) {
        failingSeeds.add(seed);
        if (failures.size() < 3) {
          failures.add(report(c, problem, TRACE_TAIL));
        }
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("[random] deterministic: %d schedules in %d ms, %s, %d failing%n",
        seeds.size(), ms, stats, failingSeeds.size());
    if (!failingSeeds.isEmpty()) {
      Workload first = RandomizedWorkload.generate(failingSeeds.get(0), MAX_AGENTS, MAX_STEPS);
      String minimized = shrink(first, false);
      System.out.println(minimized);
      fail(failingSeeds.size() + " of " + seeds.size() + " deterministic schedules diverge from "
          + "the serial run; seeds " + hexList(failingSeeds) + "\n\n"
          + String.join("\n\n", failures) + "\n\n" + minimized);
    }
  }

  @Test
  void multiThreadedSchedulesEqualTheSerialRunInRankOrder() throws Exception {
    List<Long> seeds = REPLAY_SEED != null ? Collections.nCopies(10, REPLAY_SEED)
        : seeds(1_000_000, THREADED);
    Stats stats = new Stats();
    List<String> failures = new ArrayList<>();
    List<Long> failingSeeds = new ArrayList<>();
    long t0 = System.nanoTime();
    for (long seed : seeds) {
      Workload w = RandomizedWorkload.generate(seed, MAX_AGENTS, MAX_STEPS);
      Outcome c = runThreaded(w);
      stats.add(c);
      String problem = c.hung ? c.error : check(c);
      if (problem != null) {
        failingSeeds.add(seed);
        if (failures.size() < 3) {
          failures.add(report(c, problem, TRACE_TAIL));
        }
        if (c.hung) {
          break; // threads may still be stuck inside the engine
        }
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("[random] multi-threaded: %d schedules in %d ms, %s, %d failing%n",
        seeds.size(), ms, stats, failingSeeds.size());
    if (!failingSeeds.isEmpty()) {
      fail(failingSeeds.size() + " multi-threaded schedules failed (programs replay with the "
          + "seed, the interleaving does not); seeds " + hexList(failingSeeds) + "\n\n"
          + String.join("\n\n", failures));
    }
  }

  /**
   * With notifications suppressed agents never repair: the oracle must then catch a meaningful
   * share of schedules, or it could not fail at all.
   */
  @Test
  void negativeControlWithoutNotificationsIsDetected() {
    List<Long> seeds = seeds(2_000_000, NEGATIVE);
    int stateDiffers = 0;
    int verifyFails = 0;
    int detected = 0;
    List<String> errors = new ArrayList<>();
    long t0 = System.nanoTime();
    for (long seed : seeds) {
      Workload w = RandomizedWorkload.generate(seed, MAX_AGENTS, MAX_STEPS);
      Outcome c = runDeterministic(w, true);
      if (c.error != null) {
        errors.add(report(c, c.error, 40));
        continue;
      }
      Serial s = runSerial(w, c.committedInRankOrder());
      if (s.error != null || !s.state.equals(s.model)) {
        errors.add(report(c, s.error != null ? s.error : "serial engine run differs from model",
            40));
        continue;
      }
      boolean diff = !c.state.equals(s.state);
      boolean vf = !c.verify.ok();
      stateDiffers += diff ? 1 : 0;
      verifyFails += vf ? 1 : 0;
      detected += diff || vf ? 1 : 0;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    int n = seeds.size();
    System.out.printf("[random] negative control: %d schedules in %d ms; detected %d (%.1f%%): "
            + "state differs %d (%.1f%%), verify() not ok %d (%.1f%%); %d errors%n",
        n, ms, detected, 100.0 * detected / n, stateDiffers, 100.0 * stateDiffers / n,
        verifyFails, 100.0 * verifyFails / n, errors.size());
    assertTrue(errors.isEmpty(), "schedules with notifications suppressed failed to run:\n"
        + String.join("\n\n", errors.subList(0, Math.min(3, errors.size()))));
    assertTrue(detected * 20 >= n, "with notifications suppressed only " + detected + " of " + n
        + " schedules were detected as wrong; the oracle is too weak");
    assertTrue(stateDiffers * 20 >= n, "with notifications suppressed only " + stateDiffers
        + " of " + n + " schedules ended in a state different from the serial run");
  }

  /** The generator and the replay must be deterministic, or a seed would not reproduce anything. */
  @Test
  void sameSeedReplaysTheSameDeterministicSchedule() {
    for (long seed : seeds(3_000_000, 20)) {
      Workload w = RandomizedWorkload.generate(seed, MAX_AGENTS, MAX_STEPS);
      assertEquals(w.describe(), RandomizedWorkload.generate(seed, MAX_AGENTS, MAX_STEPS)
          .describe());
      Outcome a = runDeterministic(w, false);
      Outcome b = runDeterministic(w, false);
      assertEquals(a.state, b.state, "seed " + hex(seed));
      assertEquals(a.turns, b.turns, "seed " + hex(seed));
    }
  }

  // ================================================================== schedulers

  /** Scheduler 1: a seeded Random picks the agent that does its next step; single-threaded. */
  static Outcome runDeterministic(Workload w, boolean suppressed) {
    Trace trace = new Trace(false);
    Outcome out = new Outcome(w, trace);
    try (CoStore store = CoStore.open(StoreConfig.inMemory())) {
      if (suppressed) {
        ((StoreImpl) store).setNotificationsSuppressed(true);
      }
      Ctx ctx = new Ctx(w, store, suppressed, trace, false);
      Random r = new Random(w.seed() * 0x9E3779B97F4A7C15L + 17);
      Agent[] agents = place(ctx, r);
      out.agents = agents;
      List<Agent> live = new ArrayList<>(List.of(agents));
      int maxTurns = 5_000 + 600 * totalSteps(w);
      while (!live.isEmpty()) {
        if (++ctx.turn > maxTurns) {
          out.error = "no quiescence after " + maxTurns + " turns (livelock or lost wake-up?); "
              + "still active: " + states(live);
          break;
        }
        int i = r.nextInt(live.size());
        Agent a = live.get(i);
        a.turn(Duration.ZERO);
        if (a.finished()) {
          live.remove(i);
        }
        if (!ctx.errors.isEmpty()) {
          out.error = String.join("; ", ctx.errors);
          break;
        }
      }
      out.turns = ctx.turn;
      if (out.error == null) {
        finish(out, ctx, agents);
      }
    } catch (RuntimeException | AssertionError e) {
      out.error = "exception: " + e + stack(e);
    }
    return out;
  }

  /** Scheduler 2: one thread per agent, small random pauses, commits with a real timeout. */
  static Outcome runThreaded(Workload w) throws InterruptedException {
    Trace trace = new Trace(true);
    Outcome out = new Outcome(w, trace);
    CoStore store = CoStore.open(StoreConfig.inMemory());
    boolean hung = false;
    try {
      Ctx ctx = new Ctx(w, store, false, trace, true);
      Random r = new Random(w.seed() * 0x9E3779B97F4A7C15L + 17);
      Agent[] agents = place(ctx, r);
      out.agents = agents;
      long deadline = System.nanoTime() + THREADED_DEADLINE.toNanos();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (Agent a : agents) {
        Random ar = new Random(w.seed() ^ (0x5851F42D4C957F2DL * (a.spec.index() + 1)));
        futures.add(pool.submit(() -> {
          go.await();
          if (a.spec.placement() == Placement.DYNAMIC) {
            pause(ar);
          }
          try {
            while (!a.finished() && !stop.get()) {
              if (System.nanoTime() > deadline) {
                throw new TimeoutException(a.who() + " not finished at the deadline");
              }
              a.turn(Duration.ofMillis(5 + ar.nextInt(40)));
              pause(ar);
            }
          } catch (Exception | AssertionError e) {
            stop.set(true);
            throw e;
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        long left = deadline - System.nanoTime() + 2_000_000_000L;
        try {
          f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          if (cause instanceof TimeoutException || e instanceof TimeoutException) {
            hung = true;
            out.hung = true;
            out.error = "HANG: schedule not quiescent after " + THREADED_DEADLINE.toMillis()
                + " ms; agents: " + states(List.of(agents)) + "\n" + threadDump();
          } else {
            out.error = "exception in agent thread: " + cause + stack(cause);
          }
          break;
        }
      }
      if (out.error != null) {
        stop.set(true);
        for (Future<?> f : futures) {
          f.cancel(true);
        }
      } else {
        checkListeners(ctx, agents);
        if (!ctx.errors.isEmpty()) {
          out.error = String.join("; ", ctx.errors);
        } else {
          finish(out, ctx, agents);
        }
      }
    } catch (RuntimeException | AssertionError e) {
      out.error = "exception: " + e + stack(e);
    } finally {
      if (!hung) {
        store.close();
      }
    }
    return out;
  }

  /** Every notification of a trajectory reaches its listener (asynchronously), exactly once. */
  private static void checkListeners(Ctx ctx, Agent[] agents) throws InterruptedException {
    Map<Long, Set<Long>> sent = new HashMap<>();
    for (NotificationInfo ni : ctx.store.notifications()) {
      sent.computeIfAbsent(ni.notification().readerTrajectory(), x -> new HashSet<>())
          .add(ni.notification().id());
    }
    long until = System.nanoTime() + 5_000_000_000L;
    for (Agent a : agents) {
      if (a.traj == null) {
        continue;
      }
      Set<Long> want = sent.getOrDefault(a.traj.id(), Set.of());
      while (!a.heard.containsAll(want) && System.nanoTime() < until) {
        Thread.sleep(1);
      }
      if (!a.heard.equals(want)) {
        Set<Long> missing = new HashSet<>(want);
        missing.removeAll(a.heard);
        Set<Long> extra = new HashSet<>(a.heard);
        extra.removeAll(want);
        ctx.errors.add(a.who() + ": listener missed notifications " + missing + " / got "
            + "notifications not listed by store.notifications() " + extra);
      }
    }
  }

  private static void pause(Random r) {
    switch (r.nextInt(5)) {
      case 0 -> Thread.yield();
      case 1 -> LockSupport.parkNanos(r.nextInt(100_000));
      case 2 -> LockSupport.parkNanos(r.nextInt(600_000));
      default -> { }
    }
  }

  // ================================================================== setup, placement, result

  static void createTables(CoStore store, Workload w) {
    for (String t : w.tables()) {
      store.createTable(TableDef.of(t, List.of(ColumnDef.notNull("ID", ColumnType.INTEGER),
          ColumnDef.of("VAL", ColumnType.BIGINT)), 0));
    }
  }

  /** Creates the tables and commits the pre-population in a first trajectory; returns its rank. */
  static long setup(CoStore store, Workload w) {
    createTables(store, w);
    Trajectory s = store.begin("setup");
    for (String t : w.tables()) {
      try (Operation op = s.begin(OpKind.INSERT, "setup " + t)) {
        for (Map.Entry<Integer, Long> e : w.initial().get(t).entrySet()) {
          op.insert(t, RandomizedWorkload.row(e.getKey(), e.getValue()));
        }
        op.complete();
      }
    }
    s.commit(Duration.ofSeconds(10));
    return s.rank();
  }

  /**
   * Sets up the store and places the agents: explicit ranks begin at once (random order), then
   * the launched agents are reserved (random order), dynamic ones begin at their first turn.
   */
  static Agent[] place(Ctx ctx, Random r) {
    long setupRank = setup(ctx.store, ctx.w);
    ctx.ranks.add(setupRank);
    ctx.trace.add("setup committed at rank " + setupRank);
    List<AgentSpec> specs = ctx.w.agents();
    Agent[] agents = new Agent[specs.size()];
    Map<String, Agent> byName = new HashMap<>();
    for (AgentSpec s : specs) {
      agents[s.index()] = new Agent(s, ctx);
      byName.put(s.name(), agents[s.index()]);
    }
    List<Agent> shuffled = new ArrayList<>(List.of(agents));
    Collections.shuffle(shuffled, r);
    for (Agent a : shuffled) {
      if (a.spec.placement() == Placement.EXPLICIT) {
        a.traj = ctx.store.begin(a.spec.name(), setupRank + 1 + a.spec.explicitOffset());
        a.rank = a.traj.rank();
        ctx.ranks.add(a.rank);
        a.listen();
        ctx.trace.add(a.spec.name() + " begins at explicit rank " + a.rank);
        if (a.rank != setupRank + 1 + a.spec.explicitOffset()) {
          ctx.errors.add(a.spec.name() + " asked for rank " + (setupRank + 1
              + a.spec.explicitOffset()) + " but got " + a.rank);
        }
      }
    }
    List<String> launched = new ArrayList<>();
    for (Agent a : shuffled) {
      if (a.spec.placement() == Placement.LAUNCHED) {
        launched.add(a.spec.name());
      }
    }
    if (!launched.isEmpty()) {
      long before = ctx.ranks.last();
      List<Long> ranks = ctx.store.launch(launched);
      ctx.trace.add("launch " + launched + " -> ranks " + ranks);
      if (ranks.size() != launched.size() || ranks.get(0) <= before) {
        ctx.errors.add("launch(" + launched + ") returned " + ranks + ", not " + launched.size()
            + " ranks above every rank in use (" + before + ")");
      }
      ctx.ranks.addAll(ranks);
      for (int i = 0; i < launched.size(); i++) {
        byName.get(launched.get(i)).reserved = ranks.get(i);
        if (i > 0 && ranks.get(i) <= ranks.get(i - 1)) {
          ctx.errors.add("launch returned ranks out of order: " + ranks);
        }
      }
    }
    ctx.agents = agents;
    return agents;
  }

  private static void finish(Outcome out, Ctx ctx, Agent[] agents) {
    for (Agent a : agents) {
      if (a.traj != null) {
        TrajectoryState st = a.traj.state();
        TrajectoryState want = a.committed ? TrajectoryState.COMMITTED : TrajectoryState.ABORTED;
        if (st != want) {
          ctx.errors.add(a.who() + " believes it is " + want + " but its trajectory is " + st);
        }
      }
    }
    if (!ctx.errors.isEmpty()) {
      out.error = String.join("; ", ctx.errors);
      return;
    }
    out.state = snapshot(ctx.store, ctx.w);
    out.verify = ctx.store.verify();
  }

  static Map<String, List<Row>> snapshot(CoStore store, Workload w) {
    Map<String, List<Row>> m = new LinkedHashMap<>();
    for (String t : w.tables()) {
      m.put(t, store.scanLive(t, KeyRange.ALL, RowPredicate.TRUE));
    }
    return m;
  }

  // ================================================================== oracle

  record Serial(Map<String, List<Row>> state, Map<String, List<Row>> model, VerifyReport verify,
      String error) {}

  /**
   * The oracle: the committed agents' programs, one trajectory at a time in rank order, on a fresh
   * store; and the same on the reference model.
   */
  static Serial runSerial(Workload w, List<AgentSpec> order) {
    Model model = new Model(w);
    for (AgentSpec a : order) {
      long[] l = a.initialLocals().clone();
      long[] tags = new long[a.steps().size()];
      for (int m = 0; m < a.steps().size(); m++) {
        Step s = a.steps().get(m);
        if (s.kind() == Kind.UNDO) {
          model.undo(tags[s.target()]);
        } else {
          tags[m] = model.nextTag();
          RandomizedWorkload.exec(s, l, model.db(tags[m]));
        }
      }
    }
    Map<String, List<Row>> modelState = new LinkedHashMap<>();
    for (String t : w.tables()) {
      modelState.put(t, model.rows(t));
    }
    try (CoStore store = CoStore.open(StoreConfig.inMemory())) {
      setup(store, w);
      for (AgentSpec a : order) {
        Trajectory t = store.begin(a.name());
        long[] l = a.initialLocals().clone();
        long[] ops = new long[a.steps().size()];
        for (int m = 0; m < a.steps().size(); m++) {
          Step s = a.steps().get(m);
          if (s.kind() == Kind.UNDO) {
            t.undo(ops[s.target()]);
          } else {
            try (Operation op = t.begin(s.opKind(), a.name() + " s" + m + " " + s)) {
              ops[m] = op.id();
              RandomizedWorkload.exec(s, l, RandomizedWorkload.engineDb(op));
              op.complete();
            }
          }
        }
        try {
          t.commit(Duration.ZERO);
        } catch (CoAgentException e) {
          return new Serial(null, modelState, null, "serial run: commit of " + a.name()
              + " with no lower rank open failed: " + e);
        }
      }
      return new Serial(snapshot(store, w), modelState, store.verify(), null);
    } catch (RuntimeException e) {
      return new Serial(null, modelState, null, "serial run failed: " + e + stack(e));
    }
  }

  /** Null when the outcome is right, else what is wrong. */
  static String check(Outcome c) {
    if (c.error != null) {
      return c.error;
    }
    List<AgentSpec> order = c.committedInRankOrder();
    Serial s = runSerial(c.w, order);
    if (s.error != null) {
      return s.error;
    }
    if (!s.state.equals(s.model)) {
      return "the engine's own SERIAL run (one trajectory at a time, rank order) differs from "
          + "the reference model\n  engine serial: " + s.state + "\n  model:         " + s.model;
    }
    if (!s.verify.ok()) {
      return "verify() is not ok on the serial run: " + s.verify;
    }
    if (!c.state.equals(s.state)) {
      return "final live state differs from the serial execution in rank order "
          + names(order) + "\n  expected (serial): " + s.state + "\n  actual:            "
          + c.state + "\n  verify(): " + c.verify;
    }
    if (!c.verify.ok()) {
      return "state equals the serial run but verify() is not ok: " + c.verify;
    }
    return null;
  }

  // ================================================================== shrinking

  /**
   * Greedy minimization of a failing deterministic schedule (drop agents, steps, aborts while
   * the same kind of problem persists); returns the report of the smallest one found.
   */
  static String shrink(Workload w, boolean suppressed) {
    Outcome o = runDeterministic(w, suppressed);
    String problem = check(o);
    if (problem == null) {
      return "(seed " + hex(w.seed()) + " did not fail again when re-run: not deterministic?)";
    }
    String kind = problemKind(problem);
    long deadline = System.nanoTime() + 20_000_000_000L;
    int tries = 0;
    boolean progress = true;
    while (progress && tries < 600 && System.nanoTime() < deadline) {
      progress = false;
      for (Workload cand : smaller(w)) {
        if (++tries >= 600 || System.nanoTime() > deadline) {
          break;
        }
        Outcome co = runDeterministic(cand, suppressed);
        String cp = check(co);
        if (cp != null && problemKind(cp).equals(kind)) {
          w = cand;
          o = co;
          problem = cp;
          progress = true;
          break;
        }
      }
    }
    return "MINIMIZED (" + tries + " tries; same seed, reduced programs, so replay needs this "
        + "workload, not only the seed):\n" + report(o, problem, 400);
  }

  private static String problemKind(String p) {
    if (p.startsWith("exception: ")) {
      int colon = p.indexOf(':', 11);
      return p.substring(0, colon < 0 ? Math.min(p.length(), 60) : colon);
    }
    return p.substring(0, Math.min(p.length(), 30));
  }

  private static List<Workload> smaller(Workload w) {
    List<Workload> out = new ArrayList<>();
    List<AgentSpec> as = w.agents();
    if (as.size() > 1) {
      for (int i = as.size() - 1; i >= 0; i--) {
        List<AgentSpec> rest = new ArrayList<>();
        for (AgentSpec a : as) {
          if (a != as.get(i)) {
            rest.add(withIndex(a, rest.size()));
          }
        }
        out.add(with(w, rest));
      }
    }
    for (int i = 0; i < as.size(); i++) {
      AgentSpec a = as.get(i);
      if (a.aborts()) {
        out.add(replace(w, i, new AgentSpec(a.name(), a.index(), a.steps(), a.initialLocals(), -1,
            a.placement(), a.explicitOffset(), a.repair(), a.cancelIfUnbegun())));
      }
      for (int j = a.steps().size() - 1; j >= 0; j--) {
        out.add(replace(w, i, dropStep(a, j)));
      }
    }
    return out;
  }

  private static AgentSpec dropStep(AgentSpec a, int j) {
    Set<Integer> drop = new HashSet<>();
    drop.add(j);
    for (int k = 0; k < a.steps().size(); k++) {
      if (a.steps().get(k).kind() == Kind.UNDO && a.steps().get(k).target() == j) {
        drop.add(k);
      }
    }
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < a.steps().size(); k++) {
      if (drop.contains(k)) {
        continue;
      }
      Step s = a.steps().get(k);
      if (s.kind() == Kind.UNDO) {
        s = new Step(s.kind(), s.table(), s.key(), s.hi(), s.in(), s.out(), s.c1(), s.c2(),
            s.variant(), s.target() - below(drop, s.target()), s.table2());
      }
      steps.add(s);
    }
    int abortAt = a.abortAt() < 0 ? -1 : a.abortAt() - below(drop, a.abortAt());
    return new AgentSpec(a.name(), a.index(), List.copyOf(steps), a.initialLocals(), abortAt,
        a.placement(), a.explicitOffset(), a.repair(), a.cancelIfUnbegun());
  }

  private static int below(Set<Integer> drop, int x) {
    int n = 0;
    for (int d : drop) {
      n += d < x ? 1 : 0;
    }
    return n;
  }

  private static AgentSpec withIndex(AgentSpec a, int index) {
    return new AgentSpec(a.name(), index, a.steps(), a.initialLocals(), a.abortAt(),
        a.placement(), a.explicitOffset(), a.repair(), a.cancelIfUnbegun());
  }

  private static Workload replace(Workload w, int i, AgentSpec a) {
    List<AgentSpec> as = new ArrayList<>(w.agents());
    as.set(i, a);
    return with(w, as);
  }

  private static Workload with(Workload w, List<AgentSpec> agents) {
    return new Workload(w.seed(), w.tables(), w.keys(), w.initial(), List.copyOf(agents),
        w.mode());
  }

  // ================================================================== agents

  static final class Ctx {
    final Workload w;
    final CoStore store;
    final boolean suppressed;
    final Trace trace;
    /**
     * Threaded runs: a statement racing a lower-rank insert may fail with DUPLICATE_KEY (retried);
     * agents also use poll/await and a listener.
     */
    final boolean threaded;
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    /** Ranks known to be in use: setup, explicit, reserved (until cancelled), begun. */
    final ConcurrentSkipListSet<Long> ranks = new ConcurrentSkipListSet<>();
    Agent[] agents;
    int turn;

    Ctx(Workload w, CoStore store, boolean suppressed, Trace trace, boolean threaded) {
      this.w = w;
      this.store = store;
      this.suppressed = suppressed;
      this.trace = trace;
      this.threaded = threaded;
    }
  }

  /** A simulated agent driving one trajectory through its program, with the repair policy. */
  static final class Agent {
    final AgentSpec spec;
    final Ctx ctx;
    final List<Step> steps;
    Trajectory traj;
    long rank = -1;
    Long reserved;
    boolean committed;
    boolean aborted;
    int pc;
    long[] locals;
    final long[][] localsAt;
    final Savepoint[] savepoints;
    /** Operation id of each step's current execution (-1: none or not an operation). */
    final long[] stepOp;
    /** Applied (not undone) operations of this agent and the step each belongs to. */
    final Map<Long, Integer> opStep = new HashMap<>();
    final Set<Long> allOps = new HashSet<>();
    int stepsRun;
    int repairs;
    int notifications;
    int commitRefusals;
    int failedSteps;
    /** Repairs that found no applied operation named (the named reads were already undone). */
    int ackOnly;
    final Set<Long> acked = new HashSet<>();
    final Set<Long> heard = ConcurrentHashMap.newKeySet();
    /** For agent-side choices (reconnects); only ever used by the agent's own thread. */
    final Random rnd;

    Agent(AgentSpec spec, Ctx ctx) {
      this.spec = spec;
      this.ctx = ctx;
      this.rnd = new Random(ctx.w.seed() ^ (0x2545F4914F6CDD1DL * (spec.index() + 7)));
      this.steps = spec.steps();
      this.locals = spec.initialLocals().clone();
      int n = steps.size();
      this.localsAt = new long[n + 1][];
      this.savepoints = new Savepoint[n + 1];
      this.stepOp = new long[n];
      java.util.Arrays.fill(stepOp, -1);
    }

    String who() {
      return spec.name() + "(r" + rank + ")";
    }

    boolean finished() {
      return committed || aborted;
    }

    private void log(String s) {
      ctx.trace.add((ctx.trace.timed ? "" : "t" + ctx.turn + " ") + who() + " " + s);
    }

    /** One unit of work: begin, repair, abort, one step, or one commit attempt. */
    void turn(Duration commitTimeout) {
      if (traj == null) {
        if (spec.abortAt() == 0 && spec.placement() == Placement.LAUNCHED
            && spec.cancelIfUnbegun()) {
          ctx.store.cancelReservation(spec.name());
          ctx.ranks.remove(reserved);
          aborted = true;
          log("cancels its reservation (rank " + reserved + ") without beginning");
          return;
        }
        long above = ctx.ranks.last();
        traj = ctx.store.begin(spec.name());
        rank = traj.rank();
        ctx.ranks.add(rank);
        if (reserved == null && rank <= above) {
          ctx.errors.add(spec.name() + " joined dynamically at rank " + rank + ", not above every "
              + "rank in use (" + above + ")");
        }
        listen();
        log("begins" + (reserved != null ? " on its reservation" : " (dynamic join)"));
        if (reserved != null && rank != reserved) {
          ctx.errors.add(spec.name() + " reserved rank " + reserved + " but began at " + rank);
        }
      } else if (rnd.nextInt(25) == 0) {
        reconnect();
      }
      if (!ctx.suppressed) {
        if (ctx.threaded && rnd.nextInt(4) == 0) {
          // An agent may also learn of notifications by poll() (or await(), below).
          Optional<Notification> polled = traj.poll();
          if (polled.isPresent()) {
            repairHandedOut(polled.get(), "polled");
            return;
          }
        }
        List<Notification> pending = traj.pendingNotifications();
        if (!pending.isEmpty()) {
          repair(pending, "notified");
          return;
        }
      }
      if (pc == spec.abortAt()) {
        traj.abort();
        aborted = true;
        log("ABORTS at s" + pc);
        return;
      }
      if (pc < steps.size()) {
        step();
        return;
      }
      try {
        traj.commit(commitTimeout);
        committed = true;
        log("COMMITS");
        if (!ctx.threaded) {
          for (Agent o : ctx.agents) {
            if (o != this && !o.finished() && o.effectiveRank() < rank) {
              ctx.errors.add(who() + " committed while lower rank " + o.state() + " is still open "
                  + "(rule 8)");
            }
          }
        }
      } catch (CoAgentException e) {
        commitRefusals++;
        if (e.code() == ErrorCode.COMMIT_TIMEOUT) {
          if (!ctx.trace.timed) {
            log("commit: lower rank still open");
          }
          if (!ctx.threaded && lowerRanksEnded()) {
            ctx.errors.add(who() + ": commit(ZERO) failed with COMMIT_TIMEOUT although every lower "
                + "rank has ended: " + e.getMessage());
          }
          if (ctx.threaded && rnd.nextInt(3) == 0) {
            try {
              Optional<Notification> n = traj.await(Duration.ofMillis(1 + rnd.nextInt(10)));
              if (n.isPresent()) {
                repairHandedOut(n.get(), "awaited");
              }
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
          }
        } else if (e.code() == ErrorCode.NOTIFICATIONS_PENDING) {
          if (ctx.suppressed) {
            ctx.errors.add(who() + ": commit refused with NOTIFICATIONS_PENDING although "
                + "notifications are suppressed: " + e.getMessage());
            return;
          }
          Map<Long, Notification> all = new LinkedHashMap<>();
          for (Notification n : e.notifications()) {
            all.put(n.id(), n);
          }
          for (Notification n : traj.pendingNotifications()) {
            all.put(n.id(), n);
          }
          if (all.isEmpty()) {
            ctx.errors.add(who() + ": commit refused with NOTIFICATIONS_PENDING but neither the "
                + "exception nor pendingNotifications() names one: " + e.getMessage());
            return;
          }
          repair(new ArrayList<>(all.values()), "commit refused");
        } else {
          throw e;
        }
      }
    }

    /** A new connection of the same agent must join its active trajectory (spec section 2). */
    private void reconnect() {
      boolean viaBegin = rnd.nextBoolean();
      Trajectory t = viaBegin ? ctx.store.begin(spec.name())
          : ctx.store.active(spec.name()).orElse(null);
      if (t == null || t.id() != traj.id() || t.rank() != rank
          || t.state() != TrajectoryState.ACTIVE) {
        ctx.errors.add(who() + " reconnected via " + (viaBegin ? "begin" : "active") + "("
            + spec.name() + ") and got " + (t == null ? "nothing" : "trajectory " + t.id()
            + " rank " + t.rank() + " " + t.state()) + " instead of its active trajectory "
            + traj.id());
        return;
      }
      traj = t;
      log("reconnects via " + (viaBegin ? "begin" : "active") + " and joins trajectory " + t.id());
    }

    private void step() {
      int m = pc;
      Step s = steps.get(m);
      localsAt[m] = locals.clone();
      savepoints[m] = traj.savepoint();
      if (s.kind() == Kind.UNDO) {
        long opId = stepOp[s.target()];
        traj.undo(opId);
        opStep.remove(opId);
        pc++;
        stepsRun++;
        log("s" + m + " UNDO s" + s.target() + " (op " + opId + ")");
        return;
      }
      long[] l = locals.clone();
      String what;
      long opId = -1;
      try (Operation op = traj.begin(s.opKind(), spec.name() + " s" + m + " " + s)) {
        opId = op.id();
        allOps.add(opId);
        opStep.put(opId, m);
        stepOp[m] = opId;
        what = RandomizedWorkload.exec(s, l, RandomizedWorkload.engineDb(op));
        op.complete();
      } catch (CoAgentException e) {
        if (ctx.threaded && e.code() == ErrorCode.DUPLICATE_KEY) {
          opStep.remove(opId);
          stepOp[m] = -1;
          failedSteps++;
          log("s" + m + " " + s + " op " + opId + " failed (" + e.code() + "), will retry");
          return;
        }
        throw e;
      }
      locals = l;
      pc++;
      stepsRun++;
      log("s" + m + " " + s + " op " + opId + ": " + what);
    }

    /**
     * The repair policy: back to the earliest own step whose read a notification names, re-execute
     * from there; acknowledge everything seen.
     */
    private void repair(List<Notification> ns, String why) {
      notifications += ns.size();
      int m = pc;
      StringBuilder desc = new StringBuilder();
      for (Notification n : ns) {
        checkWellFormed(n);
        desc.append(" #").append(n.id()).append(' ').append(n.table()).append('#')
            .append(n.key()).append(" by ").append(n.writerAgent()).append("(r")
            .append(n.writerRank()).append(") op ").append(n.writerOperation()).append(' ')
            .append(n.cause()).append(" reads ").append(n.readOperations());
        for (long id : n.readOperations()) {
          Integer s = opStep.get(id);
          if (s != null && s < m) {
            m = s;
          }
        }
      }
      String action;
      if (m < pc) {
        // Going back past a self-undo whose target lies before the restart point would leave the
        // target undone while the steps in between re-run; restart at the target instead.
        boolean again = true;
        while (again) {
          again = false;
          for (int k = m; k < pc; k++) {
            Step s = steps.get(k);
            if (s.kind() == Kind.UNDO && s.target() < m) {
              m = s.target();
              again = true;
            }
          }
        }
        if (spec.repair() == RepairStyle.ROLLBACK) {
          traj.rollbackTo(savepoints[m]);
          action = "rollbackTo(" + savepoints[m] + ") = back to s" + m;
        } else {
          List<Long> undone = new ArrayList<>();
          for (int k = pc - 1; k >= m; k--) {
            long id = stepOp[k];
            if (id >= 0 && opStep.containsKey(id)) {
              traj.undo(id);
              undone.add(id);
            }
          }
          action = "undo ops " + undone + " = back to s" + m;
        }
        for (int k = m; k < pc; k++) {
          if (stepOp[k] >= 0) {
            opStep.remove(stepOp[k]);
          }
          stepOp[k] = -1;
        }
        locals = localsAt[m].clone();
        pc = m;
        repairs++;
      } else {
        ackOnly++;
        action = "no applied operation affected";
      }
      for (Notification n : ns) {
        if (acked.add(n.id())) {
          traj.acknowledge(n.id());
        }
      }
      log(why + ":" + desc + " -> " + action + ", acknowledged " + ns.size());
    }

    /** A notification handed out by poll/await must be pending unless already acknowledged. */
    private void repairHandedOut(Notification n, String how) {
      List<Notification> pending = traj.pendingNotifications();
      boolean listed = false;
      for (Notification p : pending) {
        listed |= p.id() == n.id();
      }
      if (!listed && !acked.contains(n.id())) {
        ctx.errors.add(who() + ": " + how + " notification " + n + " is neither pending nor "
            + "acknowledged");
        return;
      }
      if (!pending.isEmpty()) {
        repair(pending, how + " #" + n.id());
      }
    }

    void listen() {
      if (ctx.threaded) {
        traj.setListener(n -> {
          if (!heard.add(n.id())) {
            ctx.errors.add(who() + ": listener got notification " + n.id() + " twice");
          }
        });
      }
    }

    private void checkWellFormed(Notification n) {
      String bad = null;
      if (!spec.name().equals(n.readerAgent()) || n.readerRank() != rank
          || n.readerTrajectory() != traj.id()) {
        bad = "is addressed to " + n.readerAgent() + "/rank " + n.readerRank() + "/trajectory "
            + n.readerTrajectory();
      } else if (n.writerRank() >= rank) {
        bad = "comes from rank " + n.writerRank() + ", not below the reader's (rule 4)";
      } else if (n.readOperations().isEmpty()) {
        bad = "names no read operation";
      } else if (!allOps.containsAll(n.readOperations())) {
        bad = "names operations " + n.readOperations() + " not all of which are the reader's "
            + allOps;
      }
      if (bad != null) {
        ctx.errors.add("notification to " + who() + " " + bad + ": " + n);
      }
    }

    /** The rank, or the reserved rank before beginning; MAX if not yet known (dynamic). */
    long effectiveRank() {
      return traj != null ? rank : reserved != null ? reserved : Long.MAX_VALUE;
    }

    private boolean lowerRanksEnded() {
      for (Agent o : ctx.agents) {
        if (o != this && !o.finished() && o.effectiveRank() < rank) {
          return false;
        }
      }
      return true;
    }

    String state() {
      return who() + (committed ? " committed" : aborted ? " aborted"
          : traj == null ? " not begun" : " at s" + pc + "/" + steps.size()
              + (pc == steps.size() ? " (committing)" : ""));
    }
  }

  // ================================================================== outcome, stats, trace

  static final class Outcome {
    final Workload w;
    final Trace trace;
    Agent[] agents;
    Map<String, List<Row>> state;
    VerifyReport verify;
    String error;
    boolean hung;
    int turns;

    Outcome(Workload w, Trace trace) {
      this.w = w;
      this.trace = trace;
    }

    List<AgentSpec> committedInRankOrder() {
      List<Agent> c = new ArrayList<>();
      for (Agent a : agents) {
        if (a.committed) {
          c.add(a);
        }
      }
      c.sort(Comparator.comparingLong(a -> a.rank));
      List<AgentSpec> out = new ArrayList<>();
      for (Agent a : c) {
        out.add(a.spec);
      }
      return out;
    }
  }

  static final class Stats {
    long schedules;
    long agents;
    long steps;
    long repairs;
    long notifications;
    long commitRefusals;
    long aborts;
    long failedSteps;
    long ackOnly;
    long turns;

    void add(Outcome c) {
      schedules++;
      turns += c.turns;
      if (c.agents == null) {
        return;
      }
      for (Agent a : c.agents) {
        agents++;
        steps += a.stepsRun;
        repairs += a.repairs;
        notifications += a.notifications;
        commitRefusals += a.commitRefusals;
        aborts += a.aborted ? 1 : 0;
        failedSteps += a.failedSteps;
        ackOnly += a.ackOnly;
      }
    }

    @Override
    public String toString() {
      return agents + " agents, " + steps + " steps executed, " + notifications
          + " notifications, " + repairs + " repairs (" + ackOnly + " acknowledge-only), " + commitRefusals + " commit refusals, "
          + aborts + " aborts" + (failedSteps > 0 ? ", " + failedSteps + " retried steps" : "")
          + (turns > 0 ? ", " + turns + " turns" : "");
    }
  }

  static final class Trace {
    private static final int CAP = 50_000;
    final boolean timed;
    private final long t0 = System.nanoTime();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    Trace(boolean timed) {
      this.timed = timed;
    }

    void add(String s) {
      if (lines.size() < CAP) {
        lines.add(timed ? String.format("%8dus %s", (System.nanoTime() - t0) / 1000, s) : s);
      }
    }

    String tail(int n) {
      synchronized (lines) {
        int from = Math.max(0, lines.size() - n);
        StringBuilder sb = new StringBuilder();
        if (from > 0) {
          sb.append("  ... ").append(from).append(" earlier events\n");
        }
        for (String l : lines.subList(from, lines.size())) {
          sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
      }
    }
  }

  static String report(Outcome c, String problem, int traceLines) {
    StringBuilder sb = new StringBuilder();
    sb.append("=== schedule seed ").append(hex(c.w.seed())).append(" (replay: -Dcoagent.random.seed=")
        .append(hex(c.w.seed())).append(")\nPROBLEM: ").append(problem).append('\n');
    sb.append("workload: ").append(c.w.describe());
    if (c.agents != null) {
      sb.append("agents: ").append(states(List.of(c.agents))).append('\n');
    }
    sb.append("trace:\n").append(c.trace.tail(traceLines));
    return sb.toString();
  }

  // ================================================================== helpers

  static List<Long> seeds(long offset, int n) {
    List<Long> s = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      s.add(mix(BASE + offset + i));
    }
    return s;
  }

  /** SplitMix64 finalizer: well-spread seeds from consecutive indices. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  private static int totalSteps(Workload w) {
    int n = 0;
    for (AgentSpec a : w.agents()) {
      n += a.steps().size();
    }
    return n;
  }

  private static String states(List<Agent> agents) {
    List<String> s = new ArrayList<>();
    for (Agent a : agents) {
      s.add(a.state());
    }
    return String.join(", ", s);
  }

  private static String names(List<AgentSpec> order) {
    List<String> s = new ArrayList<>();
    for (AgentSpec a : order) {
      s.add(a.name());
    }
    return s.toString();
  }

  static String hex(long seed) {
    return "0x" + Long.toHexString(seed);
  }

  private static String hexList(List<Long> seeds) {
    List<String> s = new ArrayList<>();
    for (long x : seeds.subList(0, Math.min(20, seeds.size()))) {
      s.add(hex(x));
    }
    return s + (seeds.size() > 20 ? " ..." : "");
  }

  private static String stack(Throwable e) {
    StringBuilder sb = new StringBuilder();
    StackTraceElement[] st = e.getStackTrace();
    for (int i = 0; i < Math.min(12, st.length); i++) {
      sb.append("\n    at ").append(st[i]);
    }
    if (e.getCause() != null && e.getCause() != e) {
      sb.append("\n  caused by ").append(e.getCause());
    }
    return sb.toString();
  }

  private static String threadDump() {
    StringBuilder sb = new StringBuilder("threads:\n");
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (!e.getKey().getName().startsWith("random-agent")) {
        continue;
      }
      sb.append("  ").append(e.getKey().getName()).append(' ').append(e.getKey().getState())
          .append('\n');
      StackTraceElement[] st = e.getValue();
      for (int i = 0; i < Math.min(15, st.length); i++) {
        sb.append("      at ").append(st[i]).append('\n');
      }
    }
    return sb.toString();
  }

  private static int intProp(String name, int dflt) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
  }

  private static long longProp(String name, long dflt) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? dflt : parseLong(v);
  }

  private static Long seedProp() {
    String v = System.getProperty("coagent.random.seed");
    return v == null || v.isBlank() ? null : parseLong(v);
  }

  private static long parseLong(String v) {
    v = v.trim();
    return v.startsWith("0x") || v.startsWith("0X") ? Long.parseUnsignedLong(v.substring(2), 16)
        : Long.parseLong(v);
  }
}
