package io.coagent.samples.bench;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.CoStore;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Open time and heap against history (issue #9, section 3): a file store whose live data is
 * {@code keys} rows but which holds {@code versions} row versions of history, reopened and
 * measured, then compacted ({@code compactHistory(now)}) and measured again. The figures say how
 * far the store is from "open time does not grow with history": today the whole file is loaded
 * at open (docs/design/engine.md), so both grow with it.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl samples exec:java
 * -Dexec.mainClass=io.coagent.samples.bench.HistoryScaleBenchmark -Dexec.args="1000000 1000"}
 * (versions, live keys). The history is written in trajectories of 100 upserts each in FLUSH mode
 * (durability does not change what is read at open).
 */
public final class HistoryScaleBenchmark {
  private HistoryScaleBenchmark() {}

  private static final TableDef KV = TableDef.of("KV", List.of(
      ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT),
      ColumnDef.of("NOTE", ColumnType.VARCHAR)), 0);

  public static void main(String[] args) throws Exception {
    int versions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int perTrajectory = 100;
    Path dir = Files.createTempDirectory("coagent-history");
    Path file = dir.resolve("history.coagent");
    StoreConfig config = StoreConfig.file(file).withDurability(StoreConfig.Durability.FLUSH);
    long t0 = System.nanoTime();
    try (CoStore s = CoStore.open(config)) {
      s.createTable(KV);
      long written = 0;
      for (int t = 0; written < versions; t++) {
        Trajectory tr = s.begin("loader");
        try (Operation op = tr.begin(OpKind.UPSERT, "UPSERT INTO kv VALUES (?, ?, ?)")) {
          for (int i = 0; i < perTrajectory && written < versions; i++, written++) {
            op.put("KV", new Object[] {(int) (written % keys), written, "note-" + (written % 13)});
          }
          op.complete();
        }
        tr.commit();
      }
    }
    double writeSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "wrote %,d versions of %,d keys in %.1f s; file %.1f MB%n",
        versions, keys, writeSeconds, Files.size(file) / 1e6);
    measure("with history", config, file, true);
    measure("after compaction", config, file, false);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Reopens, prints open time and heap held; with {@code compactAfter}, compacts everything. */
  private static void measure(String label, StoreConfig config, Path file, boolean compactAfter)
      throws InterruptedException {
    long base = heapAfterGc();
    long t0 = System.nanoTime();
    CoStore s = CoStore.open(config);
    double openSeconds = (System.nanoTime() - t0) / 1e9;
    long heap = heapAfterGc() - base;
    int history = s.history("KV").size();
    System.out.printf(Locale.ROOT, "%-17s open %.2f s, heap held by the open store %.0f MB, "
        + "%,d versions in history, file %.1f MB%n", label, openSeconds, heap / 1e6, history,
        sizeOf(file) / 1e6);
    if (compactAfter) {
      Thread.sleep(5); // every trajectory ended before the cutoff
      var report = s.compactHistory(Instant.now());
      System.out.println("compacted: " + report);
    }
    s.close();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
