package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec section 4: the defining anomaly or guarantee of each non-MTPO level. */
class BaselineIsolationTest {
  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  @TempDir Path dir;

  private static CoStore store() {
    CoStore s = CoStore.open(StoreConfig.inMemory().withCommitTimeout(java.time.Duration.ofSeconds(20)));
    s.createTable(KV);
    Trajectory setup = s.begin("setup");
    try (Operation op = setup.begin(OpKind.INSERT, "seed")) {
      op.insert("KV", new Object[] {1, 100L});
      op.insert("KV", new Object[] {2, 200L});
      op.complete();
    }
    setup.commit();
    return s;
  }

  private static long read(Trajectory t, int id) {
    try (Operation op = t.begin(OpKind.QUERY, "read")) {
      Row r = op.get("KV", Key.of(id));
      op.complete();
      return r == null ? -1 : (Long) r.get(1);
    }
  }

  private static void write(Trajectory t, int id, long val) {
    try (Operation op = t.begin(OpKind.UPDATE, "write")) {
      op.update("KV", Key.of(id), new Object[] {id, val});
      op.complete();
    }
  }

  private static int scanCount(Trajectory t) {
    try (Operation op = t.begin(OpKind.QUERY, "scan")) {
      int n = op.scan("KV", KeyRange.ALL, v -> (Long) v[1] >= 100).size();
      op.complete();
      return n;
    }
  }

