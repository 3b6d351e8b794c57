package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.internal.StoreImpl;
import io.coagent.engine.internal.storage.MvBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file holding an operation record without its trajectory record (what MvBackend's commit could
 * write before its versions were consistent cuts: the trajectories map's root taken before an
 * operator's unsynced begin, the operations map's root after its statement completed). The
 * statement was never acknowledged, so recovery drops it, and never hands its trajectory id out
 * again: a new trajectory under that id adopted the operation at the next open, committing a
 * stale write over everything below it: one operator increment more than attempted (first blamed
 * for issue #9's drift; the failure examined with its files was the crash test losing lines).
 */
class OrphanOperationRecoveryTest {
  @TempDir Path dir;

  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  private static void write(Trajectory t, int id, long value) {
    try (Operation op = t.begin(OpKind.UPSERT, "put " + id)) {
      op.put("KV", new Object[] {id, value});
      op.complete();
    }
  }

  private static long val(CoStore s) {
    return (Long) s.readLive("KV", Key.of(1)).values()[1];
  }

  @Test
  void operationWithoutItsTrajectoryRecord_isDropped_andNeverAdoptedByALaterTrajectory() {
    Path file = dir.resolve("orphan.mv.db");
    StoreImpl s = StoreImpl.open(StoreConfig.file(file));
    s.createTable(KV);
    Trajectory setup = s.begin("setup");
    write(setup, 1, 10L);
    setup.commit();
    Trajectory agent = s.begin("agent"); // begun (and synced) before the operator
    Trajectory operator = s.beginOperator(Isolation.MTPO); // its record is not synced at begin
    write(operator, 1, 11L); // completes: synced, never acknowledged in the file below
    write(agent, 2, 20L); // a later operation id, durable
    agent.commit();
    long orphaned = operator.id();
    s.crashForTesting();
    try (MvBackend b = MvBackend.open(file, true)) {
      b.removeTrajectory(orphaned); // the operator's begin missed the version its statement made
      b.sync();
    }
    long reused;
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      assertEquals(10L, val(r), "the statement whose trajectory record is missing is not there");
      Trajectory next = r.beginOperator(Isolation.MTPO);
      reused = next.id();
      try (Operation q = next.begin(OpKind.QUERY, "SELECT VAL FROM KV WHERE ID = 1")) {
        assertEquals(10L, q.get("KV", Key.of(1)).values()[1]);
        q.complete();
      }
      next.commit();
    }
    try (CoStore again = CoStore.open(StoreConfig.file(file))) {
      assertEquals(10L, val(again), "no later trajectory adopts the orphaned operation");
      assertNotEquals(orphaned, reused, "the orphaned operation's trajectory id is not reused");
      assertTrue(again.operations().stream().noneMatch(o -> o.trajectory() == orphaned),
          "the orphaned record was removed: " + again.operations());
      VerifyReport v = again.verify();
      assertTrue(v.ok(), v.toString());
    }
  }
}
