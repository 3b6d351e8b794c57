package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** compactHistory changes no answer inside the retained window, before and after a reopen. */
class RetentionTest {
  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  @TempDir Path dir;

  private static void step(Random rnd, Trajectory t) {
    int a = rnd.nextInt(10);
    if (a < 6) {
      try (Operation op = t.begin(OpKind.UPSERT, "put")) {
        op.put("KV", new Object[] {rnd.nextInt(8), (long) rnd.nextInt(100)});
        op.complete();
      }
    } else if (a < 8) {
      try (Operation op = t.begin(OpKind.DELETE, "del")) {
        op.delete("KV", Key.of(rnd.nextInt(8)));
        op.complete();
      }
    } else if (a < 9) {
      try (Operation op = t.begin(OpKind.QUERY, "scan")) {
        op.scan("KV", KeyRange.ALL, v -> (Long) v[1] > 50);
        op.complete();
      }
    } else if (!t.operations().isEmpty()) {
      t.undo(t.operations().get(rnd.nextInt(t.operations().size())).id());
    }
  }

  /** Every answer the retained window promises, keyed by a description. */
  private static Map<String, Object> answers(CoStore s, List<Instant> window, List<Long> ranks) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("live", s.scanLive("KV", KeyRange.ALL, null));
    for (long r : ranks) {
      m.put("rank " + r, s.scanAtRank("KV", KeyRange.ALL, r));
    }
    for (int i = 0; i < window.size(); i++) {
      m.put("as of point " + i, s.scanAsOf("KV", KeyRange.ALL, window.get(i)));
    }
    // Reads of trajectories that ended before the cutoff leave the check; the window's stay.
    m.put("verify violations in window", s.verify().violations().stream()
        .filter(f -> f.agent().startsWith("b")).toList());
    return m;
  }

  @RepeatedTest(5)
  void compaction_keepsEveryAnswerInTheWindow_andFreesOldVersions() throws Exception {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    Path file = dir.resolve("r" + seed + ".mv.db");
    List<Instant> window = new ArrayList<>();
    // Ranks that can still read (11: active; 12 and up: future) or ended inside the window (10).
    // Views of ranks that ended before the cutoff are history outside the window.
    List<Long> ranks = List.of(10L, 11L, 12L, 1000L);
    Map<String, Object> before;
    CompactionReport report;
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      s.createTable(KV);
      List<Trajectory> old = List.of(s.begin("a1", 1), s.begin("a2", 2), s.begin("a3", 3));
      for (int i = 0; i < 60; i++) {
        step(rnd, old.get(rnd.nextInt(3)));
      }
      for (Trajectory t : old) {
        if (rnd.nextInt(4) == 0) {
          t.abort();
        } else {
          t.pendingNotifications().forEach(n -> t.acknowledge(n.id()));
          t.commit();
        }
      }
      Thread.sleep(3);
      Instant cutoff = Instant.now();
      Thread.sleep(3);
      window.add(cutoff);
      Trajectory b1 = s.begin("b1", 10);
      Trajectory b2 = s.begin("b2", 11);
      for (int i = 0; i < 30; i++) {
        step(rnd, rnd.nextBoolean() ? b1 : b2);
        Thread.sleep(2);
        window.add(Instant.now());
        Thread.sleep(2);
      }
      b1.pendingNotifications().forEach(n -> b1.acknowledge(n.id()));
      b1.commit();
      before = answers(s, window, ranks);
      report = s.compactHistory(cutoff);
      Map<String, Object> after = answers(s, window, ranks);
      for (String k : before.keySet()) {
        assertEquals(before.get(k), after.get(k), k + ", seed " + seed + " " + report);
      }
      assertTrue(report.versionsRemoved() > 0, "seed " + seed + " " + report);
      assertTrue(s.active("b2").isPresent());
    }
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      Map<String, Object> reopened = answers(s, window, ranks);
      before.remove("verify violations in window"); // recovered reads are not re-verified
      for (String k : before.keySet()) {
        assertEquals(before.get(k), reopened.get(k), k + " after reopen, seed " + seed);
      }
      Trajectory late = s.begin("late");
      assertTrue(late.rank() > 11, "ranks stay unique after removed trajectories");
    }
  }
}
