package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Composite-key prefix ranges, per-connection listeners and the catalog version. */
class KeyAndListenerTest {
  private static final TableDef TASKS = TableDef.of("TASKS",
      List.of(ColumnDef.notNull("PROJECT", ColumnType.VARCHAR),
          ColumnDef.notNull("N", ColumnType.INTEGER), ColumnDef.of("TITLE", ColumnType.VARCHAR)),
      0, 1);

  @Test
  void prefixRange_coversExactlyTheKeysStartingWithThePrefix() {
    KeyRange r = KeyRange.prefix(Key.of("b"));
    assertTrue(r.contains(Key.of("b", 1)));
    assertTrue(r.contains(Key.of("b", Integer.MAX_VALUE)));
    assertTrue(r.contains(Key.of("b")));
    assertTrue(!r.contains(Key.of("a", 9)) && !r.contains(Key.of("c", 0)));
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(TASKS);
      Trajectory t = s.begin("t");
      try (Operation op = t.begin(OpKind.INSERT, "x")) {
        for (String p : List.of("a", "b", "c")) {
          for (int n = 0; n < 3; n++) {
            op.insert("TASKS", new Object[] {p, n, p + n});
          }
        }
        op.complete();
        assertEquals(List.of("b0", "b1", "b2"), s.scanLive("TASKS", r, null).stream()
            .map(row -> (String) row.get(2)).toList());
      }
    }
  }

  @Test
  void prefixScan_notifiesOnInsertUnderThePrefix_only() {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(TASKS);
      Trajectory low = s.begin("low", 1);
      Trajectory high = s.begin("high", 2);
      try (Operation op = high.begin(OpKind.QUERY, "scan b")) {
        op.scan("TASKS", KeyRange.prefix(Key.of("b")), null);
        op.complete();
      }
      try (Operation op = low.begin(OpKind.INSERT, "ins")) {
        op.insert("TASKS", new Object[] {"a", 7, "x"});
        op.insert("TASKS", new Object[] {"c", 7, "x"});
        op.complete();
      }
      assertEquals(0, high.pendingNotifications().size());
      try (Operation op = low.begin(OpKind.INSERT, "ins")) {
        op.insert("TASKS", new Object[] {"b", 7, "x"});
        op.complete();
      }
      assertEquals(1, high.pendingNotifications().size());
    }
  }

  @Test
  void twoListeners_onOneTrajectory_bothReceive_andRemovedOneStops() throws Exception {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(TASKS);
      Trajectory low = s.begin("low", 1);
      Trajectory high = s.begin("high", 2);
      List<Long> a = new CopyOnWriteArrayList<>();
      CountDownLatch two = new CountDownLatch(2);
      NotificationListener la = n -> a.add(n.id());
      high.addListener(la);
      high.addListener(n -> two.countDown());
      try (Operation op = high.begin(OpKind.QUERY, "r")) {
        op.get("TASKS", Key.of("a", 1));
        op.get("TASKS", Key.of("a", 2));
        op.complete();
      }
      try (Operation op = low.begin(OpKind.INSERT, "w1")) {
        op.insert("TASKS", new Object[] {"a", 1, "x"});
        op.complete();
      }
      high.removeListener(la);
      try (Operation op = low.begin(OpKind.INSERT, "w2")) {
        op.insert("TASKS", new Object[] {"a", 2, "x"});
        op.complete();
      }
      assertTrue(two.await(10, TimeUnit.SECONDS));
      assertEquals(1, a.size(), "the removed listener saw only the first notification");
    }
  }

  @Test
  void catalogVersion_increasesWithCreateAndDrop() {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      long v0 = s.catalogVersion();
      s.createTable(TASKS);
      long v1 = s.catalogVersion();
      s.dropTable("TASKS");
      assertTrue(v0 < v1 && v1 < s.catalogVersion());
    }
  }
}
