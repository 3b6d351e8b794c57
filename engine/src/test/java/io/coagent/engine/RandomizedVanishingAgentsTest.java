package io.coagent.engine;

import static io.coagent.engine.Fixtures.ACCOUNTS;
import static io.coagent.engine.Fixtures.SEED;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Agents vanish mid-trajectory (and reservations go unused) while others keep committing. Checks:
 * every surviving agent's commit completes within lease + {@link #BOUND} (its commit timeout), the
 * vanished trajectories end ABORTED and the reservations disappear, and the final state equals the
 * serial run of the committed trajectories in rank order. Real threads and the real clock, with a
 * short lease; the seed is printed (set -Dcoagent.seed=N to replay the choices).
 */
class RandomizedVanishingAgentsTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  /** Generous slack over the lease for a loaded machine; a liveness bound, not performance. */
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final int KEYS = 8;
  private static final int SURVIVORS = 3;
  private static final int ROUNDS = 3;
  private static final int VANISHERS = 3;
  private static final int GHOSTS = 2;

  /** What one trajectory wrote, in order: (key, balance). */
  private final Map<Long, List<long[]>> writes = new ConcurrentHashMap<>();

  @Test
  void vanishingAgents_neverStallSurvivors_andFinalStateIsTheSerialRunOfTheCommitted()
      throws Exception {
    long seed = Long.getLong("coagent.seed", System.nanoTime());
    System.out.println("RandomizedVanishingAgentsTest seed=" + seed);
    Random plan = new Random(seed);
    try (CoStore store = Fixtures.openStore()) {
      store.putSetting(LeaseTimeout.NAME, LeaseTimeout.format(LEASE));
      Object[][] initial = new Object[KEYS][];
      for (int k = 0; k < KEYS; k++) {
        initial[k] = acct(k, 0);
      }
      Fixtures.seed(store, initial);
      ExecutorService pool = Executors.newFixedThreadPool(SURVIVORS + VANISHERS + 1);
      List<Future<List<Long>>> survivors = new ArrayList<>();
      List<Future<Long>> vanished = new ArrayList<>();
      try {
        for (int v = 0; v < VANISHERS; v++) {
          long s = plan.nextLong();
          String name = "vanisher-" + v;
          vanished.add(pool.submit(() -> vanish(store, name, new Random(s))));
        }
        long ghostSeed = plan.nextLong();
        pool.submit(() -> {
          Random r = new Random(ghostSeed);
          for (int g = 0; g < GHOSTS; g++) {
            pause(r, 50);
            store.launch(List.of("ghost-" + g));
          }
          return null;
        });
        for (int a = 0; a < SURVIVORS; a++) {
          long s = plan.nextLong();
          String name = "survivor-" + a;
          survivors.add(pool.submit(() -> survive(store, name, new Random(s))));
        }
        List<Long> committed = new ArrayList<>();
        for (Future<List<Long>> f : survivors) {
          committed.addAll(f.get(ROUNDS * (LEASE.plus(BOUND).toSeconds() + 5), TimeUnit.SECONDS));
        }
        assertEquals(SURVIVORS * ROUNDS, committed.size(), "every survivor committed every round");
        for (Future<Long> f : vanished) {
          long id = f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
          awaitEnded(store, id);
          assertEquals(TrajectoryState.ABORTED, info(store, id).state(), "vanished " + id);
          assertTrue(info(store, id).endReason().contains("lease expiry"));
        }
      } finally {
        pool.shutdownNow();
      }
      long end = System.nanoTime() + LEASE.plus(BOUND).toNanos();
      while (!store.reservations().isEmpty() && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertEquals(List.of(), store.reservations(), "unused reservations expire");
      assertEquals(serialRun(store), live(store), "final state = serial run of the committed");
    }
  }

  /** Begins, writes (and reads) a few rows, then disappears without commit or rollback. */
  private long vanish(CoStore store, String agent, Random r) {
    pause(r, 200);
    Trajectory t = store.begin(agent);
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      step(t, r, i);
    }
    return t.id(); // the agent is gone: nothing else ever touches t
  }

  /** ROUNDS trajectories, each a few steps then a commit that must finish in lease + BOUND. */
  private List<Long> survive(CoStore store, String agent, Random r) throws InterruptedException {
    List<Long> ids = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Trajectory t = store.begin(agent);
      for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
        step(t, r, i);
        pause(r, 10);
      }
      long deadline = System.nanoTime() + LEASE.plus(BOUND).toNanos();
      while (true) {
        try {
          t.commit(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
          break;
        } catch (CoAgentException e) {
          if (e.code() != ErrorCode.NOTIFICATIONS_PENDING) {
            throw new AssertionError(agent + " did not commit within lease + bound: "
                + e.getMessage(), e);
          }
          // blind writes do not depend on what was read: judge each notification irrelevant
          e.notifications().forEach(n -> t.acknowledge(n.id()));
        }
      }
      ids.add(t.id());
    }
    return ids;
  }

  /** A blind write of a value unique to (trajectory, step), or a read that registers a footprint. */
  private void step(Trajectory t, Random r, int i) {
    int k = r.nextInt(KEYS);
    if (r.nextBoolean()) {
      Fixtures.get(t, k);
      return;
    }
    long value = t.id() * 100 + i;
    Fixtures.put(t, acct(k, value));
    writes.computeIfAbsent(t.id(), x -> Collections.synchronizedList(new ArrayList<>()))
        .add(new long[] {k, value});
  }

  private Map<Integer, Long> serialRun(CoStore store) {
    Map<Integer, Long> state = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      state.put(k, 0L);
    }
    store.trajectories().stream()
        .filter(t -> t.state() == TrajectoryState.COMMITTED && t.rank() != SEED)
        .sorted(Comparator.comparingLong(TrajectoryInfo::rank))
        .forEach(t -> writes.getOrDefault(t.id(), List.of())
            .forEach(w -> state.put((int) w[0], w[1])));
    return state;
  }

  private static Map<Integer, Long> live(CoStore store) {
    Map<Integer, Long> state = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      state.put(k, (Long) store.readLive(ACCOUNTS, key(k)).values()[1]);
    }
    return state;
  }

  private static TrajectoryInfo info(CoStore store, long id) {
    return store.trajectories().stream().filter(t -> t.id() == id).findFirst().orElseThrow();
  }

  private static void awaitEnded(CoStore store, long id) throws InterruptedException {
    long end = System.nanoTime() + LEASE.plus(BOUND).toNanos();
    while (info(store, id).state() == TrajectoryState.ACTIVE && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }

  private static void pause(Random r, int maxMillis) {
    try {
      Thread.sleep(r.nextInt(maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
