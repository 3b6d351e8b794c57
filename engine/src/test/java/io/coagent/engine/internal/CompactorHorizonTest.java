package io.coagent.engine.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.CompactionReport;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.engine.internal.storage.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compaction's order of durable writes: the rank horizon that allows a trajectory's removal is on
 * the backend before the removal, so a sync in the middle of the pass (another committer's, or
 * the last before a crash) never holds a removed trajectory without a horizon covering its rank.
 */
class CompactorHorizonTest {
  private static final TableDef KV = TableDef.of("KV",
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("VAL", ColumnType.BIGINT)),
      0);

  /** Every backend call, in order: method name and, for the horizon, its maxCommitted. */
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  private Backend recording(Backend inner) {
    return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
        new Class<?>[] {Backend.class}, (proxy, m, args) -> {
          if (m.getName().equals("putRankHorizon")) {
            calls.add("putRankHorizon " + args[1]);
          } else if (m.getName().equals("removeTrajectory")) {
            calls.add("removeTrajectory");
          }
          try {
            return m.invoke(inner, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static void put(Trajectory t, int id, long val) {
    try (Operation op = t.begin(OpKind.UPSERT, "UPSERT")) {
      op.put("KV", new Object[] {id, val});
      op.complete();
    }
  }

  @Test
  void rankHorizonCoveringARemovedTrajectory_reachesTheBackendBeforeTheRemoval() throws Exception {
    try (StoreImpl s = StoreImpl.open(StoreConfig.inMemory(), recording(Backend.none()))) {
      s.createTable(KV);
      Trajectory first = s.begin("first");
      put(first, 1, 1);
      first.commit();
      long rank = first.rank();
      Trajectory second = s.begin("second");
      put(second, 1, 2); // supersedes first's version: first keeps no write after compaction
      second.commit();
      Thread.sleep(5);
      calls.clear();
      CompactionReport r = s.compactHistory(Instant.now());
      assertTrue(r.trajectoriesRemoved() >= 1, "the scenario removes a trajectory: " + r);
      int removal = calls.indexOf("removeTrajectory");
      boolean covered = false;
      for (String c : calls.subList(0, Math.max(removal, 0))) {
        covered |= c.startsWith("putRankHorizon ")
            && Long.parseLong(c.substring("putRankHorizon ".length())) >= rank;
      }
      assertTrue(removal >= 0 && covered, "backend calls during compaction: " + calls);
    }
  }
}
