package io.coagent.engine;

import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.internal.StoreImpl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SYS.VERIFY over reads made before a crash: a recovered point read is re-run like a live one
 * (its result hash is persisted), so a state that is not serial is never certified just because
 * the store was restarted in between.
 */
class RecoveredVerifyTest {
  @TempDir Path dir;

  @Test
  void readRecoveredFromDisk_isReRunByVerify_andAStaleOneIsAViolation() {
    Path file = dir.resolve("verify.mv.db");
    StoreImpl s = (StoreImpl) Fixtures.openStore(StoreConfig.file(file));
    seed(s, acct(1, 0));
    Trajectory low = s.begin("low", LOW);
    Trajectory high = s.begin("high", HIGH);
    update(low, 1, 10);
    assertArrayEquals(acct(1, 10), get(high, 1).value().values()); // reads low's write
    s.crashForTesting();
    try (StoreImpl r = StoreImpl.open(StoreConfig.file(file))) {
      r.setNotificationsSuppressed(true); // a notification lost: exactly what VERIFY must catch
      r.active("low").orElseThrow().abort();
      r.active("high").orElseThrow().commit();
      VerifyReport report = r.verify();
      assertTrue(report.quiescent());
      assertEquals(2, report.readsChecked(), "the recovered reads (the seed's key check, high's read) "
          + "are checked");
      assertEquals(1, report.violations().size(), report.toString());
      assertEquals("high", report.violations().get(0).agent());
      assertFalse(report.ok(), "high saw 10; in the serial order (low aborted) it sees 0");
    }
  }

  @Test
  void readRecoveredFromDisk_thatStillHolds_isCertified() {
    Path file = dir.resolve("verify-ok.mv.db");
    StoreImpl s = (StoreImpl) Fixtures.openStore(StoreConfig.file(file));
    seed(s, acct(1, 0));
    Trajectory low = s.begin("low", LOW);
    Trajectory high = s.begin("high", HIGH);
    update(low, 1, 10);
    get(high, 1);
    s.crashForTesting();
    try (StoreImpl r = StoreImpl.open(StoreConfig.file(file))) {
      r.active("low").orElseThrow().commit();
      r.active("high").orElseThrow().commit();
      VerifyReport report = r.verify();
      assertTrue(report.ok(), report.toString());
      assertTrue(report.readsChecked() >= 1, report.toString());
    }
  }
}
