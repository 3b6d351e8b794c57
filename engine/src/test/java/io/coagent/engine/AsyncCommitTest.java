package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** commitAsync: the auto-commit path that returns at once and commits when lower ranks end. */
class AsyncCommitTest {
  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  private static long op(Trajectory t, OpKind kind, java.util.function.Consumer<Operation> body) {
    try (Operation op = t.begin(kind, kind.name())) {
      body.accept(op);
      op.complete();
      return op.id();
    }
  }

  @Test
  void asyncCommit_completesOnlyAfterLowerRankEnds() throws Exception {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      Trajectory agent = s.begin("agent");
      Trajectory operator = s.begin("operator");
      op(operator, OpKind.UPSERT, o -> o.put("KV", new Object[] {1, 5L}));
      CompletableFuture<Void> f = operator.commitAsync();
      assertFalse(f.isDone(), "a lower rank is still open");
      agent.commit();
      f.get(10, TimeUnit.SECONDS);
      assertEquals(TrajectoryState.COMMITTED, operator.state());
    }
  }

  @Test
  void asyncCommit_failsWithTheNotification_whenLowerRankChangesWhatItRead() throws Exception {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      Trajectory agent = s.begin("agent");
      Trajectory operator = s.begin("operator");
      op(operator, OpKind.QUERY, o -> o.get("KV", Key.of(1)));
      CompletableFuture<Void> f = operator.commitAsync();
      op(agent, OpKind.INSERT, o -> o.insert("KV", new Object[] {1, 7L}));
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      CoAgentException c = assertInstanceOf(CoAgentException.class, e.getCause());
      assertEquals(ErrorCode.NOTIFICATIONS_PENDING, c.code());
      assertEquals(1, c.notifications().size());
      assertEquals(TrajectoryState.ACTIVE, operator.state(), "still active: it can repair");
      operator.acknowledge(c.notifications().get(0).id());
      CompletableFuture<Void> again = operator.commitAsync();
      agent.commit(); // (an abort would undo the insert and notify the operator again)
      again.get(10, TimeUnit.SECONDS);
      assertTrue(s.verify().quiescent());
    }
  }
}
