package io.coagent.engine;

import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.internal.StoreImpl;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History compaction removes the versions that the reads of trajectories ended before the cutoff
 * saw, and drops those reads from the rule-10 check. That must hold after the store restarts: the
 * reads are still inside the operation records in the file, so without the durable cutoff
 * recovery brought them back and {@code VERIFY} re-ran them against the compacted chains (found by
 * the kill -9 sweep with compaction, CrashRecoveryTest).
 */
class CompactedVerifyTest {
  @TempDir Path dir;

  @Test
  void readsDroppedByCompaction_stayOutOfVerify_afterACrash() throws Exception {
    Path file = dir.resolve("compacted.mv.db");
    StoreImpl s = (StoreImpl) Fixtures.openStore(StoreConfig.file(file));
    seed(s, acct(1, 0));
    Trajectory low = s.begin("low", LOW);
    Trajectory high = s.begin("high", HIGH);
    update(low, 1, 10);
    assertArrayEquals(acct(1, 10), get(high, 1).value().values()); // high reads low's version
    update(high, 1, 20);
    low.commit();
    high.commit();
    Thread.sleep(2); // both ended strictly before the cutoff
    CompactionReport compacted = s.compactHistory(Instant.now());
    assertTrue(compacted.versionsRemoved() >= 1, "low's version (the one high read) is gone: "
        + compacted);
    assertTrue(s.verify().ok(), "live: the compacted trajectories' reads are dropped");
    s.crashForTesting();
    try (StoreImpl r = StoreImpl.open(StoreConfig.file(file))) {
      VerifyReport report = r.verify();
      assertTrue(report.ok(), "after the crash the reads compaction dropped stay dropped: "
          + report);
      assertEquals(0, report.violations().size(), report.toString());
    }
  }

  @Test
  void readsOfTrajectoriesEndedAfterTheCutoff_areStillChecked_afterACrash() throws Exception {
    Path file = dir.resolve("after-cutoff.mv.db");
    StoreImpl s = (StoreImpl) Fixtures.openStore(StoreConfig.file(file));
    seed(s, acct(1, 0));
    Thread.sleep(2);
    s.compactHistory(Instant.now()); // before the trajectories: their reads stay in the check
    Trajectory low = s.begin("low", LOW);
    Trajectory high = s.begin("high", HIGH);
    update(low, 1, 10);
    get(high, 1);
    s.crashForTesting();
    try (StoreImpl r = StoreImpl.open(StoreConfig.file(file))) {
      r.setNotificationsSuppressed(true);
      r.active("low").orElseThrow().abort();
      r.active("high").orElseThrow().commit();
      VerifyReport report = r.verify();
      assertEquals(1, report.violations().size(), "high saw 10; with low aborted it sees 0: "
          + report);
    }
  }
}
