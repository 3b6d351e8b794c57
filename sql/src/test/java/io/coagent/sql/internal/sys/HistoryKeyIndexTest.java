package io.coagent.sql.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.CoStore;
import io.coagent.engine.Key;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlResult;
import io.coagent.sql.SqlSession;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SYS.<T>_HISTORY} filtered on the whole primary key takes the engine's per-key path,
 * {@code CoStore.history(table, key)} (the key index), and never the whole-table history. The
 * store is wrapped in a proxy that counts each path; the figure for 100,000 versions is printed.
 */
class HistoryKeyIndexTest {
  private static final int KEYS = 25_000;
  private static final int ROUNDS = 4;

  private final AtomicLong perKey = new AtomicLong();
  private final AtomicLong wholeTable = new AtomicLong();
  private final CoStore real = CoStore.open(StoreConfig.inMemory());
  private final CoStore store = counting(real);
  private final SqlSession session = SqlEngine.of(store).openSession();

  @AfterEach
  void close() throws Exception {
    session.close();
    real.close();
  }

  @Test
  void aFilterOnTheKeyReadsOneChainThroughTheKeyIndex() throws Exception {
    load();
    List<Object[]> rows = query("SELECT VAL, OP_ID FROM SYS.KV_HISTORY WHERE ID = 777");
    assertEquals(ROUNDS, rows.size());
    assertEquals(List.of(1L, 0L), List.of(perKey.get(), wholeTable.get()), "[per key, table]");
    assertEquals(3L, rows.get(ROUNDS - 1)[0], "versions come in serial order");

    query("SELECT count(*) FROM SYS.KV_HISTORY WHERE ID = 5 AND AGENT = 'w'");
    assertEquals(List.of(2L, 0L), List.of(perKey.get(), wholeTable.get()),
        "a conjunct on metadata keeps the key path");

    io.coagent.sql.PreparedSql byParam = session.prepare(
        "SELECT VAL FROM SYS.KV_HISTORY WHERE ID = ?");
    assertEquals(ROUNDS, byParam.execute(null, List.of(42)).rows().size());
    assertEquals(ROUNDS, byParam.execute(null, List.of(43)).rows().size());
    assertEquals(List.of(4L, 0L), List.of(perKey.get(), wholeTable.get()),
        "a ? parameter on the key keeps the key path");

    List<Object[]> all = query("SELECT count(*) FROM SYS.KV_HISTORY WHERE VAL = 3");
    assertEquals((long) KEYS, all.get(0)[0]);
    assertEquals(List.of(4L, 1L), List.of(perKey.get(), wholeTable.get()),
        "a filter on a non-key column reads the table's history");
  }

  @Test
  void oneKeyAmongAHundredThousandVersionsIsFastWhateverTheTableSize() throws Exception {
    load();
    String one = "SELECT VAL FROM SYS.KV_HISTORY WHERE ID = 12345";
    String table = "SELECT count(*) FROM SYS.KV_HISTORY";
    for (int i = 0; i < 50; i++) {
      query(one);
    }
    query(table);
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      query(one);
    }
    long perKeyMicros = (System.nanoTime() - t0) / 100 / 1000;
    long t2 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      real.history("KV", Key.of(12345));
    }
    long engineMicros = (System.nanoTime() - t2) / 100 / 1000;
    long t1 = System.nanoTime();
    query(table);
    long tableMicros = (System.nanoTime() - t1) / 1000;
    System.out.printf("history of one key among %d versions: %d us per query (SQL, planned once);"
        + " whole table: %d us; the engine call alone: %d us%n", KEYS * ROUNDS, perKeyMicros,
        tableMicros, engineMicros);
    assertEquals(150L, perKey.get());
    assertTrue(perKeyMicros < tableMicros, perKeyMicros + " us vs " + tableMicros + " us");
  }

  private void load() {
    real.createTable(TableDef.of("KV", List.of(ColumnDef.notNull("ID", ColumnType.INTEGER),
        ColumnDef.of("VAL", ColumnType.BIGINT)), 0));
    Trajectory t = real.begin("w");
    for (int round = 0; round < ROUNDS; round++) {
      try (Operation op = t.begin(OpKind.UPSERT, "bulk " + round)) {
        for (int i = 0; i < KEYS; i++) {
          op.put("KV", new Object[] {i, (long) round});
        }
      }
    }
    t.commit();
  }

  private List<Object[]> query(String sql) throws Exception {
    SqlResult r = session.prepare(sql).execute(null, List.of());
    return r.rows();
  }

  private CoStore counting(CoStore target) {
    return (CoStore) Proxy.newProxyInstance(CoStore.class.getClassLoader(),
        new Class<?>[] {CoStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("history")) {
            (args.length == 2 && args[1] instanceof Key ? perKey : wholeTable).incrementAndGet();
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
