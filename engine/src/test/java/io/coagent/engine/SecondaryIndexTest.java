package io.coagent.engine;

import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LONG;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.assertFails;
import static io.coagent.engine.Fixtures.key;
import static io.coagent.engine.Fixtures.keys;
import static io.coagent.engine.Fixtures.notificationsOf;
import static io.coagent.engine.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secondary indexes: index scans, their footprints, UNIQUE in rank order, durability. */
class SecondaryIndexTest {
  static final String T = "PEOPLE";
  /** PEOPLE(ID INTEGER PRIMARY KEY, AGE INTEGER, EMAIL VARCHAR, PIC BINARY). */
  static final TableDef DEF = TableDef.of(T, List.of(ColumnDef.notNull("ID", ColumnType.INTEGER),
      ColumnDef.of("AGE", ColumnType.INTEGER), ColumnDef.of("EMAIL", ColumnType.VARCHAR),
      ColumnDef.of("PIC", ColumnType.BINARY)), 0);
  static final IndexDef BY_AGE = new IndexDef("BY_AGE", T, List.of(1), false);
  static final IndexDef BY_EMAIL = new IndexDef("BY_EMAIL", T, List.of(2), true);

  @TempDir Path dir;
  private CoStore store;

  @BeforeEach
  void open() {
    store = CoStore.open(StoreConfig.inMemory());
    store.createTable(DEF);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Object[] person(int id, Integer age, String email) {
    return new Object[] {id, age, email, null};
  }

  private static void insert(Trajectory t, Object[]... rows) {
    run(t, OpKind.INSERT, "INSERT INTO PEOPLE", op -> {
      for (Object[] r : rows) {
        op.insert(T, r);
      }
      return null;
    });
  }

  private static long update(Trajectory t, Object[] row) {
    return run(t, OpKind.UPDATE, "UPDATE PEOPLE", op -> op.update(T, key((Integer) row[0]), row))
        .op();
  }

  private static KeyRange ages(int low, int high) {
    return KeyRange.closed(Key.of(low), Key.of(high));
  }

  private static List<Row> byAge(Trajectory t, KeyRange range) {
    return run(t, OpKind.QUERY, "SELECT * FROM PEOPLE WHERE AGE BETWEEN ...",
        op -> op.scanIndex(T, "BY_AGE", range, RowPredicate.TRUE, null)).value();
  }

  private void seed(Object[]... rows) {
    Trajectory s = store.begin("seed", 1);
    insert(s, rows);
    s.commit(LONG);
  }

  @Test
  void indexScan_returnsTheRowsInRangeThatTheReaderSees_inKeyOrder() {
    store.createIndex(BY_AGE);
    seed(person(1, 30, "a"), person(2, 40, "b"), person(3, 35, "c"), person(4, null, "d"));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(high, person(2, 33, "b")); // speculative, higher: invisible to low
    insert(high, person(5, 31, "e"));
    assertEquals(keys(1, 3), keys(byAge(low, ages(30, 35))));
    assertEquals(keys(1, 2, 3, 5), keys(byAge(high, ages(30, 35))));
    assertEquals(keys(1, 2, 3, 5), keys(byAge(high, KeyRange.atLeast(Key.of(0)))));
    // an unbounded range is every row, NULLs included; the predicate filters as in scan
    assertEquals(keys(1, 2, 3, 4, 5), keys(run(high, OpKind.QUERY, "q",
        op -> op.scanIndex(T, "BY_AGE", KeyRange.ALL, RowPredicate.TRUE, null)).value()));
    assertEquals(keys(3), keys(run(high, OpKind.QUERY, "q", op -> op.scanIndex(T, "BY_AGE",
        ages(30, 35), v -> ((String) v[2]).equals("c"), null)).value()));
  }

  @Test
  void staleEntries_ofUndoneAndOverwrittenVersions_areFilteredAndPrunedByCompaction() {
    store.createIndex(BY_AGE);
    seed(person(1, 30, "a"));
    Trajectory t = store.begin("t", LOW);
    long moved = update(t, person(1, 50, "a"));
    assertEquals(keys(), keys(byAge(t, ages(30, 30))));
    assertEquals(keys(1), keys(byAge(t, ages(50, 50))));
    t.undo(moved);
    assertEquals(keys(1), keys(byAge(t, ages(30, 30))));
    assertEquals(keys(), keys(byAge(t, ages(50, 50))));
    t.commit(LONG);
    store.compactHistory(java.time.Instant.now().plusSeconds(60));
    Trajectory r = store.begin("r");
    assertEquals(keys(1), keys(byAge(r, ages(0, 100))));
    r.commit(LONG);
    assertTrue(store.verify().ok(), () -> store.verify().toString());
  }

  @Test
  void lowerRankMovingARowIntoOrOutOfTheRange_notifiesTheHigherIndexReader() {
    store.createIndex(BY_AGE);
    seed(person(1, 30, "a"), person(2, 60, "b"));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    assertEquals(keys(1), keys(byAge(high, ages(20, 40))));
    update(low, person(2, 61, "b")); // outside the range before and after: no one notified
    assertEquals(List.of(), notificationsOf(store, high));
    update(low, person(2, 25, "b")); // into the range
    assertEquals(1, notificationsOf(store, high).size());
    assertEquals(key(2), notificationsOf(store, high).get(0).key());
    update(low, person(1, 70, "a")); // out of the range
    assertEquals(2, notificationsOf(store, high).size());
    assertEquals(key(1), notificationsOf(store, high).get(1).key());
  }

  @Test
  void uniqueIndex_refusesAValueTheWriterSees_andIgnoresNulls() {
    store.createIndex(BY_EMAIL);
    seed(person(1, 30, "a@x"), person(2, 30, null));
    Trajectory t = store.begin("t", LOW);
    CoAgentException e = assertFails(ErrorCode.DUPLICATE_KEY,
        () -> insert(t, person(3, 1, "a@x")));
    assertTrue(e.getMessage().contains("BY_EMAIL") && e.getMessage().contains("a@x"),
        e.getMessage());
    assertFails(ErrorCode.DUPLICATE_KEY,
        () -> insert(t, person(4, 1, "n@x"), person(5, 1, "n@x"))); // within one statement
    insert(t, person(6, 1, null), person(7, 1, null));
    update(t, person(1, 31, "a@x")); // the row keeps its own value
    update(t, person(1, 31, "b@x"));
    insert(t, person(8, 1, "a@x")); // freed by the update
    t.commit(LONG);
  }

  @Test
  void uniqueIndex_lowerRankWins_higherIsNotified_andUndoOfTheLowerWriteReNotifies() {
    store.createIndex(BY_EMAIL);
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(high, person(2, 1, "same@x"));
    insert(low, person(1, 1, "same@x")); // low does not see high's row: it wins
    List<Notification> ns = notificationsOf(store, high);
    assertEquals(1, ns.size(), ns::toString);
    assertEquals(key(1), ns.get(0).key());
    assertFails(ErrorCode.NOTIFICATIONS_PENDING, () -> high.commit(java.time.Duration.ZERO));
    // a third statement of high now fails against low's row; its read stays registered
    assertFails(ErrorCode.DUPLICATE_KEY, () -> insert(high, person(3, 1, "same@x")));
    long lowInsert = low.operations().get(low.operations().size() - 1).id();
    low.undo(lowInsert);
    List<Notification> after = notificationsOf(store, high);
    assertEquals(2, after.size(), after::toString);
    assertEquals(Notification.Cause.UNDO, after.get(1).cause());
    // it names both the first insert and the failed third statement
    assertEquals(2, after.get(1).readOperations().size(), after::toString);
  }

  @Test
  void uniqueIndex_rollbackOfTheLowerWrite_notifiesTheHigherRank() {
    store.createIndex(BY_EMAIL);
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(low, person(1, 1, "v@x"));
    assertFails(ErrorCode.DUPLICATE_KEY, () -> insert(high, person(2, 1, "v@x")));
    assertEquals(List.of(), notificationsOf(store, high));
    low.abort();
    List<Notification> ns = notificationsOf(store, high);
    assertEquals(1, ns.size(), ns::toString);
    assertEquals(Notification.Cause.ABORT, ns.get(0).cause());
  }

  @Test
  void createIndex_refusesBadDefinitions_withTheirCodes() {
    store.createIndex(BY_AGE);
    assertFails(ErrorCode.INDEX_EXISTS,
        () -> store.createIndex(new IndexDef("by_age", T, List.of(2), false)));
    assertFails(ErrorCode.UNKNOWN_TABLE,
        () -> store.createIndex(new IndexDef("X", "NOPE", List.of(0), false)));
    assertFails(ErrorCode.UNKNOWN_COLUMN,
        () -> store.createIndex(new IndexDef("X", T, List.of(9), false)));
    CoAgentException e = assertFails(ErrorCode.INVALID_DEFINITION,
        () -> store.createIndex(new IndexDef("X", T, List.of(3), false)));
    assertTrue(e.getMessage().contains("BINARY"), e.getMessage());
    seed(person(1, 5, "d@x"), person(2, 6, "d@x"));
    assertFails(ErrorCode.DUPLICATE_KEY, () -> store.createIndex(BY_EMAIL));
    assertEquals(List.of(BY_AGE), store.indexes());
    store.dropIndex("by_age");
    assertEquals(List.of(), store.indexes());
    assertFails(ErrorCode.UNKNOWN_INDEX, () -> store.dropIndex("BY_AGE"));
    Trajectory t = store.begin("t");
    assertFails(ErrorCode.UNKNOWN_INDEX, () -> byAge(t, ages(1, 2)));
  }

  @Test
  void reopenedFileStore_keepsTheIndex_andAnActiveReadersIndexFootprint() {
    Path file = dir.resolve("ix.mv.db");
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      s.createTable(DEF);
      s.createIndex(BY_AGE);
      Trajectory seed = s.begin("seed", 1);
      insert(seed, person(1, 30, "a"), person(2, 60, "b"));
      seed.commit(LONG);
      Trajectory high = s.begin("high", HIGH);
      assertEquals(keys(1), keys(byAge(high, ages(20, 40))));
    }
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      assertEquals(List.of(BY_AGE), s.indexes());
      Trajectory high = s.active("high").orElseThrow();
      Trajectory low = s.begin("low", LOW);
      update(low, person(2, 61, "b")); // outside the persisted index range: no one notified
      assertEquals(List.of(), notificationsOf(s, high));
      update(low, person(2, 35, "b"));
      assertEquals(1, notificationsOf(s, high).size());
      assertEquals(keys(1, 2), keys(byAge(low, ages(20, 40))));
      low.commit(LONG);
      high.acknowledge(notificationsOf(s, high).get(0).id());
      high.commit(LONG);
    }
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      VerifyReport v = s.verify();
      assertTrue(v.ok(), v::toString);
    }
  }

  /** Random rows, writes at several ranks and ranges: index scans equal filtered table scans. */
  @Test
  void randomized_indexScansEqualTableScansWithTheSameCondition() {
    long seed = System.nanoTime();
    System.out.println("SecondaryIndexTest seed " + seed);
    Random rnd = new Random(seed);
    store.createIndex(new IndexDef("BY_AGE_EMAIL", T, List.of(1, 2), false));
    store.createIndex(BY_AGE);
    List<Trajectory> ts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ts.add(store.begin("a" + i, 10 + i));
    }
    for (int step = 0; step < 400; step++) {
      Trajectory t = ts.get(rnd.nextInt(ts.size()));
      int id = rnd.nextInt(40);
      Integer age = rnd.nextInt(8) == 0 ? null : rnd.nextInt(20);
      String email = rnd.nextInt(6) == 0 ? null : "e" + rnd.nextInt(5);
      switch (rnd.nextInt(4)) {
        case 0 -> run(t, OpKind.UPSERT, "put", op -> {
          op.put(T, person(id, age, email));
          return null;
        });
        case 1 -> run(t, OpKind.DELETE, "del", op -> op.delete(T, key(id)));
        case 2 -> {
          long op = run(t, OpKind.UPSERT, "put", o -> {
            o.put(T, person(id, age, email));
            return null;
          }).op();
          if (rnd.nextBoolean()) {
            t.undo(op);
          }
        }
        default -> {
          int a = rnd.nextInt(22) - 1;
          int b = a + rnd.nextInt(6);
          KeyRange r = new KeyRange(rnd.nextInt(5) == 0 ? null : Key.of(a), rnd.nextBoolean(),
              rnd.nextInt(5) == 0 ? null : Key.of(b), rnd.nextBoolean());
          // nulls sort first: a range unbounded below holds the rows whose AGE is NULL
          RowPredicate inRange = v -> r.containsValues(new Object[] {v[1]});
          List<Row> viaIndex = run(t, OpKind.QUERY, "ix",
              op -> op.scanIndex(T, "BY_AGE", r, RowPredicate.TRUE, null)).value();
          List<Row> viaScan = run(t, OpKind.QUERY, "scan",
              op -> op.scan(T, KeyRange.ALL, inRange)).value();
          assertEquals(keys(viaScan), keys(viaIndex), "seed " + seed + " range " + r);
          String e = "e" + rnd.nextInt(5);
          KeyRange pre = KeyRange.prefix(Key.of(a));
          KeyRange two = KeyRange.point(Key.of(a, e));
          assertEquals(keys(run(t, OpKind.QUERY, "scan", op -> op.scan(T, KeyRange.ALL,
              v -> v[1] != null && (Integer) v[1] == a)).value()),
              keys(run(t, OpKind.QUERY, "ix", op -> op.scanIndex(T, "BY_AGE_EMAIL", pre,
                  RowPredicate.TRUE, null)).value()), "seed " + seed + " prefix " + a);
          assertEquals(keys(run(t, OpKind.QUERY, "scan", op -> op.scan(T, KeyRange.ALL,
              v -> v[1] != null && (Integer) v[1] == a && e.equals(v[2]))).value()),
              keys(run(t, OpKind.QUERY, "ix", op -> op.scanIndex(T, "BY_AGE_EMAIL", two,
                  RowPredicate.TRUE, null)).value()), "seed " + seed + " point " + a + e);
        }
      }
    }
  }
}