  @Test
  void readCommitted_losesAnUpdate_whenTwoReadModifyWritesInterleave() {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.READ_COMMITTED);
      Trajectory b = s.begin("b", Isolation.READ_COMMITTED);
      long va = read(a, 1);
      long vb = read(b, 1);
      write(a, 1, va + 10);
      write(b, 1, vb + 1);
      a.commit();
      b.commit();
      assertEquals(101L, s.readLive("KV", Key.of(1)).get(1), "last writer wins: a's +10 lost");
    }
  }

  @Test
  void readCommitted_neverSeesUncommittedWrites() {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.READ_COMMITTED);
      Trajectory b = s.begin("b", Isolation.READ_COMMITTED);
      write(a, 1, 5);
      assertEquals(100L, read(b, 1));
      assertEquals(5L, read(a, 1), "own buffered write is visible to itself");
      a.commit();
      assertEquals(5L, read(b, 1), "committed now: read committed sees it");
    }
  }

  @Test
  void occ_abortsTheSecondCommitter_andLosesAllItsWork() {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.OCC);
      Trajectory b = s.begin("b", Isolation.OCC);
      write(b, 2, 999);
      long va = read(a, 1);
      long vb = read(b, 1);
      write(a, 1, va + 10);
      write(b, 1, vb + 1);
      a.commit();
      CoAgentException e = assertThrows(CoAgentException.class, b::commit);
      assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
      assertEquals("40001", e.code().sqlState());
      assertEquals(TrajectoryState.ABORTED, b.state());
      assertEquals(110L, s.readLive("KV", Key.of(1)).get(1));
      assertEquals(200L, s.readLive("KV", Key.of(2)).get(1), "b's unrelated write is lost too");
    }
  }

  @Test
  void occ_readsItsBeginSnapshot_andValidatesScansAgainstPhantoms() {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.OCC);
      Trajectory b = s.begin("b", Isolation.READ_COMMITTED);
      assertEquals(2, scanCount(a));
      try (Operation op = b.begin(OpKind.INSERT, "phantom")) {
        op.insert("KV", new Object[] {3, 300L});
        op.complete();
      }
      b.commit();
      assertEquals(-1, read(a, 3), "snapshot taken at begin does not see b's commit");
      write(a, 1, 0);
      assertThrows(CoAgentException.class, a::commit, "a's scan would now return 3 rows");
    }
  }

  @Test
  void occ_commitsWhenNothingItReadChanged() {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.OCC);
      Trajectory b = s.begin("b", Isolation.OCC);
      write(a, 1, read(a, 1) + 1);
      write(b, 2, read(b, 2) + 1);
      a.commit();
      b.commit();
      assertEquals(101L, s.readLive("KV", Key.of(1)).get(1));
      assertEquals(201L, s.readLive("KV", Key.of(2)).get(1));
    }
  }

  @Test
  void serializable_blocksTheSecondReadModifyWrite_soNoUpdateIsLost() throws Exception {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.SERIALIZABLE);
      write(a, 1, read(a, 1) + 10);
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Void> bDone = CompletableFuture.runAsync(() -> {
        Trajectory b = s.begin("b", Isolation.SERIALIZABLE);
        started.countDown();
        write(b, 1, read(b, 1) + 1); // blocks on a's exclusive lock
        b.commit();
      });
      assertTrue(started.await(10, TimeUnit.SECONDS));
      Thread.sleep(200); // b is now waiting (or about to): it must not finish before a commits
      assertFalse(bDone.isDone());
      a.commit();
      bDone.get(20, TimeUnit.SECONDS);
      assertEquals(111L, s.readLive("KV", Key.of(1)).get(1));
    }
  }

  @Test
  void serializable_detectsDeadlock_andAbortsTheVictimSoTheOtherProceeds() throws Exception {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.SERIALIZABLE);
      Trajectory b = s.begin("b", Isolation.SERIALIZABLE);
      write(a, 1, 1);
      write(b, 2, 2);
      CompletableFuture<Void> aWantsB = CompletableFuture.runAsync(() -> write(a, 2, 3));
      Thread.sleep(200);
      CoAgentException e = assertThrows(CoAgentException.class, () -> write(b, 1, 4));
      assertEquals(ErrorCode.DEADLOCK, e.code());
      assertEquals("40P01", e.code().sqlState());
      aWantsB.get(20, TimeUnit.SECONDS); // the victim's locks were released at once
      assertThrows(CoAgentException.class, () -> read(b, 1), "the victim can only roll back");
      b.abort();
      a.commit();
      assertEquals(1L, s.readLive("KV", Key.of(1)).get(1));
      assertEquals(3L, s.readLive("KV", Key.of(2)).get(1));
    }
  }

  @Test
  void serializable_rangeLockBlocksPhantomInsert_untilTheScannerCommits() throws Exception {
    try (CoStore s = store()) {
      Trajectory a = s.begin("a", Isolation.SERIALIZABLE);
      assertEquals(2, scanCount(a));
      CompletableFuture<Void> insert = CompletableFuture.runAsync(() -> {
        Trajectory b = s.begin("b", Isolation.SERIALIZABLE);
        try (Operation op = b.begin(OpKind.INSERT, "phantom")) {
          op.insert("KV", new Object[] {3, 300L});
          op.complete();
        }
        b.commit();
      });
      Thread.sleep(200);
      assertFalse(insert.isDone(), "the insert waits for a's range lock");
      assertEquals(2, scanCount(a), "a's repeated scan sees no phantom");
      a.commit();
      insert.get(20, TimeUnit.SECONDS);
      assertEquals(300L, s.readLive("KV", Key.of(3)).get(1));
    }
  }

  @Test
  void baselineCommit_takesARankAboveEveryRankInUse_andLowerMtpoRanksDoNotSeeIt() {
    try (CoStore s = store()) {
      Trajectory agent = s.begin("agent");
      Trajectory rc = s.begin("rc", Isolation.READ_COMMITTED);
      assertEquals(0, rc.rank(), "no place in the order before commit");
      write(rc, 1, 7);
      rc.commit();
      assertTrue(rc.rank() > agent.rank());
      assertEquals(100L, read(agent, 1), "the commit is later in the order than the agent");
      assertEquals(7L, s.readLive("KV", Key.of(1)).get(1));
      assertThrows(CoAgentException.class, () -> s.begin("agent", Isolation.OCC),
          "joining an active trajectory at another level is refused");
      agent.commit();
    }
  }

  @Test
  void restart_abortsUncommittedBaselineWork_andKeepsCommittedWork() {
    Path file = dir.resolve("b.mv.db");
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      s.createTable(KV);
      Trajectory a = s.begin("a", Isolation.SERIALIZABLE);
      try (Operation op = a.begin(OpKind.INSERT, "x")) {
        op.insert("KV", new Object[] {1, 1L});
        op.complete();
      }
      a.commit();
      Trajectory b = s.begin("b", Isolation.OCC);
      try (Operation op = b.begin(OpKind.INSERT, "y")) {
        op.insert("KV", new Object[] {2, 2L});
        op.complete();
      }
    }
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      assertEquals(1L, s.readLive("KV", Key.of(1)).get(1));
      assertNull(s.readLive("KV", Key.of(2)));
      assertTrue(s.active("b").isEmpty());
      assertEquals(Isolation.OCC, s.begin("b", Isolation.OCC).isolation());
    }
  }
}
