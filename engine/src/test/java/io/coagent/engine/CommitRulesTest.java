package io.coagent.engine;

import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LONG;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.MID;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.assertFails;
import static io.coagent.engine.Fixtures.commitAsync;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.insert;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec rules 8 (commit waits for the past), 9 (acknowledgement) and 10 (quiescence check). */
class CommitRulesTest {
  /** How long a blocked commit is observed to stay blocked; a correctness, not a speed, check. */
  private static final long STILL_BLOCKED_MS = 500;

  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static void assertStillBlocked(CompletableFuture<Void> commit) {
    assertThrows(TimeoutException.class, () -> commit.get(STILL_BLOCKED_MS, TimeUnit.MILLISECONDS),
        "commit must not finish while a lower rank is still running");
  }

  private static CoAgentException failureOf(CompletableFuture<Void> commit) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> commit.get(LONG.toSeconds(), TimeUnit.SECONDS));
    return assertInstanceOf(CoAgentException.class, e.getCause());
  }

  // ---- Rule 8 ----

  @Test
  void commit_waitsUntilLowerRankCommits() throws Exception {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(high, acct(2, 2));
    insert(low, acct(1, 1));

    CompletableFuture<Void> commit = commitAsync(high, LONG);
    assertStillBlocked(commit);
    assertEquals(TrajectoryState.ACTIVE, high.state());

    low.commit(LONG);
    commit.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.COMMITTED, high.state());
    assertEquals(TrajectoryState.COMMITTED, low.state());
  }

  @Test
  void commit_waitsUntilLowerRankAborts() throws Exception {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(high, acct(2, 2));

    CompletableFuture<Void> commit = commitAsync(high, LONG);
    assertStillBlocked(commit);

    low.abort();
    commit.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.COMMITTED, high.state());
  }

  @Test
  void commit_failsWithNotificationsPending_whenNotificationUnacknowledged() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    update(low, 1, 100);
    low.commit(LONG);
    Notification n = high.pendingNotifications().get(0);

    CoAgentException e = assertFails(ErrorCode.NOTIFICATIONS_PENDING, () -> high.commit(LONG));
    assertEquals(List.of(n.id()), e.notifications().stream().map(Notification::id).toList());
    assertEquals(TrajectoryState.ACTIVE, high.state(), "a failed commit leaves the trajectory active");
  }

  @Test
  void notificationArrivingDuringCommitWait_failsTheCommit() throws Exception {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);

    CompletableFuture<Void> commit = commitAsync(high, Duration.ofSeconds(120));
    assertStillBlocked(commit);
    long w = update(low, 1, 100); // low is still active: only the notification can end the wait

    CoAgentException e = failureOf(commit);
    assertEquals(ErrorCode.NOTIFICATIONS_PENDING, e.code(), e.getMessage());
    assertEquals(1, e.notifications().size(), e.notifications().toString());
    assertEquals(w, e.notifications().get(0).writerOperation());
    assertEquals(TrajectoryState.ACTIVE, high.state());
    assertEquals(TrajectoryState.ACTIVE, low.state());

    // Repair by acknowledging; the commit now goes through once low has ended.
    high.acknowledge(e.notifications().get(0).id());
    low.commit(LONG);
    high.commit(LONG);
    assertEquals(TrajectoryState.COMMITTED, high.state());
  }

  @Test
  void commit_timesOut_namingBlockingRank() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(high, acct(1, 1));

    CoAgentException e =
        assertFails(ErrorCode.COMMIT_TIMEOUT, () -> high.commit(Duration.ofMillis(200)));
    assertTrue(e.getMessage().contains(String.valueOf(LOW)), e.getMessage());
    assertEquals(TrajectoryState.ACTIVE, high.state());

    low.commit(LONG);
    high.commit(LONG);
    assertEquals(TrajectoryState.COMMITTED, high.state());
  }

  @Test
  void reservedButUnstartedLowerRank_blocksCommit_untilReservationCancelled() throws Exception {
    List<Long> ranks = store.launch(List.of("planner", "coder"));
    Trajectory coder = store.begin("coder");
    assertEquals(ranks.get(1), coder.rank());
    insert(coder, acct(1, 1));

    CoAgentException e =
        assertFails(ErrorCode.COMMIT_TIMEOUT, () -> coder.commit(Duration.ofMillis(200)));
    assertTrue(e.getMessage().contains(String.valueOf(ranks.get(0))), e.getMessage());

    CompletableFuture<Void> commit = commitAsync(coder, LONG);
    assertStillBlocked(commit);
    store.cancelReservation("planner");
    commit.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.COMMITTED, coder.state());
  }

  @Test
  void higherRanks_neverDelayLowerRanksCommit() throws Exception {
    seed(store, acct(1, 0));
    List<Long> ranks = store.launch(List.of("low", "high", "later"));
    Trajectory low = store.begin("low");
    Trajectory high = store.begin("high");
    get(high, 1);
    update(high, 1, 5);
    update(low, 1, 7);
    // "later" is reserved above low and never starts; high is active and holds a notification.
    assertFalse(high.pendingNotifications().isEmpty());

    CompletableFuture<Void> commit = commitAsync(low, LONG);
    commit.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.COMMITTED, low.state());
    assertEquals(TrajectoryState.ACTIVE, high.state());
    assertTrue(ranks.get(2) > low.rank());
  }

  @Test
  void commit_waitsForEveryLowerRank_notJustTheNearest() throws Exception {
    Trajectory r1 = store.begin("r1", LOW);
    Trajectory r2 = store.begin("r2", MID);
    Trajectory r3 = store.begin("r3", HIGH);

    CompletableFuture<Void> commit = commitAsync(r3, LONG);
    assertStillBlocked(commit);
    r1.commit(LONG);
    assertStillBlocked(commit); // r2 is still running
    r2.commit(LONG);

    commit.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.COMMITTED, r3.state());
  }

  @Test
  void reservedLowerRank_thatStartsAndCommits_unblocksHigherCommit() throws Exception {
    store.launch(List.of("planner", "coder"));
    Trajectory coder = store.begin("coder");
    insert(coder, acct(2, 2));

    CompletableFuture<Void> commit = commitAsync(coder, LONG);
    assertStillBlocked(commit);
    Trajectory planner = store.begin("planner");
    assertStillBlocked(commit);
    insert(planner, acct(1, 1));
    planner.commit(LONG);

    commit.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(TrajectoryState.COMMITTED, coder.state());
  }

  // ---- Rule 9 ----

  @Test
  void acknowledgedNotification_allowsCommit() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    update(low, 1, 100);
    low.commit(LONG);
    Notification n = high.pendingNotifications().get(0);

    high.acknowledge(n.id());
    assertEquals(List.of(), high.pendingNotifications());
    high.commit(LONG);

    assertEquals(TrajectoryState.COMMITTED, high.state());
    NotificationInfo info = store.notifications().stream()
        .filter(i -> i.notification().id() == n.id()).findFirst().orElseThrow();
    assertTrue(info.acknowledged());
  }

  @Test
  void acknowledgingUnknownNotification_failsUnknownNotification() {
    Trajectory t = store.begin("t", LOW);

    CoAgentException e = assertFails(ErrorCode.UNKNOWN_NOTIFICATION, () -> t.acknowledge(424_242L));
    assertTrue(e.getMessage().contains("424242"), e.getMessage());
  }

  @Test
  void acknowledgingAnotherTrajectorysNotification_isRefused() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    Trajectory other = store.begin("other", Fixtures.TOP);
    get(high, 1);
    update(low, 1, 100);
    Notification n = high.pendingNotifications().get(0);

    CoAgentException e = assertThrows(CoAgentException.class, () -> other.acknowledge(n.id()));
    assertTrue(e.getMessage().contains(String.valueOf(n.id())), e.getMessage());
    assertEquals(List.of(n.id()), high.pendingNotifications().stream().map(Notification::id).toList());
  }

  // ---- Rule 10 ----

  @Test
  void verify_onEmptyStore_isOk() {
    VerifyReport report = store.verify();
    assertTrue(report.quiescent());
    assertTrue(report.ok(), report.toString());
  }

  @Test
  void verify_afterProperlyRepairedRun_isOkWithoutFindings() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    Fixtures.Done<Row> x = get(high, 1);
    long y = insert(high, acct(2, (Long) x.value().get(1) + 1)); // y = x + 1 = 1
    update(low, 1, 10);
    low.commit(LONG);

    // Repair: retract the stale read and the write derived from it, redo both, acknowledge.
    Notification n = high.pendingNotifications().get(0);
    high.undo(y);
    high.undo(x.op());
    Row fresh = get(high, 1).value();
    insert(high, acct(2, (Long) fresh.get(1) + 1)); // y = 11
    high.acknowledge(n.id());
    high.commit(LONG);

    assertArrayEquals(acct(2, 11), Fixtures.liveValues(store, 2));
    VerifyReport report = store.verify();
    assertTrue(report.ok(), report.toString());
    assertTrue(report.quiescent());
    assertTrue(report.readsChecked() > 0, report.toString());
    assertEquals(List.of(), report.findings());
  }

  @Test
  void verify_readerThatAcknowledgedWithoutRepair_isOkWithAcknowledgedFinding() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long r = get(high, 1).op();
    insert(high, acct(2, 1));
    update(low, 1, 10);
    low.commit(LONG);
    high.acknowledge(high.pendingNotifications().get(0).id());
    high.commit(LONG);

    VerifyReport report = store.verify();
    assertTrue(report.ok(), report.toString());
    assertEquals(List.of(), report.violations());
    VerifyReport.Finding f = report.findings().stream()
        .filter(x -> x.operation() == r).findFirst()
        .orElseThrow(() -> new AssertionError("no finding for stale read op " + r + ": " + report));
    assertTrue(f.acknowledged());
    assertEquals(high.id(), f.trajectory());
    assertEquals("high", f.agent());
    assertEquals(HIGH, f.rank());
    assertEquals(Fixtures.ACCOUNTS, f.table());
  }

  @Test
  void verify_afterMisplacedWritesCommitted_isOk() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(high, 1, 200);
    update(low, 1, 100);
    low.commit(LONG);
    high.commit(LONG);

    assertArrayEquals(acct(1, 200), Fixtures.liveValues(store, 1), "serial order: low then high");
    VerifyReport report = store.verify();
    assertTrue(report.ok(), report.toString());
    assertEquals(List.of(), report.findings());
  }

  @Test
  void verify_ignoresReadsOfAbortedTrajectories() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    update(low, 1, 10);
    high.abort(); // walks away from the stale read instead of acknowledging it
    low.commit(LONG);

    VerifyReport report = store.verify();
    assertTrue(report.ok(), report.toString());
    assertTrue(report.findings().stream().noneMatch(f -> f.trajectory() == high.id()),
        report.toString());
  }

  @Test
  void verify_whileTrajectoryActive_isNotQuiescent() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    update(low, 1, 10);
    low.commit(LONG);

    VerifyReport report = store.verify();
    assertFalse(report.quiescent(), report.toString());
    assertFalse(report.ok());
  }

  @Test
  void verify_withUnstartedReservation_isNotQuiescent() {
    store.launch(List.of("someone"));

    VerifyReport report = store.verify();
    assertFalse(report.quiescent(), report.toString());
    store.cancelReservation("someone");
    assertTrue(store.verify().quiescent());
  }
}
