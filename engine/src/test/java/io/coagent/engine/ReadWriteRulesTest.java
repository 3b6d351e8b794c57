package io.coagent.engine;

import static io.coagent.engine.Fixtures.ACCOUNTS;
import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.MID;
import static io.coagent.engine.Fixtures.TOP;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.balanceAbove;
import static io.coagent.engine.Fixtures.delete;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.insert;
import static io.coagent.engine.Fixtures.key;
import static io.coagent.engine.Fixtures.keys;
import static io.coagent.engine.Fixtures.liveValues;
import static io.coagent.engine.Fixtures.run;
import static io.coagent.engine.Fixtures.scan;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static io.coagent.engine.Fixtures.valuesSeenBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec rules 1 (order-filtered read), 2 (speculative write) and 3 (misplaced writes). */
class ReadWriteRulesTest {
  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- Rule 1: order-filtered read ----

  @Test
  void higherRank_seesLowerRanksUncommittedWrite_onPointGet() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(low, acct(1, 100));

    Row row = get(high, 1).value();
    assertNotNull(row, "rank " + HIGH + " must see the uncommitted insert of rank " + LOW);
    assertEquals(key(1), row.key());
    assertArrayEquals(acct(1, 100), row.values());
    assertEquals(TrajectoryState.ACTIVE, low.state());
  }

  @Test
  void lowerRank_doesNotSeeHigherRanksInsert_onPointGet() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(high, acct(1, 200));

    assertNull(get(low, 1).value());
  }

  @Test
  void lowerRank_keepsSeeingOlderValue_afterHigherRanksUpdate() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(high, 1, 200);

    assertArrayEquals(acct(1, 0), valuesSeenBy(low, 1));
    assertArrayEquals(acct(1, 200), valuesSeenBy(high, 1));
  }

  @Test
  void lowerRank_stillSeesRow_deletedByHigherRank() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    delete(high, 1);

    assertArrayEquals(acct(1, 0), valuesSeenBy(low, 1));
    assertNull(valuesSeenBy(high, 1));
  }

  @Test
  void read_returnsNewestVersionAtOrBelowOwnRank() {
    seed(store, acct(1, 0));
    Trajectory r1 = store.begin("r1", LOW);
    Trajectory r2 = store.begin("r2", MID);
    Trajectory r3 = store.begin("r3", HIGH);
    Trajectory r4 = store.begin("r4", TOP);
    update(r1, 1, 10);
    update(r3, 1, 30);

    assertArrayEquals(acct(1, 10), valuesSeenBy(r1, 1));
    assertArrayEquals(acct(1, 10), valuesSeenBy(r2, 1));
    assertArrayEquals(acct(1, 30), valuesSeenBy(r3, 1));
    assertArrayEquals(acct(1, 30), valuesSeenBy(r4, 1));
  }

  @Test
  void higherRank_seesLowerRanksRows_inRangeScan() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    run(low, OpKind.INSERT, "INSERT 1..5", op -> {
      for (int i = 1; i <= 5; i++) {
        op.insert(ACCOUNTS, acct(i, i * 10L));
      }
      return null;
    });

    List<Row> closed = scan(high, KeyRange.closed(key(2), key(4)), RowPredicate.TRUE).value();
    assertEquals(keys(2, 3, 4), Fixtures.keys(closed));
    assertArrayEquals(acct(3, 30), closed.get(1).values());

    List<Row> open =
        scan(high, new KeyRange(key(2), false, key(4), false), RowPredicate.TRUE).value();
    assertEquals(keys(3), Fixtures.keys(open));

    // an inverted range (SQL "BETWEEN 4 AND 2" with parameters) is empty, not an error
    assertEquals(List.of(), scan(high, KeyRange.closed(key(4), key(2)), RowPredicate.TRUE).value());
    assertEquals(List.of(),
        scan(high, new KeyRange(key(3), false, key(3), true), RowPredicate.TRUE).value());
  }

  @Test
  void lowerRank_rangeScan_excludesHigherRanksRows() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(low, acct(1, 10));
    insert(low, acct(3, 30));
    insert(high, acct(2, 20));
    insert(high, acct(4, 40));

    assertEquals(keys(1, 3), Fixtures.keys(scan(low, KeyRange.ALL, RowPredicate.TRUE).value()));
    assertEquals(keys(1, 2, 3, 4),
        Fixtures.keys(scan(high, KeyRange.ALL, RowPredicate.TRUE).value()));
  }

  @Test
  void predicateScan_evaluatesPredicateOnOrderVisibleValues() {
    seed(store, acct(1, 50), acct(2, 150), acct(3, 500));
    Trajectory lowest = store.begin("lowest", LOW);
    Trajectory writer = store.begin("writer", MID);
    Trajectory high = store.begin("high", HIGH);
    update(writer, 1, 120);
    update(writer, 3, 10);

    List<Row> highRows = scan(high, KeyRange.ALL, balanceAbove(100)).value();
    assertEquals(keys(1, 2), Fixtures.keys(highRows));
    assertArrayEquals(acct(1, 120), highRows.get(0).values());

    assertEquals(keys(1, 2), Fixtures.keys(scan(writer, KeyRange.ALL, balanceAbove(100)).value()));
    assertEquals(keys(2, 3), Fixtures.keys(scan(lowest, KeyRange.ALL, balanceAbove(100)).value()));
  }

  @Test
  void undoneOperation_isIgnoredByHigherRanksAndLiveView() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(low, acct(1, 100));
    long w = update(low, 1, 200);
    low.undo(w);

    assertArrayEquals(acct(1, 100), valuesSeenBy(high, 1));
    assertArrayEquals(acct(1, 100), liveValues(store, 1));
    List<Row> rows = scan(high, KeyRange.ALL, balanceAbove(150)).value();
    assertTrue(rows.isEmpty(), "undone BALANCE=200 must not match BALANCE>150: " + rows);
  }

  @Test
  void undoneOperation_isIgnoredByOwnLaterOperations() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long w = update(t, 1, 50);
    t.undo(w);

    assertArrayEquals(acct(1, 0), valuesSeenBy(t, 1));
  }

  @Test
  void ownWrites_areVisibleToOwnLaterOperations() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(low, 1, 100);
    update(high, 1, 200);
    insert(high, acct(2, 5));

    assertArrayEquals(acct(1, 200), valuesSeenBy(high, 1));
    assertArrayEquals(acct(1, 100), valuesSeenBy(low, 1));
    List<Row> rows = scan(high, KeyRange.ALL, RowPredicate.TRUE).value();
    assertEquals(keys(1, 2), Fixtures.keys(rows));
    assertArrayEquals(acct(1, 200), rows.get(0).values());
    assertArrayEquals(acct(2, 5), rows.get(1).values());
  }

  @Test
  void update_ofRowOnlyAHigherRankInserted_findsNoRow() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(high, acct(1, 200));

    boolean updated = run(low, OpKind.UPDATE, "UPDATE ACCOUNTS SET BALANCE = 1 WHERE ID = 1",
        op -> op.update(ACCOUNTS, key(1), acct(1, 1))).value();
    boolean deleted = run(low, OpKind.DELETE, "DELETE FROM ACCOUNTS WHERE ID = 1",
        op -> op.delete(ACCOUNTS, key(1))).value();
    assertFalse(updated);
    assertFalse(deleted);
    assertArrayEquals(acct(1, 200), liveValues(store, 1));
  }

  @Test
  void insert_ofKeyDeletedAtReadersPosition_isNotADuplicate() {
    seed(store, acct(1, 0), acct(2, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    delete(low, 1);
    insert(high, acct(1, 11)); // deleted by a lower rank
    delete(high, 2);
    insert(high, acct(2, 22)); // deleted by its own earlier operation

    assertArrayEquals(acct(1, 11), liveValues(store, 1));
    assertArrayEquals(acct(2, 22), liveValues(store, 2));
    assertNull(valuesSeenBy(low, 1));
    assertArrayEquals(acct(2, 0), valuesSeenBy(low, 2));
  }

  // ---- Rule 2: speculative in-place write ----

  @Test
  void uncommittedWrite_isVisibleAtOnceToHigherRanksAndLiveView() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(low, acct(1, 100));

    assertArrayEquals(acct(1, 100), liveValues(store, 1));
    assertEquals(keys(1), Fixtures.keys(store.scanLive(ACCOUNTS, KeyRange.ALL, RowPredicate.TRUE)));
    assertArrayEquals(acct(1, 100), valuesSeenBy(high, 1));

    update(low, 1, 150);
    assertArrayEquals(acct(1, 150), liveValues(store, 1));
    assertArrayEquals(acct(1, 150), valuesSeenBy(high, 1));
    assertEquals(TrajectoryState.ACTIVE, low.state());
  }

  @Test
  void uncommittedDelete_isVisibleAtOnceAsAbsence() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    delete(low, 1);

    assertNull(liveValues(store, 1));
    assertTrue(store.scanLive(ACCOUNTS, KeyRange.ALL, RowPredicate.TRUE).isEmpty());
    assertNull(valuesSeenBy(high, 1));
    assertTrue(scan(high, KeyRange.ALL, RowPredicate.TRUE).value().isEmpty());
  }

  // ---- Rule 3: misplaced writes reorder themselves ----

  @Test
  void misplacedWrite_staysBelowHigherRanksVersion() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(high, 1, 200);
    update(low, 1, 100);

    assertArrayEquals(acct(1, 200), liveValues(store, 1), "live value stays the higher rank's");
    assertArrayEquals(acct(1, 200), valuesSeenBy(high, 1));
    assertArrayEquals(acct(1, 100), valuesSeenBy(low, 1), "the lower rank reads its own write");
    Trajectory between = store.begin("between", MID);
    assertArrayEquals(acct(1, 100), valuesSeenBy(between, 1));
  }

  @Test
  void misplacedInsert_ofKeyInsertedByHigherRank_isNotADuplicate() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    insert(high, acct(7, 200));
    insert(low, acct(7, 100));

    assertArrayEquals(acct(7, 200), liveValues(store, 7));
    assertArrayEquals(acct(7, 100), valuesSeenBy(low, 7));
    assertArrayEquals(acct(7, 200), valuesSeenBy(high, 7));
  }

  @Test
  void misplacedWrite_becomesLive_whenHigherVersionIsUndone() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long hw = update(high, 1, 200);
    update(low, 1, 100);
    high.undo(hw);

    assertArrayEquals(acct(1, 100), liveValues(store, 1));
    assertArrayEquals(acct(1, 100), valuesSeenBy(high, 1));
  }

  @Test
  void misplacedWrite_abortedLowerRank_leavesHigherVersionLive() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(high, 1, 200);
    update(low, 1, 100);
    low.abort();

    assertArrayEquals(acct(1, 200), liveValues(store, 1));
    assertArrayEquals(acct(1, 200), valuesSeenBy(high, 1));
  }

  @Test
  void misplacedUpdate_belowHigherRanksDelete_keepsRowDeletedLive() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    delete(high, 1);
    update(low, 1, 100);

    assertNull(liveValues(store, 1));
    assertNull(valuesSeenBy(high, 1));
    assertArrayEquals(acct(1, 100), valuesSeenBy(low, 1));
  }

  // ---- Hidden row identity ----

  @Test
  void tableWithoutPrimaryKey_acceptsDuplicateRows_withDistinctHiddenKeys() {
    store.createTable(TableDef.of("EVENTS",
        List.of(ColumnDef.of("MSG", ColumnType.VARCHAR), ColumnDef.of("N", ColumnType.INTEGER))));
    Trajectory t = store.begin("t", LOW);
    Key first = run(t, OpKind.INSERT, "INSERT INTO EVENTS VALUES ('hello', 1)",
        op -> op.insert("EVENTS", new Object[] {"hello", 1})).value();
    List<Key> ks = run(t, OpKind.INSERT, "INSERT INTO EVENTS VALUES ('hello', 1), ('hello', 1)",
        op -> List.of(op.insert("EVENTS", new Object[] {"hello", 1}),
            op.insert("EVENTS", new Object[] {"hello", 1}))).value();

    assertEquals(3, List.of(first, ks.get(0), ks.get(1)).stream().distinct().count(),
        "each insert gets a fresh key: " + first + ", " + ks);
    assertTrue(first.part(0) instanceof Long, "hidden row id is a Long: " + first);
    List<Row> live = store.scanLive("EVENTS", KeyRange.ALL, RowPredicate.TRUE);
    assertEquals(3, live.size(), "three identical rows coexist: " + live);
    for (Row r : live) {
      assertArrayEquals(new Object[] {"hello", 1}, r.values());
    }
    assertArrayEquals(new Object[] {"hello", 1}, store.readLive("EVENTS", ks.get(1)).values());
  }

  @Test
  void hiddenKeyRows_areUpdatedAndDeletedIndividually() {
    store.createTable(TableDef.of("EVENTS",
        List.of(ColumnDef.of("MSG", ColumnType.VARCHAR), ColumnDef.of("N", ColumnType.INTEGER))));
    Trajectory t = store.begin("t", LOW);
    List<Key> ks = run(t, OpKind.INSERT, "INSERT INTO EVENTS",
        op -> List.of(op.insert("EVENTS", new Object[] {"x", 1}),
            op.insert("EVENTS", new Object[] {"x", 1}),
            op.insert("EVENTS", new Object[] {"x", 1}))).value();
    assertEquals(3, ks.stream().distinct().count());

    run(t, OpKind.UPDATE, "UPDATE EVENTS", op -> op.update("EVENTS", ks.get(0), new Object[] {"y", 2}));
    run(t, OpKind.DELETE, "DELETE FROM EVENTS", op -> op.delete("EVENTS", ks.get(1)));

    assertArrayEquals(new Object[] {"y", 2}, store.readLive("EVENTS", ks.get(0)).values());
    assertNull(store.readLive("EVENTS", ks.get(1)));
    assertArrayEquals(new Object[] {"x", 1}, store.readLive("EVENTS", ks.get(2)).values());
    assertEquals(2, store.scanLive("EVENTS", KeyRange.ALL, RowPredicate.TRUE).size());
  }
}
