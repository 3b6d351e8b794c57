package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;

/** Shared tables, ranks and one-statement helpers for the MTPO rule tests. */
final class Fixtures {
  private Fixtures() {}

  static final String ACCOUNTS = "ACCOUNTS";

  /** ACCOUNTS(ID INTEGER NOT NULL PRIMARY KEY, BALANCE BIGINT). */
  static final TableDef ACCOUNTS_DEF =
      TableDef.of(
          ACCOUNTS,
          List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("BALANCE", ColumnType.BIGINT)),
          0);

  static final String PROFILES = "PROFILES";

  /** PROFILES(ID INTEGER PRIMARY KEY, NAME VARCHAR, SCORE BIGINT): for column-subset reads. */
  static final TableDef PROFILES_DEF =
      TableDef.of(
          PROFILES,
          List.of(
              ColumnDef.notNull("ID", ColumnType.INTEGER),
              ColumnDef.of("NAME", ColumnType.VARCHAR),
              ColumnDef.of("SCORE", ColumnType.BIGINT)),
          0);

  /** Rank of the committed trajectory that loads the initial rows. */
  static final long SEED = 1;
  // Distinctive numbers so that an error message naming a rank can be recognised.
  static final long LOW = 101;
  static final long MID = 202;
  static final long HIGH = 303;
  static final long TOP = 404;

  /** Generous bound for anything that should happen promptly; never a performance assertion. */
  static final Duration LONG = Duration.ofSeconds(30);

  /** What a one-statement helper returns: the operation id and the statement's result. */
  record Done<T>(long op, T value) {}

  static CoStore openStore() {
    CoStore store = CoStore.open(StoreConfig.inMemory());
    store.createTable(ACCOUNTS_DEF);
    store.createTable(PROFILES_DEF);
    return store;
  }

  static CoStore openStore(StoreConfig config) {
    CoStore store = CoStore.open(config);
    store.createTable(ACCOUNTS_DEF);
    store.createTable(PROFILES_DEF);
    return store;
  }

  static Object[] acct(int id, long balance) {
    return new Object[] {id, balance};
  }

  static Object[] profile(int id, String name, long score) {
    return new Object[] {id, name, score};
  }

  static Key key(int id) {
    return Key.of(id);
  }

  /** Loads ACCOUNTS rows in one committed trajectory at rank {@link #SEED}. */
  static void seed(CoStore store, Object[]... rows) {
    seedTable(store, SEED, ACCOUNTS, rows);
  }

  /** Loads PROFILES rows in one committed trajectory at rank {@code SEED + 1}. */
  static void seedProfiles(CoStore store, Object[]... rows) {
    seedTable(store, SEED + 1, PROFILES, rows);
  }

  static void seedTable(CoStore store, long rank, String table, Object[]... rows) {
    Trajectory t = store.begin("seed-" + table.toLowerCase(java.util.Locale.ROOT), rank);
    run(t, OpKind.INSERT, "INSERT INTO " + table, op -> {
      for (Object[] row : rows) {
        op.insert(table, row);
      }
      return rows.length;
    });
    t.commit(LONG);
    assertEquals(TrajectoryState.COMMITTED, t.state());
  }

  /** Runs one statement, completes and closes it. */
  static <T> Done<T> run(Trajectory t, OpKind kind, String text, Function<Operation, T> body) {
    try (Operation op = t.begin(kind, text)) {
      T value = body.apply(op);
      op.complete();
      return new Done<>(op.id(), value);
    }
  }

  static long insert(Trajectory t, Object[] row) {
    return insert(t, ACCOUNTS, row);
  }

  static long insert(Trajectory t, String table, Object[] row) {
    return run(t, OpKind.INSERT, "INSERT INTO " + table, op -> op.insert(table, row)).op();
  }

  /** Updates ACCOUNTS row {@code id} to {@code balance}; the row must exist at t's position. */
  static long update(Trajectory t, int id, long balance) {
    Done<Boolean> d =
        run(t, OpKind.UPDATE, "UPDATE ACCOUNTS SET BALANCE = " + balance + " WHERE ID = " + id,
            op -> op.update(ACCOUNTS, key(id), acct(id, balance)));
    assertTrue(d.value(), "row " + id + " should exist for " + t.agent());
    return d.op();
  }

  static long update(Trajectory t, String table, Object[] row) {
    Key k = Key.of(row[0]);
    Done<Boolean> d =
        run(t, OpKind.UPDATE, "UPDATE " + table + " WHERE ID = " + k, op -> op.update(table, k, row));
    assertTrue(d.value(), "row " + k + " should exist for " + t.agent());
    return d.op();
  }

  static long delete(Trajectory t, int id) {
    Done<Boolean> d =
        run(t, OpKind.DELETE, "DELETE FROM ACCOUNTS WHERE ID = " + id,
            op -> op.delete(ACCOUNTS, key(id)));
    assertTrue(d.value(), "row " + id + " should exist for " + t.agent());
    return d.op();
  }

  static long put(Trajectory t, Object[] row) {
    return run(t, OpKind.UPSERT, "MERGE INTO ACCOUNTS", op -> {
      op.put(ACCOUNTS, row);
      return null;
    }).op();
  }

  static Done<Row> get(Trajectory t, int id) {
    return run(t, OpKind.QUERY, "SELECT * FROM ACCOUNTS WHERE ID = " + id,
        op -> op.get(ACCOUNTS, key(id)));
  }

  static Done<Row> get(Trajectory t, String table, Key k, int[] columns) {
    return run(t, OpKind.QUERY, "SELECT FROM " + table + " WHERE ID = " + k,
        op -> op.get(table, k, columns));
  }

  static Done<List<Row>> scan(Trajectory t, KeyRange range, RowPredicate predicate) {
    return run(t, OpKind.QUERY, "SELECT * FROM ACCOUNTS WHERE ...",
        op -> op.scan(ACCOUNTS, range, predicate));
  }

  /** Value of ACCOUNTS row {@code id} seen by a fresh read of {@code t}; null if absent. */
  static Object[] valuesSeenBy(Trajectory t, int id) {
    Row r = get(t, id).value();
    return r == null ? null : r.values();
  }

  static Object[] liveValues(CoStore store, int id) {
    Row r = store.readLive(ACCOUNTS, key(id));
    return r == null ? null : r.values();
  }

  static List<Key> keys(List<Row> rows) {
    return rows.stream().map(Row::key).toList();
  }

  static List<Key> keys(int... ids) {
    return java.util.Arrays.stream(ids).mapToObj(Fixtures::key).toList();
  }

  /** BALANCE > min (ACCOUNTS). */
  static RowPredicate balanceAbove(long min) {
    return v -> v[1] != null && (Long) v[1] > min;
  }

  static CoAgentException assertFails(ErrorCode code, Executable call) {
    CoAgentException e = assertThrows(CoAgentException.class, call);
    assertEquals(code, e.code(), () -> "unexpected code; message: " + e.getMessage());
    assertNotNull(e.getMessage());
    return e;
  }

  static OperationInfo opInfo(Trajectory t, long opId) {
    return t.operations().stream()
        .filter(o -> o.id() == opId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("operation " + opId + " not in log of " + t.agent()));
  }

  /** Notifications recorded store-wide for the trajectory {@code t}. */
  static List<Notification> notificationsOf(CoStore store, Trajectory t) {
    return store.notifications().stream()
        .map(NotificationInfo::notification)
        .filter(n -> n.readerTrajectory() == t.id())
        .toList();
  }

  /** Runs {@code t.commit(timeout)} on its own thread. */
  static CompletableFuture<Void> commitAsync(Trajectory t, Duration timeout) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread th = new Thread(() -> {
      try {
        t.commit(timeout);
        f.complete(null);
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "commit-" + t.agent());
    th.setDaemon(true);
    th.start();
    return f;
  }
}
