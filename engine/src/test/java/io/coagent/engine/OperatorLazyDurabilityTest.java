package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.internal.StoreImpl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only operator (auto-commit) trajectory is not synced on its own: it changed nothing, so a
 * crash can lose only its record, never anything acknowledged. Agents' reads and every write stay
 * durable when their call returns. A crash right after the call shows which is which.
 */
class OperatorLazyDurabilityTest {
  @TempDir Path dir;

  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  private static StoreImpl storeWithOneRow(Path file) {
    StoreImpl s = StoreImpl.open(StoreConfig.file(file));
    s.createTable(KV);
    Trajectory setup = s.begin("setup");
    try (Operation op = setup.begin(OpKind.UPSERT, "put")) {
      op.put("KV", new Object[] {1, 10L});
      op.complete();
    }
    setup.commit();
    return s;
  }

  private static void read(Trajectory t) {
    try (Operation op = t.begin(OpKind.QUERY, "SELECT VAL FROM KV WHERE ID = 1")) {
      assertEquals(10L, op.get("KV", Key.of(1)).values()[1]);
      op.complete();
    }
  }

  private static boolean hasTrajectoryOf(CoStore s, String prefix) {
    return s.trajectories().stream().anyMatch(t -> t.agent().startsWith(prefix));
  }

  @Test
  void readOnlyOperatorTrajectory_isNotSynced_soACrashLosesOnlyItsRecord() {
    Path file = dir.resolve("ro.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory op = s.beginOperator(Isolation.MTPO);
    read(op);
    op.commit();
    assertEquals(TrajectoryState.COMMITTED, op.state());
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      assertFalse(hasTrajectoryOf(r, CoStore.OPERATOR_PREFIX),
          "nothing of the read-only operator trajectory was synced: " + r.trajectories());
      try (Operation check = r.beginOperator(Isolation.MTPO).begin(OpKind.QUERY, "check")) {
        assertEquals(10L, check.get("KV", Key.of(1)).values()[1], "the data is unchanged");
        check.complete();
      }
    }
  }

  @Test
  void writingOperatorStatement_isDurableWhenItCompletes() {
    Path file = dir.resolve("rw.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory op = s.beginOperator(Isolation.MTPO);
    read(op); // read first: the later write must still sync the whole trajectory
    try (Operation w = op.begin(OpKind.UPDATE, "UPDATE KV SET VAL = 11 WHERE ID = 1")) {
      assertTrue(w.update("KV", Key.of(1), new Object[] {1, 11L}));
      w.complete();
    }
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      TrajectoryInfo info = r.trajectories().stream()
          .filter(t -> t.agent().startsWith(CoStore.OPERATOR_PREFIX)).findFirst().orElseThrow();
      assertEquals(2, r.operations().stream().filter(o -> o.trajectory() == info.id()).count(),
          "the read and the write came back with the trajectory");
    }
  }

  @Test
  void agentsRead_isDurableWhenItCompletes_forAResumedTrajectory() {
    Path file = dir.resolve("agent.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory a = s.begin("reader");
    read(a);
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      Trajectory resumed = r.active("reader").orElseThrow();
      assertEquals(1, resumed.operations().size(),
          "the read's footprint is durable, so the resumed trajectory is still notified");
    }
  }
}
