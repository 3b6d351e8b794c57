package io.coagent.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.CoStore;
import io.coagent.engine.Isolation;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Notification;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.engine.internal.storage.Backend;
import io.coagent.engine.internal.storage.MvBackend;
import io.coagent.engine.internal.storage.Records;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash that keeps a higher rank's read and loses the lower-rank change it saw. MTPO applies
 * writes at once, so a read can see a lower rank's write, undo or abort before that change's record
 * is in the backend; the reader's statement syncs, the process dies, and the file holds the read
 * but not what it read. Nothing after the restart changes the row again, so without the recovery
 * check no notification ever tells the reader (an operator's {@code val + 1} on an agent's lost
 * {@code +10} would commit 10 too many, and {@code SYS.VERIFY} reports the read). Recovery must
 * notify each such reader once ({@link Recovery}), and nobody when the change was logged in time.
 *
 * <p>The window is made deterministic: a lower statement that never completes (its record is put
 * at completion), or a backend that holds the thread putting one chosen record, as a thread
 * descheduled between applying its change and logging it would be; the store is then crashed
 * ({@link StoreImpl#crashForTesting}: nothing unsynced reaches the file).
 */
class UnloggedChangeRecoveryTest {
  @TempDir Path dir;

  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  private Path file() {
    return dir.resolve("lost.mv.db");
  }

  private static void put(Trajectory t, int id, long val) {
    try (Operation op = t.begin(OpKind.UPSERT, "put " + id)) {
      op.put("KV", new Object[] {id, val});
      op.complete();
    }
  }

  private static long readVal(Trajectory t, int id) {
    try (Operation op = t.begin(OpKind.QUERY, "read " + id)) {
      var row = op.get("KV", Key.of(id));
      op.complete();
      return (Long) row.values()[1];
    }
  }

  private StoreImpl seeded() {
    return seeded(StoreImpl.open(StoreConfig.file(file())));
  }

  /** {@code s} with table KV and row (1, 100) committed by agent "setup". */
  private static StoreImpl seeded(StoreImpl s) {
    s.createTable(KV);
    Trajectory setup = s.begin("setup");
    put(setup, 1, 100);
    setup.commit();
    return s;
  }

  private static Trajectory activeOf(CoStore r, String agent) {
    return r.active(agent).orElseThrow(() -> new AssertionError(agent + " is not active"));
  }

  @Test
  void operatorPointReadOfALowerWriteLostInTheCrash_isNotifiedAtRecovery() {
    StoreImpl s = seeded();
    Trajectory agent = s.begin("agent");
    Operation lower = agent.begin(OpKind.UPDATE, "UPDATE kv SET val = val + 10 WHERE id = 1");
    lower.put("KV", new Object[] {1, 110L}); // applied at once, not completed: never logged
    Trajectory operator = s.beginOperator(Isolation.MTPO);
    long readOp;
    try (Operation op = operator.begin(OpKind.UPDATE, "UPDATE kv SET val = val + 1 WHERE id = 1")) {
      long seen = (Long) op.get("KV", Key.of(1)).values()[1];
      assertEquals(110L, seen, "the operator reads the agent's uncommitted write");
      op.put("KV", new Object[] {1, seen + 1});
      op.complete(); // synced: the operator's statement is acknowledged
      readOp = op.id();
    }
    String operatorAgent = operator.agent();
    long lostOp = lower.id();
    s.crashForTesting(); // before the agent's statement completes

    try (CoStore r = CoStore.open(StoreConfig.file(file()))) {
      List<Notification> pending = activeOf(r, operatorAgent).pendingNotifications();
      assertEquals(1, pending.size(), "the operator read 110, which recovery did not bring back "
          + "(the row is 100 below it): it must be told, or it commits 111 where the serial "
          + "order gives 101; pending: " + pending);
      Notification n = pending.get(0);
      assertEquals("KV", n.table());
      assertEquals(Key.of(1), n.key());
      assertEquals(List.of(readOp), n.readOperations());
      assertArrayEquals(new Object[] {1, 110L}, n.seen(), "what the read saw");
      assertArrayEquals(new Object[] {1, 100L}, n.now(), "what it sees after the restart");
      assertEquals("agent", n.writerAgent());
      assertEquals(lostOp, n.writerOperation());
      assertEquals(Notification.Cause.UNDO, n.cause(), "the restart took the write back");
      assertTrue(activeOf(r, "agent").pendingNotifications().isEmpty(), "the lower rank read "
          + "nothing of the operator's");
    }
  }

  @Test
  void agentScanOfALowerInsertLostInTheCrash_isNotifiedThatTheRowIsGone() {
    StoreImpl s = seeded();
    Trajectory lowerAgent = s.begin("lower");
    Trajectory reader = s.begin("reader");
    Operation lower = lowerAgent.begin(OpKind.INSERT, "INSERT INTO kv VALUES (2, 7)");
    lower.put("KV", new Object[] {2, 7L});
    try (Operation op = reader.begin(OpKind.QUERY, "SELECT * FROM kv")) {
      assertEquals(2, op.scan("KV", KeyRange.ALL, null).size(), "the scan sees the insert");
      op.complete();
    }
    put(reader, 9, 1); // a write: the reader's records are synced
    s.crashForTesting();

    try (CoStore r = CoStore.open(StoreConfig.file(file()))) {
      List<Notification> pending = activeOf(r, "reader").pendingNotifications();
      assertEquals(1, pending.size(), "pending: " + pending);
      Notification n = pending.get(0);
      assertEquals(Key.of(2), n.key());
      assertArrayEquals(new Object[] {2, 7L}, n.seen());
      assertNull(n.now(), "the inserted row is gone after the restart");
      assertEquals("lower", n.writerAgent());
    }
  }

  @Test
  void lowerWriteLoggedBeforeTheCrash_notifiesNobodyAtRecovery() {
    StoreImpl s = seeded();
    Trajectory agent = s.begin("agent");
    Operation lower = agent.begin(OpKind.UPDATE, "UPDATE kv SET val = 110 WHERE id = 1");
    lower.put("KV", new Object[] {1, 110L});
    Trajectory reader = s.begin("reader");
    assertEquals(110L, readVal(reader, 1));
    put(reader, 9, 1);
    lower.complete(); // logged and synced after the read: nothing is lost
    lower.close();
    s.crashForTesting();

    try (CoStore r = CoStore.open(StoreConfig.file(file()))) {
      assertTrue(activeOf(r, "reader").pendingNotifications().isEmpty(),
          "the write the reader saw is recovered: no notification");
      assertEquals(110L, readVal(activeOf(r, "reader"), 1));
    }
  }

  @Test
  void acknowledgedRecoveryNotification_isNotRepeatedAfterTheNextRestart() {
    StoreImpl s = seeded();
    Trajectory agent = s.begin("agent");
    agent.begin(OpKind.UPDATE, "UPDATE").put("KV", new Object[] {1, 110L});
    Trajectory reader = s.begin("reader");
    assertEquals(110L, readVal(reader, 1));
    put(reader, 9, 1);
    s.crashForTesting();

    StoreImpl second = StoreImpl.open(StoreConfig.file(file()));
    Trajectory again = activeOf(second, "reader");
    assertEquals(1, again.pendingNotifications().size());
    again.acknowledge(again.pendingNotifications().get(0).id());
    second.crashForTesting();

    try (CoStore r = CoStore.open(StoreConfig.file(file()))) {
      assertTrue(activeOf(r, "reader").pendingNotifications().isEmpty(), "told once, "
          + "acknowledged: not again");
    }
  }

  @Test
  void readOfALowerUndoLostInTheCrash_isNotifiedThatTheWriteIsBack() throws Exception {
    Holding backend = new Holding(MvBackend.open(file(), true));
    StoreImpl s = seeded(StoreImpl.open(StoreConfig.file(file()), backend.proxy()));
    Trajectory agent = s.begin("agent");
    put(agent, 1, 110); // logged
    long undone = agent.operations().get(0).id();
    backend.holdWhen((m, a) -> m.getName().equals("putOperation")
        && ((Records.Operation) a[0]).id() == undone
        && ((Records.Operation) a[0]).state().equals("UNDONE"));
    Thread undoer = new Thread(() -> agent.undo(undone));
    undoer.start();
    backend.awaitHeld(); // reverted in memory, its record not yet put
    Trajectory reader = s.begin("reader");
    assertEquals(100L, readVal(reader, 1), "the reader sees the row without the undone write");
    put(reader, 9, 1);
    s.crashForTesting();
    backend.release();
    undoer.join(10_000);

    try (CoStore r = CoStore.open(StoreConfig.file(file()))) {
      List<Notification> pending = activeOf(r, "reader").pendingNotifications();
      assertEquals(1, pending.size(), "the undo was lost, so 110 is back: " + pending);
      Notification n = pending.get(0);
      assertArrayEquals(new Object[] {1, 100L}, n.seen());
      assertArrayEquals(new Object[] {1, 110L}, n.now());
      assertEquals(Notification.Cause.WRITE, n.cause());
      assertEquals(undone, n.writerOperation());
    }
  }

  @Test
  void readOfALowerAbortLostInTheCrash_isNotifiedThatTheWriteIsBack() throws Exception {
    Holding backend = new Holding(MvBackend.open(file(), true));
    StoreImpl s = seeded(StoreImpl.open(StoreConfig.file(file()), backend.proxy()));
    Trajectory agent = s.begin("agent");
    put(agent, 1, 110);
    long agentId = agent.id();
    Trajectory reader = s.begin("reader"); // before the abort: the held put holds the order lock
    backend.holdWhen((m, a) -> m.getName().equals("putTrajectory")
        && ((Records.Trajectory) a[0]).id() == agentId
        && ((Records.Trajectory) a[0]).state().equals("ABORTED"));
    Thread aborter = new Thread(agent::abort);
    aborter.start();
    backend.awaitHeld();
    assertEquals(100L, readVal(reader, 1));
    put(reader, 9, 1);
    s.crashForTesting();
    backend.release();
    aborter.join(10_000);

    try (CoStore r = CoStore.open(StoreConfig.file(file()))) {
      List<Notification> pending = activeOf(r, "reader").pendingNotifications();
      assertEquals(1, pending.size(), "the abort was lost, the agent is back with 110: "
          + pending);
      assertArrayEquals(new Object[] {1, 110L}, pending.get(0).now());
      assertEquals(Notification.Cause.WRITE, pending.get(0).cause());
    }
  }

  /** A backend that holds the thread making one chosen call until released. */
  private static final class Holding {
    private final Backend inner;
    private volatile BiPredicate<Method, Object[]> hold = (m, a) -> false;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    Holding(Backend inner) {
      this.inner = inner;
    }

    void holdWhen(BiPredicate<Method, Object[]> p) {
      hold = p;
    }

    void awaitHeld() throws InterruptedException {
      assertTrue(held.await(10, TimeUnit.SECONDS), "the chosen call was never made");
    }

    void release() {
      released.countDown();
    }

    Backend proxy() {
      return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
          new Class<?>[] {Backend.class}, (proxy, m, args) -> {
            if (args != null && held.getCount() > 0 && hold.test(m, args)) {
              held.countDown();
              released.await(); // bounded by the test: release() is always called
              throw new IllegalStateException("crashed while held");
            }
            try {
              return m.invoke(inner, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }
}
