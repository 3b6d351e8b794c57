package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History of a row, time travel by wall-clock time and by rank. */
class HistoryTest {
  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  @TempDir Path dir;

  private static long put(Trajectory t, int id, long val) {
    try (Operation op = t.begin(OpKind.UPSERT, "PUT " + id + "=" + val)) {
      op.put("KV", new Object[] {id, val});
      op.complete();
      return op.id();
    }
  }

  private static void tick() throws InterruptedException {
    Thread.sleep(3); // wall-clock times are milliseconds: keep captured points apart
  }

  @Test
  void scanSerial_seesOnlyCommittedVersionsBeforeTheOperation() {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      Trajectory lo = s.begin("lo", 3);
      Trajectory hi = s.begin("hi", 5);
      put(lo, 1, 10);
      long undone = put(lo, 2, 20);
      lo.undo(undone);
      put(hi, 1, 50); // hi's operation 1
      put(hi, 3, 70); // hi's operation 2
      Trajectory aborted = s.begin("x", 4);
      put(aborted, 4, 40);
      assertEquals(List.of(), s.scanSerial("KV", KeyRange.ALL, 5, 2), "nothing committed yet");
      lo.commit();
      aborted.abort();
      hi.commit();
      List<Row> beforeFirst = s.scanSerial("KV", KeyRange.ALL, 5, 1);
      assertEquals(1, beforeFirst.size());
      assertEquals(10L, beforeFirst.get(0).get(1), "lower rank's committed write, not the undone one");
      List<Row> beforeSecond = s.scanSerial("KV", KeyRange.ALL, 5, 2);
      assertEquals(50L, beforeSecond.get(0).get(1), "its own earlier operation");
      assertEquals(1, beforeSecond.size(), "not its own second write, not the aborted one");
      assertEquals(2, s.scanSerial("KV", KeyRange.ALL, 6, 1).size());
    }
  }

  @Test
  void historyOfOneKey_listsEveryVersionInOrder_withWriterStatementAndUndo() {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      Trajectory hi = s.begin("hi", 5);
      Trajectory lo = s.begin("lo", 3);
      put(hi, 1, 50);
      long undone = put(lo, 1, 30); // misplaced: goes below hi's version
      lo.undo(undone);
      put(lo, 1, 31);
      List<VersionInfo> h = s.history("KV", Key.of(1));
      assertEquals(List.of(30L, 31L, 50L), h.stream().map(v -> (Long) v.values()[1]).toList());
      assertEquals("lo", h.get(0).agent());
      assertEquals("PUT 1=30", h.get(0).sqlText());
      assertNotNull(h.get(0).undone());
      assertNull(h.get(1).undone());
      assertEquals(5, h.get(2).rank());
      assertEquals(List.of(), s.history("KV", Key.of(2)));
    }
  }

  @Test
  void scanAsOf_reproducesEveryLiveStateCapturedDuringARandomRun() throws Exception {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      List<Instant> times = new ArrayList<>();
      List<List<Row>> states = new ArrayList<>();
      List<Trajectory> ts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ts.add(s.begin("a" + i, 10 + rnd.nextInt(1000) * 4 + i));
      }
      List<Long> ops = new ArrayList<>();
      for (int step = 0; step < 120; step++) {
        Trajectory t = ts.get(rnd.nextInt(ts.size()));
        int action = rnd.nextInt(10);
        if (action < 7) {
          ops.add(put(t, rnd.nextInt(6), rnd.nextInt(100)));
        } else if (action < 9) {
          try (Operation op = t.begin(OpKind.DELETE, "DEL")) {
            op.delete("KV", Key.of(rnd.nextInt(6)));
            op.complete();
          }
        } else if (!t.operations().isEmpty()) {
          t.undo(t.operations().get(rnd.nextInt(t.operations().size())).id());
        }
        tick();
        times.add(Instant.now());
        states.add(s.scanLive("KV", KeyRange.ALL, null));
        tick();
      }
      ts.get(0).abort();
      for (int i = 0; i < times.size(); i++) {
        assertEquals(states.get(i), s.scanAsOf("KV", KeyRange.ALL, times.get(i)),
            "seed " + seed + ", point " + i);
      }
    }
  }

  @Test
  void diff_listsAddedModifiedAndRemovedRows_withFromAndToValues() throws Exception {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      Trajectory t = s.begin("t");
      put(t, 1, 10);
      put(t, 2, 20);
      tick();
      Instant from = Instant.now();
      tick();
      put(t, 2, 21);
      put(t, 3, 30);
      try (Operation op = t.begin(OpKind.DELETE, "del 1")) {
        op.delete("KV", Key.of(1));
        op.complete();
      }
      tick();
      Instant to = Instant.now();
      List<RowDiff> d = s.diff("KV", from, to);
      assertEquals(List.of(RowDiff.Change.REMOVED, RowDiff.Change.MODIFIED, RowDiff.Change.ADDED),
          d.stream().map(RowDiff::change).toList());
      assertEquals(10L, d.get(0).from()[1]);
      assertNull(d.get(0).to());
      assertEquals(20L, d.get(1).from()[1]);
      assertEquals(21L, d.get(1).to()[1]);
      assertEquals(30L, d.get(2).to()[1]);
      assertEquals(List.of(), s.diff("KV", to, to));
    }
  }

  @Test
  void scanAtRank_isWhatATrajectoryOfThatRankSees() {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      put(s.begin("r2", 2), 1, 20);
      put(s.begin("r4", 4), 1, 40);
      assertEquals(List.of(), s.scanAtRank("KV", KeyRange.ALL, 1));
      assertEquals(20L, s.scanAtRank("KV", KeyRange.ALL, 3).get(0).get(1));
      assertEquals(40L, s.scanAtRank("KV", KeyRange.ALL, 9).get(0).get(1));
    }
  }

  @Test
  void historyAndTimeTravel_surviveReopen() throws Exception {
    Path file = dir.resolve("h.mv.db");
    Instant mid;
    List<Row> midState;
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      s.createTable(KV);
      Trajectory a = s.begin("a");
      put(a, 1, 1);
      long second = put(a, 1, 2);
      tick();
      mid = Instant.now();
      midState = s.scanLive("KV", KeyRange.ALL, null);
      tick();
      a.undo(second);
      put(a, 2, 9);
      a.commit();
    }
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      assertEquals(midState, s.scanAsOf("KV", KeyRange.ALL, mid));
      List<VersionInfo> h = s.history("KV", Key.of(1));
      assertEquals(2, h.size());
      assertNotNull(h.get(1).undone());
      assertEquals(TrajectoryState.COMMITTED, h.get(0).trajectoryState());
    }
  }
}
