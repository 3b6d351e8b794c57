package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An async commit ends its trajectory only while no statement runs on it, and no statement can
 * begin on a trajectory whose commit is pending: a statement never runs on a COMMITTED trajectory.
 */
class AsyncCommitStatementLockTest {
  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  @Test
  void asyncCommit_waitsForTheRunningStatement_thenCommits() throws Exception {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      Trajectory t = s.begin("writer");
      CompletableFuture<Void> commit;
      try (Operation op = t.begin(OpKind.UPSERT, "UPSERT")) {
        op.put("KV", new Object[] {1, 5L});
        // another thread asks to commit while this statement runs; t holds the lowest open rank
        commit = CompletableFuture.supplyAsync(t::commitAsync).get(10, TimeUnit.SECONDS);
        assertEquals(TrajectoryState.ACTIVE, t.state(),
            "a statement is running on the trajectory: it must not be committed under it");
        assertFalse(commit.isDone());
        op.put("KV", new Object[] {2, 6L});
        op.complete();
      }
      commit.get(10, TimeUnit.SECONDS);
      assertEquals(TrajectoryState.COMMITTED, t.state());
      assertEquals(OpState.APPLIED, t.operations().get(0).state());
      assertEquals(6L, s.readLive("KV", Key.of(2)).get(1));
    }
  }

  @Test
  void begin_refusesATrajectoryWhoseCommitIsPending() throws Exception {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      Trajectory low = s.begin("low");
      Trajectory high = s.begin("high");
      CompletableFuture<Void> commit = high.commitAsync();
      CoAgentException e = assertThrows(CoAgentException.class,
          () -> high.begin(OpKind.UPSERT, "UPSERT").close());
      assertEquals(ErrorCode.TRAJECTORY_NOT_ACTIVE, e.code());
      low.commit();
      commit.get(10, TimeUnit.SECONDS);
      assertEquals(TrajectoryState.COMMITTED, high.state());
      assertEquals(List.of(), high.operations(), "nothing ran on it while it was committing");
    }
  }
}
