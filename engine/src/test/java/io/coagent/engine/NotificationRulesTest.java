package io.coagent.engine;

import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LONG;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.MID;
import static io.coagent.engine.Fixtures.PROFILES;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.balanceAbove;
import static io.coagent.engine.Fixtures.delete;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.insert;
import static io.coagent.engine.Fixtures.key;
import static io.coagent.engine.Fixtures.keys;
import static io.coagent.engine.Fixtures.notificationsOf;
import static io.coagent.engine.Fixtures.profile;
import static io.coagent.engine.Fixtures.put;
import static io.coagent.engine.Fixtures.run;
import static io.coagent.engine.Fixtures.scan;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.seedProfiles;
import static io.coagent.engine.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec rules 4 (one-way notification) and 5 (notification content). */
class NotificationRulesTest {
  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static Notification only(Trajectory t) {
    List<Notification> pending = t.pendingNotifications();
    assertEquals(1, pending.size(), () -> t.agent() + " should hold one notification: " + pending);
    return pending.get(0);
  }

  private static void assertNotNotified(CoStore store, Trajectory t) {
    assertEquals(List.of(), t.pendingNotifications(), t.agent() + " must not be notified");
    assertEquals(List.of(), notificationsOf(store, t), t.agent() + " must not be notified");
  }

  // ---- Rule 4: who is notified ----

  @Test
  void lowerRankWrite_notifiesHigherReader_ofPointRead() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long r = get(high, 1).op();
    long w = update(low, 1, 100);

