package io.coagent.engine;

import static io.coagent.engine.Fixtures.ACCOUNTS;
import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LONG;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.MID;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.assertFails;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.liveValues;
import static io.coagent.engine.Fixtures.put;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.internal.StoreImpl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases (docs/design/engine.md, "Leases"): a trajectory or reservation that goes without a
 * statement or heartbeat for lease_timeout is aborted (dropped) as a rollback would, so a dead or
 * idle agent never stalls the team. Time is a {@link ManualClock}; {@link StoreImpl#expireLeases}
 * runs the reaper's pass at once.
 */
class LeaseRulesTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final ManualClock clock = new ManualClock();
  private StoreImpl store;

  @TempDir Path dir;

  @BeforeEach
  void open() {
    store = (StoreImpl) Fixtures.openStore(StoreConfig.inMemory().withClock(clock));
    store.putSetting(LeaseTimeout.NAME, "30s");
    seed(store, acct(1, 100), acct(2, 200));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Waits (bounded) for the background reaper, which a setting change or a committer kicks. */
  static void awaitState(Trajectory t, TrajectoryState state) {
    long end = System.nanoTime() + LONG.toNanos();
    while (t.state() != state && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    assertEquals(state, t.state());
  }

  private void pastLease() {
    clock.advance(LEASE.plusSeconds(1));
  }

  @Test
  void idleTrajectory_isAbortedAfterItsLease_writesUndoneAndHigherReaderNotified() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(low, 1, 111);
    assertArrayEquals(acct(1, 111), get(high, 1).value().values());
    clock.advance(LEASE.minusSeconds(1));
    update(high, 2, 222); // high keeps working; low stays silent
    assertEquals(0, store.expireLeases(), "nothing has expired yet");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(1, store.expireLeases());
    assertEquals(TrajectoryState.ABORTED, low.state());
    assertEquals(TrajectoryState.ACTIVE, high.state());
    assertArrayEquals(acct(1, 100), liveValues(store, 1), "low's write is undone");
    Notification n = high.pendingNotifications().get(0);
    assertEquals(Notification.Cause.ABORT, n.cause());
    assertEquals("low", n.writerAgent());
    high.acknowledge(n.id());
    high.commit(LONG);
    assertEquals(TrajectoryState.COMMITTED, high.state());
    TrajectoryInfo info = store.trajectories().stream().filter(t -> t.id() == low.id())
        .findFirst().orElseThrow();
    assertTrue(info.endReason().contains("lease expiry"), info.endReason());
    assertNull(info.leaseExpires());
  }

  @Test
  void expiredAgent_isToldOnceWithWhenAndWhy_thenStartsAgain() {
    Trajectory t = store.begin("coder");
    long rank = t.rank();
    put(t, acct(3, 3));
    pastLease();
    store.expireLeases();
    CoAgentException e = assertFails(ErrorCode.LEASE_EXPIRED, () -> store.begin("coder"));
    assertEquals("MT010", e.code().sqlState());
    assertTrue(e.getMessage().contains("lease expiry at " + clock.instant()), e.getMessage());
    assertTrue(e.getMessage().contains("lease_timeout=30s"), e.getMessage());
    assertTrue(e.getMessage().contains("heartbeat"), e.getMessage());
    assertEquals(e.getMessage(), t.abortNotice().getMessage());
    assertFails(ErrorCode.LEASE_EXPIRED, () -> put(t, acct(3, 4))); // the old handle says why
    Trajectory again = store.begin("coder");
    assertEquals(TrajectoryState.ACTIVE, again.state());
    assertTrue(again.rank() > rank, "a new trajectory at a new rank");
    assertNull(again.abortNotice());
  }

  @Test
  void statementsAndHeartbeats_renewTheLease() {
    Trajectory t = store.begin("thinker");
    for (int i = 0; i < 3; i++) {
      clock.advance(LEASE.minusSeconds(5));
      assertEquals(clock.instant().plus(LEASE), store.heartbeat("thinker").orElseThrow());
      store.expireLeases();
    }
    clock.advance(LEASE.minusSeconds(5));
    put(t, acct(4, 4));
    assertEquals(clock.instant().plus(LEASE), t.leaseExpires());
    clock.advance(LEASE.minusSeconds(5));
    assertEquals(0, store.expireLeases());
    assertEquals(TrajectoryState.ACTIVE, t.state());
    assertTrue(store.heartbeat("nobody").isEmpty(), "an agent holding nothing: nothing to renew");
  }

  @Test
  void heartbeatAfterExpiry_failsWithTheNews() {
    store.begin("sleeper");
    pastLease();
    store.expireLeases();
    assertFails(ErrorCode.LEASE_EXPIRED, () -> store.heartbeat("sleeper"));
    assertTrue(store.heartbeat("sleeper").isEmpty(), "told once");
  }

  @Test
  void runningStatement_isNeverExpired() {
    Trajectory t = store.begin("slow");
    try (Operation op = t.begin(OpKind.UPSERT, "long statement")) {
      op.put(ACCOUNTS, acct(5, 5));
      pastLease();
      assertEquals(0, store.expireLeases(), "the statement lock is held: the agent is working");
      op.complete();
    }
    assertEquals(0, store.expireLeases(), "the statement's end renewed the lease");
    assertEquals(TrajectoryState.ACTIVE, t.state());
  }

  @Test
  void unusedReservation_isDroppedAfterItsLease_andListedUntilThen() {
    List<Long> ranks = store.launch(List.of("ghost", "worker"));
    List<ReservationInfo> rs = store.reservations();
    assertEquals(List.of("ghost", "worker"), rs.stream().map(ReservationInfo::agent).toList());
    assertEquals(clock.instant().plus(LEASE), rs.get(0).leaseExpires());
    Trajectory worker = store.begin("worker");
    assertEquals(ranks.get(1), worker.rank());
    put(worker, acct(6, 6));
    pastLease();
    store.heartbeat("worker");
    assertEquals(1, store.expireLeases());
    assertTrue(store.reservations().isEmpty());
    worker.commit(LONG);
    assertEquals(TrajectoryState.COMMITTED, worker.state());
    CoAgentException e = assertFails(ErrorCode.LEASE_EXPIRED, () -> store.begin("ghost"));
    assertTrue(e.getMessage().contains("reservation of rank " + ranks.get(0)), e.getMessage());
    assertTrue(store.begin("ghost").rank() > ranks.get(1), "ghost joins at the end now");
  }

  @Test
  void waitingCommit_proceedsOnceTheLowerRankExpires() throws Exception {
    Trajectory low = store.begin("crashed", LOW);
    Trajectory high = store.begin("survivor", MID);
    put(low, acct(7, 7));
    put(high, acct(8, 8));
    CompletableFuture<Void> commit = new CompletableFuture<>();
    Thread committer = new Thread(() -> {
      try {
        high.commit(LONG);
        commit.complete(null);
      } catch (Throwable e) {
        commit.completeExceptionally(e);
      }
    });
    committer.start();
    // Only once the commit waits (exempt from expiry: its statement lock is held) may the lease
    // pass; advanced before, under load, it expired the committer too.
    long deadline = System.nanoTime() + LONG.toNanos();
    while (committer.getState() != Thread.State.TIMED_WAITING && !commit.isDone()
        && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    // the committer itself observes the expired lease below it and kicks the reaper
    pastLease();
    commit.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.ABORTED, low.state());
    assertEquals(TrajectoryState.COMMITTED, high.state());
    assertNull(liveValues(store, 7));
  }

  @Test
  void commitTimeout_namesTheLowerRankItsAgentAndWhenItsLeaseExpires() {
    Trajectory low = store.begin("dawdler", LOW);
    Trajectory high = store.begin("eager", MID);
    put(low, acct(9, 9));
    CoAgentException e = assertFails(ErrorCode.COMMIT_TIMEOUT,
        () -> high.commit(Duration.ofMillis(50)));
    assertTrue(e.getMessage().contains("lower rank " + LOW + " (agent dawdler)"), e.getMessage());
    assertTrue(e.getMessage().contains("lease expires at " + low.leaseExpires()), e.getMessage());
    assertEquals(TrajectoryState.ACTIVE, high.state());
  }

  @Test
  void pendingAsyncCommit_isNotExpired() throws Exception {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", MID);
    put(high, acct(10, 10));
    CompletableFuture<Void> f = high.commitAsync();
    put(low, acct(11, 11));
    pastLease();
    store.heartbeat("low");
    assertEquals(0, store.expireLeases(), "a pending commit waits for lower ranks, not its agent");
    low.commit(LONG);
    f.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.COMMITTED, high.state());
  }

  @Test
  void leaseTimeoutSetting_isValidatedAndAppliesToLeasesAlreadyHeld() {
    CoAgentException bad = assertFails(ErrorCode.INVALID_SETTING,
        () -> store.putSetting(LeaseTimeout.NAME, "soon"));
    assertTrue(bad.getMessage().contains("'30s'"), bad.getMessage());
    assertFails(ErrorCode.INVALID_SETTING, () -> store.putSetting(LeaseTimeout.NAME, "1ms"));
    assertEquals(LEASE, store.leaseTimeout());
    Trajectory t = store.begin("a");
    clock.advance(Duration.ofSeconds(10));
    store.putSetting(LeaseTimeout.NAME, "5s");
    assertEquals(Duration.ofSeconds(5), store.leaseTimeout());
    store.expireLeases(); // or the reaper, which the change woke
    awaitState(t, TrajectoryState.ABORTED); // the shorter lease counts from the last renewal
    assertEquals(Duration.ofMillis(1500), LeaseTimeout.parse("1500ms"));
    assertEquals(Duration.ofMinutes(2), LeaseTimeout.parse("PT2M"));
    assertEquals("90s", LeaseTimeout.format(Duration.ofSeconds(90)));
  }

  @Test
  void defaultLease_isFiveMinutes() {
    try (CoStore fresh = CoStore.open(StoreConfig.inMemory())) {
      assertEquals(Duration.ofMinutes(5), fresh.leaseTimeout());
      assertEquals(LeaseTimeout.DEFAULT, fresh.leaseTimeout());
    }
  }

  @Test
  void recoveredTrajectoryAndReservation_getALeaseFromReopen_andExpireLikeAnyOther() {
    Path file = dir.resolve("crash.mv.db");
    StoreConfig config = StoreConfig.file(file).withClock(clock);
    StoreImpl s = (StoreImpl) Fixtures.openStore(config);
    s.putSetting(LeaseTimeout.NAME, "30s");
    seed(s, acct(1, 100));
    Trajectory dead = s.begin("dead");
    update(dead, 1, 666);
    s.launch(List.of("ghost"));
    s.crashForTesting();
    clock.advance(Duration.ofHours(1)); // the store was down far longer than a lease
    try (StoreImpl r = StoreImpl.open(config)) {
      Trajectory back = r.active("dead").orElseThrow();
      assertEquals(TrajectoryState.ACTIVE, back.state(), "a restart alone aborts nothing");
      assertEquals(clock.instant().plus(LEASE), back.leaseExpires(), "lease from reopen");
      assertEquals(clock.instant().plus(LEASE), r.reservations().get(0).leaseExpires());
      assertEquals(0, r.expireLeases());
      Trajectory other = r.begin("other");
      put(other, acct(2, 2));
      pastLease();
      r.heartbeat("other");
      assertEquals(2, r.expireLeases(), "the recovered trajectory and the reservation");
      assertEquals(TrajectoryState.ABORTED, back.state());
      assertArrayEquals(acct(1, 100), liveValues(r, 1), "the dead agent's write is undone");
      other.commit(LONG);
      assertEquals(TrajectoryState.COMMITTED, other.state());
    }
    try (CoStore again = CoStore.open(config)) {
      TrajectoryInfo info = again.trajectories().stream().filter(t -> t.agent().equals("dead"))
          .findFirst().orElseThrow();
      assertEquals(TrajectoryState.ABORTED, info.state());
      assertTrue(info.endReason().contains("lease expiry"), "durable: " + info.endReason());
    }
  }

  @Test
  void explicitRankAboveTheMaximum_isRefusedNamingTheLimit() {
    CoAgentException e = assertFails(ErrorCode.LIMIT_EXCEEDED,
        () -> store.begin("greedy", Long.MAX_VALUE));
    assertTrue(e.getMessage().contains(String.valueOf(CoStore.MAX_EXPLICIT_RANK)), e.getMessage());
    Trajectory ok = store.begin("modest", CoStore.MAX_EXPLICIT_RANK);
    ok.abort();
    Trajectory dynamic = store.begin("late");
    assertEquals(CoStore.MAX_EXPLICIT_RANK + 1, dynamic.rank(), "dynamic ranks remain above");
  }

  @Test
  void dollarNames_areRefusedForAgents_operatorsGetUniqueInternalNames() {
    CoAgentException e = assertFails(ErrorCode.RESERVED_NAME,
        () -> store.begin(CoStore.OPERATOR_PREFIX + "x-1"));
    assertEquals("42939", e.code().sqlState());
    assertFails(ErrorCode.RESERVED_NAME, () -> store.begin("$system"));
    assertFails(ErrorCode.RESERVED_NAME, () -> store.launch(List.of("ok", "$bad")));
    Trajectory a = store.beginOperator(Isolation.MTPO);
    Trajectory b = store.beginOperator(Isolation.MTPO);
    assertTrue(a.agent().startsWith(CoStore.OPERATOR_PREFIX), a.agent());
    assertNotEquals(a.agent(), b.agent());
    assertFails(ErrorCode.RESERVED_NAME, () -> store.begin(a.agent()));
  }

  @Test
  void operatorAbort_endsTrajectoryAndReservation_andTheAgentIsTold() {
    Trajectory t = store.begin("runaway");
    update(t, 1, 1);
    store.launch(List.of("later"));
    assertEquals(1, store.abortAgent("runaway"));
    assertEquals(1, store.abortAgent("later"));
    assertEquals(TrajectoryState.ABORTED, t.state());
    assertArrayEquals(acct(1, 100), liveValues(store, 1));
    assertTrue(store.reservations().isEmpty());
    CoAgentException e = assertFails(ErrorCode.ABORTED_BY_OPERATOR, () -> store.begin("runaway"));
    assertTrue(e.getMessage().contains("SYS.ABORT"), e.getMessage());
    assertFails(ErrorCode.ABORTED_BY_OPERATOR, () -> store.begin("later"));
    assertFails(ErrorCode.UNKNOWN_AGENT, () -> store.abortAgent("nobody"));
    assertFalse(store.active("runaway").isPresent());
  }
}
