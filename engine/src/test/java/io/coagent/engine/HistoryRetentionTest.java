package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.internal.StoreImpl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code history_retention} setting: the store compacts history older than it by itself. */
class HistoryRetentionTest {
  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  @TempDir Path dir;

  private static void update(CoStore s, String agent, long val) {
    Trajectory t = s.begin(agent);
    try (Operation op = t.begin(OpKind.UPSERT, "UPDATE kv SET val = ? WHERE id = 1")) {
      op.put("KV", new Object[] {1, val});
      op.complete();
    }
    t.commit();
  }

  private static int versions(CoStore s) {
    return s.history("KV", Key.of(1)).size();
  }

  /** Polls until {@code s} has at most {@code n} versions of key 1, up to 20 s. */
  private static void awaitVersions(CoStore s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (versions(s) > n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(n, versions(s), "versions of key 1");
  }

  @Test
  void retentionSet_compactsHistoryOlderThanIt_keepsTheCurrentValue() throws Exception {
    try (StoreImpl s = StoreImpl.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      for (long v = 1; v <= 5; v++) {
        update(s, "a" + v, v);
      }
      assertEquals(5, versions(s));
      Thread.sleep(1_100); // every commit is now older than a retention of 1 s
      s.putSetting(HistoryRetention.NAME, "1s");
      awaitVersions(s, 1);
      assertEquals(5L, s.scanLive("KV", KeyRange.ALL, null).get(0).values()[1]);
      assertTrue(s.automaticCompactions() >= 1);
    }
  }

  @Test
  void retentionOff_keepsEveryVersion() throws Exception {
    try (StoreImpl s = StoreImpl.open(StoreConfig.inMemory())) {
      s.createTable(KV);
      for (long v = 1; v <= 3; v++) {
        update(s, "a" + v, v);
      }
      s.putSetting(HistoryRetention.NAME, "1s");
      s.putSetting(HistoryRetention.NAME, "off");
      long before = s.automaticCompactions();
      Thread.sleep(1_500); // a 1 s retention would compact within its first interval
      assertEquals(3, versions(s));
      assertTrue(s.automaticCompactions() <= before + 1, "at most the pass already running");
    }
  }

  @Test
  void retentionInTheFile_compactsAtTheNextOpen() throws Exception {
    Path file = dir.resolve("retention.coagent");
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      s.createTable(KV);
      s.putSetting(HistoryRetention.NAME, "1h"); // nothing is an hour old yet
      for (long v = 1; v <= 4; v++) {
        update(s, "a" + v, v);
      }
      Thread.sleep(300);
      assertEquals(4, versions(s), "a retention of 1h keeps what is younger");
      s.putSetting(HistoryRetention.NAME, "2s");
    }
    Thread.sleep(2_100);
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      assertEquals("2s", r.setting(HistoryRetention.NAME).orElseThrow());
      awaitVersions(r, 1);
    }
  }

  @Test
  void badValue_isRefusedWithTheAcceptedForms() {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      for (String bad : List.of("", "forever", "10", "500ms", "-1d")) {
        CoAgentException e = assertThrows(CoAgentException.class,
            () -> s.putSetting(HistoryRetention.NAME, bad), bad);
        assertEquals(ErrorCode.INVALID_SETTING, e.code());
        assertTrue(e.getMessage().contains("history_retention='" + bad + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("'7d'"), e.getMessage());
      }
      assertTrue(s.setting(HistoryRetention.NAME).isEmpty(), "a refused value is not stored");
      s.putSetting(HistoryRetention.NAME, "OFF");
      s.putSetting(HistoryRetention.NAME, "P7D");
    }
  }

  @Test
  void interval_isATenthOfTheRetention_between1sAnd1h() {
    assertEquals(Duration.ofSeconds(1), HistoryRetention.interval(Duration.ofSeconds(2)));
    assertEquals(Duration.ofMinutes(6), HistoryRetention.interval(Duration.ofHours(1)));
    assertEquals(Duration.ofHours(1), HistoryRetention.interval(Duration.ofDays(7)));
  }
}