    Notification n = only(high);
    assertEquals(key(1), n.key());
    assertEquals(w, n.writerOperation());
    assertTrue(n.readOperations().contains(r), n.readOperations().toString());
  }

  @Test
  void lowerRankDelete_notifiesHigherReader_withAbsentNowValue() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    delete(low, 1);

    Notification n = only(high);
    assertArrayEquals(acct(1, 0), n.seen());
    assertNull(n.now());
  }

  @Test
  void lowerRankInsert_ofRowReaderFoundAbsent_notifiesReader() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    assertNull(get(high, 1).value());
    insert(low, acct(1, 5));

    Notification n = only(high);
    assertNull(n.seen());
    assertArrayEquals(acct(1, 5), n.now());
  }

  @Test
  void lowerRankWrite_notifiesEveryAffectedHigherReader() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory mid = store.begin("mid", MID);
    Trajectory high = store.begin("high", HIGH);
    get(mid, 1);
    get(high, 1);
    update(low, 1, 100);

    assertEquals(1, mid.pendingNotifications().size());
    assertEquals(1, high.pendingNotifications().size());
  }

  @Test
  void rowEnteringScannedPredicate_notifiesScanner() {
    seed(store, acct(1, 50), acct(2, 60));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    assertTrue(scan(high, KeyRange.ALL, balanceAbove(100)).value().isEmpty());
    update(low, 1, 150);

    Notification n = only(high);
    assertEquals(key(1), n.key());
    assertArrayEquals(acct(1, 150), n.now());
  }

  @Test
  void rowLeavingScannedPredicate_notifiesScanner() {
    seed(store, acct(1, 150), acct(2, 160));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    assertEquals(keys(1, 2), Fixtures.keys(scan(high, KeyRange.ALL, balanceAbove(100)).value()));
    update(low, 1, 50);

    Notification n = only(high);
    assertEquals(key(1), n.key());
    assertArrayEquals(acct(1, 150), n.seen());
  }

  @Test
  void valueChangeOfRowInsideScannedPredicate_notifiesScanner() {
    seed(store, acct(1, 150));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    scan(high, KeyRange.ALL, balanceAbove(100));
    update(low, 1, 170);

    assertEquals(key(1), only(high).key());
  }

  @Test
  void insertIntoScannedRange_notifiesScanner() {
    seed(store, acct(1, 0), acct(10, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    scan(high, KeyRange.closed(key(1), key(10)), RowPredicate.TRUE);
    insert(low, acct(5, 0));

    Notification n = only(high);
    assertEquals(key(5), n.key());
    assertNull(n.seen());
  }

  @Test
  void writeOutsideScannedRange_doesNotNotify() {
    seed(store, acct(1, 0), acct(10, 0), acct(20, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    scan(high, KeyRange.closed(key(1), key(10)), RowPredicate.TRUE);
    insert(low, acct(11, 0));
    update(low, 20, 99);

    assertNotNotified(store, high);
  }

  @Test
  void writeToRowStayingOutsideScannedPredicate_doesNotNotify() {
    seed(store, acct(1, 50), acct(2, 150));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    assertEquals(keys(2), Fixtures.keys(scan(high, KeyRange.ALL, balanceAbove(100)).value()));
    update(low, 1, 60);
    insert(low, acct(3, 70));

    assertNotNotified(store, high);
  }

  @Test
  void higherRankWrite_neverNotifiesLowerReader() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(low, 1);
    scan(low, KeyRange.ALL, RowPredicate.TRUE);
    update(high, 1, 100);
    insert(high, acct(2, 0));
    delete(high, 1);

    assertNotNotified(store, low);
    assertTrue(store.notifications().isEmpty(), store.notifications().toString());
  }

  @Test
  void intermediateVersion_hidesLowerWrite_fromHigherReader() {
    seed(store, acct(1, 0));
    Trajectory r1 = store.begin("r1", LOW);
    Trajectory r2 = store.begin("r2", MID);
    Trajectory r3 = store.begin("r3", HIGH);
    update(r2, 1, 20);
    assertArrayEquals(acct(1, 20), get(r3, 1).value().values());
    update(r1, 1, 10);

    assertNotNotified(store, r3);
  }

  @Test
  void readersOwnEarlierWrite_hidesLowerWrite() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(high, 1, 30);
    assertArrayEquals(acct(1, 30), get(high, 1).value().values());
    update(low, 1, 10);

    assertNotNotified(store, high);
  }

  @Test
  void misplacedWrite_notifiesReaderRankedBetweenWriterAndHigherVersion() {
    seed(store, acct(1, 0));
    Trajectory r1 = store.begin("r1", LOW);
    Trajectory r2 = store.begin("r2", MID);
    Trajectory r3 = store.begin("r3", HIGH);
    update(r3, 1, 300);
    assertArrayEquals(acct(1, 0), get(r2, 1).value().values());
    update(r1, 1, 100);

    Notification n = only(r2);
    assertArrayEquals(acct(1, 0), n.seen());
    assertArrayEquals(acct(1, 100), n.now());
  }

  @Test
  void deleteOfScannedRow_notifiesScanner() {
    seed(store, acct(1, 150), acct(2, 10));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    scan(high, KeyRange.closed(key(1), key(5)), balanceAbove(100));
    delete(low, 2); // not in the predicate's result: no change for high
    assertNotNotified(store, high);
    delete(low, 1);

    Notification n = only(high);
    assertEquals(key(1), n.key());
    assertNull(n.now());
  }

  @Test
  void lowerRankWriteOfUnchangedValue_doesNotNotify() {
    seed(store, acct(1, 7));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    update(low, 1, 7);

    assertNotNotified(store, high);
  }

  @Test
  void readerIsNotified_evenAfterOverwritingTheRowItself() {
    // The read's position is before the reader's own later write: what it saw (0) changes to 10.
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long r = get(high, 1).op();
    update(high, 1, 5);
    update(low, 1, 10);

    Notification n = only(high);
    assertTrue(n.readOperations().contains(r), n.readOperations().toString());
    assertArrayEquals(acct(1, 0), n.seen());
    assertArrayEquals(acct(1, 10), n.now());
  }

  @Test
  void readModifyWriteInOneOperation_isNotifiedOfLowerWrite() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long op = run(high, OpKind.UPDATE, "UPDATE ACCOUNTS SET BALANCE = BALANCE + 1 WHERE ID = 1",
        o -> {
          Row r = o.get(Fixtures.ACCOUNTS, key(1));
          return o.update(Fixtures.ACCOUNTS, key(1), acct(1, (Long) r.get(1) + 1));
        }).op();
    update(low, 1, 10);

    Notification n = only(high);
    assertTrue(n.readOperations().contains(op), n.readOperations().toString());
    assertArrayEquals(acct(1, 0), n.seen());
    assertArrayEquals(acct(1, 10), n.now());
  }

  @Test
  void insertUniquenessCheck_isARead_lowerInsertOfSameKeyNotifies() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long hi = insert(high, acct(1, 200));
    long lo = insert(low, acct(1, 100));

    Notification n = only(high);
    assertEquals(key(1), n.key());
    assertEquals(lo, n.writerOperation());
    assertTrue(n.readOperations().contains(hi), n.readOperations().toString());
    assertNull(n.seen(), "the uniqueness check saw no row");
    assertArrayEquals(acct(1, 100), n.now());
  }

  @Test
  void blindPut_registersNoFootprint() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    put(high, acct(1, 200));
    update(low, 1, 100);

    assertNotNotified(store, high);
    assertArrayEquals(acct(1, 200), Fixtures.liveValues(store, 1));
  }

  @Test
  void writeToColumnOutsideReadSubset_doesNotNotify() {
    seedProfiles(store, profile(1, "ann", 10));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, PROFILES, key(1), new int[] {1});
    update(low, PROFILES, profile(1, "ann", 99));

    assertNotNotified(store, high);
  }

  @Test
  void writeToColumnInsideReadSubset_notifies() {
    seedProfiles(store, profile(1, "ann", 10));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, PROFILES, key(1), new int[] {1});
    update(low, PROFILES, profile(1, "bob", 10));

    assertEquals(PROFILES, only(high).table());
  }

  @Test
  void existenceOnlyRead_ignoresValueChange_butIsNotifiedOfDelete() {
    seedProfiles(store, profile(1, "ann", 10));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, PROFILES, key(1), new int[0]);
    update(low, PROFILES, profile(1, "bob", 99));
    assertNotNotified(store, high);

    run(low, OpKind.DELETE, "DELETE FROM PROFILES WHERE ID = 1", op -> op.delete(PROFILES, key(1)));
    assertNull(only(high).now());
  }

  @Test
  void scanWithColumnSubset_ignoresChangeOutsideSubset_whileRowStaysInPredicate() {
    seedProfiles(store, profile(1, "ann", 60));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    run(high, OpKind.QUERY, "SELECT NAME FROM PROFILES WHERE SCORE > 50",
        op -> op.scan(PROFILES, KeyRange.ALL, v -> (Long) v[2] > 50, new int[] {1}));
    update(low, PROFILES, profile(1, "ann", 70));

    assertNotNotified(store, high);
  }

  @Test
  void scanWithColumnSubset_notifiesWhenRowLeavesPredicate() {
    seedProfiles(store, profile(1, "ann", 60));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    run(high, OpKind.QUERY, "SELECT NAME FROM PROFILES WHERE SCORE > 50",
        op -> op.scan(PROFILES, KeyRange.ALL, v -> (Long) v[2] > 50, new int[] {1}));
    update(low, PROFILES, profile(1, "ann", 40));

    assertEquals(key(1), only(high).key());
  }

  @Test
  void abortedReader_isNotNotified() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    high.abort();
    update(low, 1, 100);

    assertEquals(List.of(), notificationsOf(store, high));
  }

  @Test
  void undoneQuery_retractsItsReads() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long r = get(high, 1).op();
    high.undo(r);
    update(low, 1, 100);

    assertNotNotified(store, high);
  }

  // ---- Rule 5: notification content and delivery ----

  @Test
  void notification_carriesFullContent() {
    seed(store, acct(1, 0));
    Trajectory writer = store.begin("writer", LOW);
    Trajectory reader = store.begin("reader", HIGH);
    long r = get(reader, 1).op();
    Instant before = Instant.now();
    long w = update(writer, 1, 100);
    Instant after = Instant.now();

    Notification n = only(reader);
    assertEquals(reader.id(), n.readerTrajectory());
    assertEquals("reader", n.readerAgent());
    assertEquals(HIGH, n.readerRank());
    assertEquals(Fixtures.ACCOUNTS, n.table());
    assertEquals(key(1), n.key());
    assertEquals(List.of(r), n.readOperations());
    assertArrayEquals(acct(1, 0), n.seen());
    assertArrayEquals(acct(1, 100), n.now());
    assertEquals("writer", n.writerAgent());
    assertEquals(LOW, n.writerRank());
    assertEquals(w, n.writerOperation());
    assertEquals(Notification.Cause.WRITE, n.cause());
    assertFalse(n.time().isBefore(before.minusMillis(1)), n.time() + " before " + before);
    assertFalse(n.time().isAfter(after.plusMillis(1)), n.time() + " after " + after);
  }

  @Test
  void notification_listsEveryAffectedReadOperation() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long r1 = get(high, 1).op();
    long r2 = scan(high, KeyRange.ALL, RowPredicate.TRUE).op();
    update(low, 1, 100);

    Set<Long> ops = high.pendingNotifications().stream()
        .flatMap(n -> n.readOperations().stream()).collect(Collectors.toSet());
    assertEquals(Set.of(r1, r2), ops);
  }

  @Test
  void notifications_haveDistinctIds_andAreListedByStoreAsUnacknowledged() {
    seed(store, acct(1, 0), acct(2, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    get(high, 2);
    update(low, 1, 100);
    update(low, 2, 100);

    List<Notification> pending = high.pendingNotifications();
    assertEquals(2, pending.size());
    assertNotEquals(pending.get(0).id(), pending.get(1).id());
    assertEquals(List.of(key(1), key(2)), pending.stream().map(Notification::key).toList(),
        "oldest first");
    List<NotificationInfo> infos = store.notifications();
    assertEquals(2, infos.size());
    assertTrue(infos.stream().noneMatch(NotificationInfo::acknowledged));
  }

  @Test
  void poll_handsOutEachNotificationOnce_butItStaysPending() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    assertEquals(Optional.empty(), high.poll());
    update(low, 1, 100);

    Optional<Notification> first = high.poll();
    assertTrue(first.isPresent());
    assertEquals(Optional.empty(), high.poll());
    assertEquals(List.of(first.get().id()),
        high.pendingNotifications().stream().map(Notification::id).toList());
  }

  @Test
  void await_returnsNotificationDeliveredLater() throws Exception {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    long w = update(low, 1, 100);

    Optional<Notification> n = high.await(LONG);
    assertTrue(n.isPresent());
    assertEquals(w, n.get().writerOperation());
    assertEquals(Optional.empty(), high.await(Duration.ofMillis(50)));
  }

  @Test
  void throwingListener_leavesNotificationPending() throws Exception {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    high.setListener(n -> {
      received.add(n);
      throw new IllegalStateException("listener bug");
    });
    get(high, 1);
    long w = update(low, 1, 100);

    Notification n = received.poll(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(w, n == null ? -1 : n.writerOperation(), "listener not called");
    assertEquals(List.of(n.id()), high.pendingNotifications().stream().map(Notification::id).toList());
    update(low, 1, 5); // the store keeps working
    assertEquals(2, high.pendingNotifications().size());
  }

  @Test
  void listener_receivesNewNotification() throws Exception {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    high.setListener(received::add);
    get(high, 1);
    long w = update(low, 1, 100);

    Notification n = received.poll(LONG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(w, n == null ? -1 : n.writerOperation(), "listener not called");
    assertEquals(HIGH, n.readerRank());
  }
}
