package io.coagent.engine;

import static io.coagent.engine.Fixtures.ACCOUNTS;
import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.MID;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.assertFails;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.insert;
import static io.coagent.engine.Fixtures.key;
import static io.coagent.engine.Fixtures.liveValues;
import static io.coagent.engine.Fixtures.notificationsOf;
import static io.coagent.engine.Fixtures.opInfo;
import static io.coagent.engine.Fixtures.scan;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static io.coagent.engine.Fixtures.valuesSeenBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec rule 7: undo, savepoint rollback and abort, and the notifications they cause. */
class UndoRulesTest {
  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void undo_removesOperationsVersions_forHigherRanksAndLiveView() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long w = update(low, 1, 100);
    long i = insert(low, acct(2, 5));
    low.undo(w);
    low.undo(i);

    assertArrayEquals(acct(1, 0), liveValues(store, 1));
    assertNull(liveValues(store, 2));
    assertArrayEquals(acct(1, 0), valuesSeenBy(high, 1));
    assertNull(valuesSeenBy(high, 2));
    assertEquals(OpState.UNDONE, opInfo(low, w).state());
    assertEquals(OpState.UNDONE, opInfo(low, i).state());
  }

  @Test
  void undo_ofOneOperation_keepsTheOthers() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long a = update(t, 1, 10);
    long b = insert(t, acct(2, 20));
    long c = update(t, 1, 30);
    t.undo(b);

    assertArrayEquals(acct(1, 30), liveValues(store, 1));
    assertNull(liveValues(store, 2));
    assertEquals(OpState.APPLIED, opInfo(t, a).state());
    assertEquals(OpState.UNDONE, opInfo(t, b).state());
    assertEquals(OpState.APPLIED, opInfo(t, c).state());
  }

  @Test
  void undo_ofOlderOperation_keepsNewerOwnVersionOnTop() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long a = update(t, 1, 10);
    update(t, 1, 30);
    t.undo(a);

    assertArrayEquals(acct(1, 30), liveValues(store, 1));
    assertArrayEquals(acct(1, 30), valuesSeenBy(t, 1));
  }

  @Test
  void undo_notifiesHigherReader_withCauseUndo() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long w = update(low, 1, 100);
    long r = get(high, 1).op();
    assertEquals(List.of(), high.pendingNotifications(), "read after the write: nothing changed yet");
    low.undo(w);

    List<Notification> pending = high.pendingNotifications();
    assertEquals(1, pending.size(), pending.toString());
    Notification n = pending.get(0);
    assertEquals(Notification.Cause.UNDO, n.cause());
    assertEquals(w, n.writerOperation());
    assertEquals(LOW, n.writerRank());
    assertEquals("low", n.writerAgent());
    assertEquals(List.of(r), n.readOperations());
    assertArrayEquals(acct(1, 100), n.seen());
    assertArrayEquals(acct(1, 0), n.now());
  }

  @Test
  void undoOfInsert_notifiesScannerThatSawTheRow() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long i = insert(low, acct(5, 50));
    assertEquals(1, scan(high, KeyRange.closed(key(1), key(10)), RowPredicate.TRUE).value().size());
    low.undo(i);

    List<Notification> pending = high.pendingNotifications();
    assertEquals(1, pending.size(), pending.toString());
    assertEquals(key(5), pending.get(0).key());
    assertEquals(Notification.Cause.UNDO, pending.get(0).cause());
    assertNull(pending.get(0).now());
  }

  @Test
  void undo_hiddenByIntermediateVersion_doesNotNotify() {
    seed(store, acct(1, 0));
    Trajectory r1 = store.begin("r1", LOW);
    Trajectory r2 = store.begin("r2", MID);
    Trajectory r3 = store.begin("r3", HIGH);
    long w1 = update(r1, 1, 10);
    update(r2, 1, 20);
    get(r3, 1);
    r1.undo(w1);

    assertEquals(List.of(), r3.pendingNotifications());
    assertEquals(List.of(), notificationsOf(store, r3));
  }

  @Test
  void undoOfIntermediateVersion_exposesHiddenLowerWrite_andNotifies() {
    seed(store, acct(1, 0));
    Trajectory r1 = store.begin("r1", LOW);
    Trajectory r2 = store.begin("r2", MID);
    Trajectory r3 = store.begin("r3", HIGH);
    long w2 = update(r2, 1, 20);
    get(r3, 1);
    update(r1, 1, 10); // hidden from r3 by r2's version
    assertEquals(List.of(), r3.pendingNotifications());
    r2.undo(w2);

    List<Notification> pending = r3.pendingNotifications();
    assertEquals(1, pending.size(), pending.toString());
    Notification n = pending.get(0);
    assertEquals(Notification.Cause.UNDO, n.cause());
    assertEquals(MID, n.writerRank());
    assertEquals(w2, n.writerOperation());
    assertArrayEquals(acct(1, 20), n.seen());
    assertArrayEquals(acct(1, 10), n.now());
  }

  @Test
  void undoByHigherRank_neverNotifiesLowerReader() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(low, 1);
    long w = update(high, 1, 100);
    high.undo(w);
    high.abort();

    assertEquals(List.of(), low.pendingNotifications());
    assertEquals(List.of(), store.notifications());
  }

  @Test
  void undo_cascades_throughReaderThatUndoesItsDerivedWrite() {
    seed(store, acct(1, 0));
    Trajectory r1 = store.begin("r1", LOW);
    Trajectory r2 = store.begin("r2", MID);
    Trajectory r3 = store.begin("r3", HIGH);
    long w1 = update(r1, 1, 10);
    Row x = get(r2, 1).value();
    long w2 = insert(r2, acct(2, (Long) x.get(1) * 2)); // y = 2x = 20
    assertArrayEquals(acct(2, 20), get(r3, 2).value().values());

    r1.undo(w1);
    List<Notification> toR2 = r2.pendingNotifications();
    assertEquals(1, toR2.size(), toR2.toString());
    assertEquals(Notification.Cause.UNDO, toR2.get(0).cause());
    assertEquals(key(1), toR2.get(0).key());
    assertEquals(w1, toR2.get(0).writerOperation());
    assertEquals(List.of(), r3.pendingNotifications(), "y did not change yet");

    r2.acknowledge(toR2.get(0).id());
    r2.undo(w2);
    List<Notification> toR3 = r3.pendingNotifications();
    assertEquals(1, toR3.size(), toR3.toString());
    Notification n = toR3.get(0);
    assertEquals(Notification.Cause.UNDO, n.cause());
    assertEquals(key(2), n.key());
    assertEquals("r2", n.writerAgent());
    assertEquals(MID, n.writerRank());
    assertEquals(w2, n.writerOperation());
    assertArrayEquals(acct(2, 20), n.seen());
    assertNull(n.now());
  }

  @Test
  void rollbackToSavepoint_undoesOnlyLaterOperations() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long a = insert(t, acct(2, 5));
    Savepoint sp = t.savepoint();
    long b = update(t, 1, 100);
    long c = insert(t, acct(3, 7));
    assertEquals(t.id(), sp.trajectory());
    assertEquals(opInfo(t, a).seq(), sp.afterSeq());

    t.rollbackTo(sp);

    assertArrayEquals(acct(1, 0), liveValues(store, 1));
    assertArrayEquals(acct(2, 5), liveValues(store, 2));
    assertNull(liveValues(store, 3));
    assertEquals(OpState.APPLIED, opInfo(t, a).state());
    assertEquals(OpState.UNDONE, opInfo(t, b).state());
    assertEquals(OpState.UNDONE, opInfo(t, c).state());
    assertEquals(TrajectoryState.ACTIVE, t.state());
    update(t, 1, 1); // the trajectory goes on
    assertArrayEquals(acct(1, 1), liveValues(store, 1));
  }

  @Test
  void rollbackToSavepoint_notifiesHigherReader_withCauseUndo() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    Savepoint sp = low.savepoint();
    long w = update(low, 1, 100);
    get(high, 1);
    low.rollbackTo(sp);

    List<Notification> pending = high.pendingNotifications();
    assertEquals(1, pending.size(), pending.toString());
    assertEquals(Notification.Cause.UNDO, pending.get(0).cause());
    assertEquals(w, pending.get(0).writerOperation());
    assertArrayEquals(acct(1, 0), pending.get(0).now());
  }

  @Test
  void abort_undoesEverything_andNotifiesWithCauseAbort() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long w = update(low, 1, 100);
    long i = insert(low, acct(2, 5));
    get(high, 1);
    get(high, 2);
    low.abort();

    assertEquals(TrajectoryState.ABORTED, low.state());
    assertArrayEquals(acct(1, 0), liveValues(store, 1));
    assertNull(liveValues(store, 2));
    assertEquals(OpState.UNDONE, opInfo(low, w).state());
    assertEquals(OpState.UNDONE, opInfo(low, i).state());
    List<Notification> pending = high.pendingNotifications();
    assertEquals(Set.of(key(1), key(2)),
        pending.stream().map(Notification::key).collect(Collectors.toSet()));
    assertTrue(pending.stream().allMatch(n -> n.cause() == Notification.Cause.ABORT), pending.toString());
    assertTrue(pending.stream().allMatch(n -> n.writerRank() == LOW), pending.toString());
  }

  @Test
  void abort_isIdempotent() {
    Trajectory t = store.begin("t", LOW);
    insert(t, acct(1, 1));
    t.abort();
    t.abort();

    assertEquals(TrajectoryState.ABORTED, t.state());
    assertNull(liveValues(store, 1));
  }

  @Test
  void undo_ofAnotherTrajectorysOperation_failsNotOwnOperation() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long w = insert(low, acct(1, 1));

    CoAgentException e = assertFails(ErrorCode.NOT_OWN_OPERATION, () -> high.undo(w));
    assertTrue(e.getMessage().contains(String.valueOf(w)), e.getMessage());
    assertArrayEquals(acct(1, 1), liveValues(store, 1), "the failed undo changed nothing");
    assertEquals(OpState.APPLIED, opInfo(low, w).state());
  }

  @Test
  void undo_ofUnknownOperation_failsUnknownOperation() {
    Trajectory t = store.begin("t", LOW);
    insert(t, acct(1, 1));

    CoAgentException e = assertFails(ErrorCode.UNKNOWN_OPERATION, () -> t.undo(987_654_321L));
    assertTrue(e.getMessage().contains("987654321"), e.getMessage());
    assertArrayEquals(acct(1, 1), liveValues(store, 1));
  }

  @Test
  void closeWithoutComplete_removesPartialEffects_andMarksOperationFailed() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long id;
    try (Operation op = t.begin(OpKind.OTHER, "INSERT ...; UPDATE ...")) {
      id = op.id();
      op.insert(ACCOUNTS, acct(2, 2));
      op.update(ACCOUNTS, key(1), acct(1, 9));
    }

    assertNull(liveValues(store, 2));
    assertArrayEquals(acct(1, 0), liveValues(store, 1));
    assertEquals(OpState.FAILED, opInfo(t, id).state());
  }
}
