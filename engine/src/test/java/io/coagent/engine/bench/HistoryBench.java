package io.coagent.engine.bench;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.Key;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import java.util.List;
/**
 * Harness: history of one key vs the whole table among 100,000 versions (25,000 keys x 4), both
 * measured in the same run. Run: {@code mvn -q -pl engine test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.coagent.engine.bench.HistoryBench}
 */
public final class HistoryBench {
  private HistoryBench() {}

  public static void main(String[] args) {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      s.createTable(TableDef.of("KV", List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)), 0));
      Trajectory t = s.begin("w");
      for (int round = 0; round < 4; round++) {
        try (Operation op = t.begin(OpKind.UPSERT, "bulk")) {
          for (int i = 0; i < 25_000; i++) op.put("KV", new Object[] {i, (long) round});
          op.complete();
        }
      }
      t.commit();
      long n = s.history("KV").size();
      int iters = 20_000; long sink = 0;
      for (int w = 0; w < 3; w++) for (int i = 0; i < iters; i++) sink += s.history("KV", Key.of(i % 25_000)).size();
      long t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) sink += s.history("KV", Key.of((i * 7919) % 25_000)).size();
      double oneKeyUs = (System.nanoTime() - t0) / 1e3 / iters;
      for (int w = 0; w < 3; w++) sink += s.history("KV").size();
      long t1 = System.nanoTime();
      int full = 10;
      for (int i = 0; i < full; i++) sink += s.history("KV").size();
      double fullUs = (System.nanoTime() - t1) / 1e3 / full;
      System.out.printf("versions=%d one-key history: %.2f us/call; whole-table history: %.0f us/call; ratio %.0fx (sink %d)%n", n, oneKeyUs, fullUs, fullUs / oneKeyUs, sink);
    }
  }
}
