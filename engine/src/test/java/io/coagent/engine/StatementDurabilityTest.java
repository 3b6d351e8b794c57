package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.internal.StoreImpl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs of statements: an agent's auto-commit statement trajectory ({@link
 * CoStore#beginStatement}) syncs once, at its end; an operator statement that wrote syncs at its
 * completion (its acknowledgement), not again at its commit; a read-only operator statement is
 * not synced on its own at all (it changed nothing, so a crash can lose only its record); an
 * agent's reads in a trajectory of several statements are durable when they return. A crash
 * right after each step shows what was synced, and that nothing acknowledged depends on what was
 * not.
 */
class StatementDurabilityTest {
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

  private static void write(Trajectory t, long value) {
    try (Operation w = t.begin(OpKind.UPDATE, "UPDATE KV SET VAL = " + value + " WHERE ID = 1")) {
      assertTrue(w.update("KV", Key.of(1), new Object[] {1, value}));
      w.complete();
    }
  }

  private static long read(Trajectory t) {
    try (Operation op = t.begin(OpKind.QUERY, "SELECT VAL FROM KV WHERE ID = 1")) {
      long v = (Long) op.get("KV", Key.of(1)).values()[1];
      op.complete();
      return v;
    }
  }

  private static long valueAfterReopen(CoStore r) {
    Trajectory check = r.beginOperator(Isolation.MTPO);
    long v = read(check);
    check.abort(); // a commit would wait for a recovered lower rank that nothing commits here
    return v;
  }

  private static TrajectoryInfo trajectoryOf(CoStore s, String agent) {
    return s.trajectories().stream().filter(t -> t.agent().equals(agent)).findFirst()
        .orElse(null);
  }

  @Test
  void readOnlyOperatorTrajectory_isNotSynced_soACrashLosesOnlyItsRecord() {
    Path file = dir.resolve("ro.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory op = s.beginOperator(Isolation.MTPO);
    assertEquals(10L, read(op));
    op.commit();
    assertEquals(TrajectoryState.COMMITTED, op.state());
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      assertFalse(r.trajectories().stream()
          .anyMatch(t -> t.agent().startsWith(CoStore.OPERATOR_PREFIX)),
          "nothing of the read-only operator trajectory was synced: " + r.trajectories());
      assertEquals(10L, valueAfterReopen(r), "the data is unchanged");
    }
  }

  @Test
  void writingOperatorStatement_isDurableWhenItCompletes_withItsEarlierRead() {
    Path file = dir.resolve("rw.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory op = s.beginOperator(Isolation.MTPO);
    assertEquals(10L, read(op)); // read first: the later write must still sync the whole trajectory
    write(op, 11);
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
    assertEquals(10L, read(a));
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      Trajectory resumed = r.active("reader").orElseThrow();
      assertEquals(1, resumed.operations().size(),
          "the read's footprint is durable, so the resumed trajectory is still notified");
    }
  }

  @Test
  void agentStatementUncommitted_isNotSynced_soACrashLosesTheUnacknowledgedStatement() {
    Path file = dir.resolve("a.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory t = s.beginStatement("agent");
    write(t, 11);
    s.crashForTesting(); // before the commit: the statement was never acknowledged
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      assertNull(trajectoryOf(r, "agent"), "neither begin nor completion was synced: "
          + r.trajectories());
      assertFalse(r.active("agent").isPresent());
      assertEquals(10L, valueAfterReopen(r), "the unacknowledged write is gone");
    }
  }

  @Test
  void agentStatementCommitted_isDurableWhenTheCommitReturns() {
    Path file = dir.resolve("b.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory t = s.beginStatement("agent");
    write(t, 11);
    t.commit();
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      assertEquals(TrajectoryState.COMMITTED, trajectoryOf(r, "agent").state());
      assertEquals(11L, valueAfterReopen(r));
    }
  }

  @Test
  void agentStatementJoinedByAnotherConnection_syncsLikeAnyTrajectory() {
    Path file = dir.resolve("c.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory t = s.beginStatement("agent");
    write(t, 11);
    Trajectory joined = s.begin("agent"); // another connection of the agent joins
    assertEquals(t.id(), joined.id());
    write(joined, 12); // acknowledged when it returns
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      Trajectory resumed = r.active("agent").orElseThrow();
      assertEquals(2, resumed.operations().size(), "both statements came back with it");
    }
  }

  @Test
  void higherRanksAcknowledgedRead_ofADeferredWrite_makesTheWriteDurable() {
    Path file = dir.resolve("d.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory low = s.beginStatement("low");
    write(low, 11);
    Trajectory high = s.begin("high");
    assertTrue(high.rank() > low.rank());
    assertEquals(11L, read(high)); // rule 1: sees the lower rank's write; acknowledged here
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      Trajectory lowBack = r.active("low").orElseThrow(
          () -> new AssertionError("the read's sync wrote the write it saw: " + r.trajectories()));
      assertEquals(1, lowBack.operations().size());
      assertEquals(1, r.active("high").orElseThrow().operations().size());
    }
  }

  @Test
  void writingOperatorCommit_isNotSyncedOnItsOwn_theCompletedStatementIs() {
    Path file = dir.resolve("e.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory op = s.beginOperator(Isolation.MTPO);
    write(op, 11); // acknowledged: synced at completion
    op.commit();
    assertEquals(TrajectoryState.COMMITTED, op.state());
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      TrajectoryInfo info = r.trajectories().stream()
          .filter(t -> t.agent().startsWith(CoStore.OPERATOR_PREFIX)).findFirst().orElseThrow();
      assertEquals(TrajectoryState.ACTIVE, info.state(),
          "the commit record was not synced; the session layer commits it at reopen");
      assertEquals(11L, valueAfterReopen(r), "the acknowledged write is there");
    }
  }

  @Test
  void higherRanksCommit_afterAnOperatorCommit_makesThatCommitDurable() {
    Path file = dir.resolve("f.mv.db");
    StoreImpl s = storeWithOneRow(file);
    Trajectory op = s.beginOperator(Isolation.MTPO);
    write(op, 11);
    op.commit();
    Trajectory high = s.begin("high");
    assertEquals(11L, read(high));
    high.commit(); // waited for the operator's commit (rule 8), so that commit is written first
    s.crashForTesting();
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      for (TrajectoryInfo info : r.trajectories()) {
        assertEquals(TrajectoryState.COMMITTED, info.state(), info.agent());
      }
    }
  }
}
