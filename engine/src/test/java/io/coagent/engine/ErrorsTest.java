package io.coagent.engine;

import static io.coagent.engine.Fixtures.ACCOUNTS;
import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LONG;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.assertFails;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.key;
import static io.coagent.engine.Fixtures.liveValues;
import static io.coagent.engine.Fixtures.put;
import static io.coagent.engine.Fixtures.run;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error reporting: codes, messages naming the object, no partial effects, and bounds. */
class ErrorsTest {
  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static void assertMentions(CoAgentException e, String... words) {
    String m = e.getMessage().toUpperCase(Locale.ROOT);
    for (String w : words) {
      assertTrue(m.contains(w.toUpperCase(Locale.ROOT)), "message should name " + w + ": " + e.getMessage());
    }
  }

  @Test
  void readOfUnknownTable_failsUnknownTable_namingTable() {
    Trajectory t = store.begin("t", LOW);

    CoAgentException e = assertFails(ErrorCode.UNKNOWN_TABLE,
        () -> run(t, OpKind.QUERY, "SELECT * FROM NOPE", op -> op.get("NOPE", key(1))));
    assertMentions(e, "NOPE");
    assertEquals(TrajectoryState.ACTIVE, t.state(), "bad input does not end the trajectory");
  }

  @Test
  void insertIntoUnknownTable_failsUnknownTable_namingTable() {
    Trajectory t = store.begin("t", LOW);

    CoAgentException e = assertFails(ErrorCode.UNKNOWN_TABLE,
        () -> run(t, OpKind.INSERT, "INSERT INTO MISSING", op -> op.insert("MISSING", acct(1, 1))));
    assertMentions(e, "MISSING");
  }

  @Test
  void readLiveOfUnknownTable_failsUnknownTable() {
    CoAgentException e = assertFails(ErrorCode.UNKNOWN_TABLE, () -> store.readLive("GHOST", key(1)));
    assertMentions(e, "GHOST");
  }

  @Test
  void createTable_twice_failsTableExists() {
    CoAgentException e = assertFails(ErrorCode.TABLE_EXISTS, () -> store.createTable(Fixtures.ACCOUNTS_DEF));
    assertMentions(e, ACCOUNTS);
  }

  @Test
  void duplicateKey_failsDuplicateKey_andInsertHasNoEffect() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);

    try (Operation op = t.begin(OpKind.INSERT, "INSERT INTO ACCOUNTS VALUES (1, 5)")) {
      CoAgentException e = assertFails(ErrorCode.DUPLICATE_KEY, () -> op.insert(ACCOUNTS, acct(1, 5)));
      assertMentions(e, ACCOUNTS);
      assertArrayEquals(acct(1, 0), liveValues(store, 1), "the failed insert changed nothing");
    }
    assertArrayEquals(acct(1, 0), liveValues(store, 1));
    assertArrayEquals(acct(1, 0), Fixtures.valuesSeenBy(t, 1));
  }

  @Test
  void duplicateKey_withinOneStatement_leavesNothingOfTheStatement() {
    Trajectory t = store.begin("t", LOW);

    assertFails(ErrorCode.DUPLICATE_KEY, () -> run(t, OpKind.INSERT, "INSERT ... VALUES (2,2),(2,3)",
        op -> {
          op.insert(ACCOUNTS, acct(2, 2));
          return op.insert(ACCOUNTS, acct(2, 3));
        }));
    assertNull(liveValues(store, 2));
  }

  @Test
  void duplicateOfOwnEarlierInsert_failsDuplicateKey() {
    Trajectory t = store.begin("t", LOW);
    Fixtures.insert(t, acct(3, 3));

    assertFails(ErrorCode.DUPLICATE_KEY,
        () -> run(t, OpKind.INSERT, "INSERT", op -> op.insert(ACCOUNTS, acct(3, 4))));
    assertArrayEquals(acct(3, 3), liveValues(store, 3));
  }

  @Test
  void nullInNotNullColumn_failsNotNullViolation_namingColumn() {
    store.createTable(TableDef.of("USERS",
        List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.notNull("EMAIL", ColumnType.VARCHAR)),
        0));
    Trajectory t = store.begin("t", LOW);

    CoAgentException e = assertFails(ErrorCode.NOT_NULL_VIOLATION,
        () -> run(t, OpKind.INSERT, "INSERT INTO USERS", op -> op.insert("USERS", new Object[] {1, null})));
    assertMentions(e, "EMAIL", "USERS");
    assertNull(store.readLive("USERS", key(1)));
  }

  @Test
  void wrongJavaType_failsTypeMismatch_namingColumn() {
    Trajectory t = store.begin("t", LOW);

    CoAgentException e = assertFails(ErrorCode.TYPE_MISMATCH,
        () -> run(t, OpKind.INSERT, "INSERT", op -> op.insert(ACCOUNTS, new Object[] {1, "lots"})));
    assertMentions(e, "BALANCE", ACCOUNTS);
    assertNull(liveValues(store, 1));
  }

  @Test
  void integerForBigintColumn_isRejectedOrCarriedAsLong() {
    // ColumnType: BIGINT is carried as Long. An Integer may be refused or widened, never stored as is.
    Trajectory t = store.begin("t", LOW);
    try {
      run(t, OpKind.INSERT, "INSERT", op -> op.insert(ACCOUNTS, new Object[] {1, 5}));
    } catch (CoAgentException e) {
      assertEquals(ErrorCode.TYPE_MISMATCH, e.code(), e.getMessage());
      assertMentions(e, "BALANCE");
      assertNull(liveValues(store, 1));
      return;
    }
    assertArrayEquals(acct(1, 5), liveValues(store, 1));
    assertArrayEquals(acct(1, 5), Fixtures.valuesSeenBy(t, 1));
  }

  @Test
  void wrongTypeInUpdate_failsTypeMismatch_andKeepsRow() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);

    assertFails(ErrorCode.TYPE_MISMATCH, () -> run(t, OpKind.UPDATE, "UPDATE",
        op -> op.update(ACCOUNTS, key(1), new Object[] {1, 2.5d})));
    assertArrayEquals(acct(1, 0), liveValues(store, 1));
  }

  @Test
  void operationOnEndedTrajectory_failsTrajectoryNotActive() {
    Trajectory t = store.begin("retired", LOW);
    t.abort();

    CoAgentException e = assertFails(ErrorCode.TRAJECTORY_NOT_ACTIVE,
        () -> run(t, OpKind.QUERY, "SELECT", op -> op.get(ACCOUNTS, key(1))));
    assertMentions(e, "retired");
  }

  @Test
  void pendingNotificationsBound_overflow_leavesReaderOnlyRollback() {
    // docs/design/engine.md "Bounds": the overflow is recorded, never dropped; the overflowed
    // reader's statements and commit then fail with LIMIT_EXCEEDED and it can only roll back.
    store.close();
    store = Fixtures.openStore(StoreConfig.inMemory().withLimits(2, 1_000, 1_000));
    seed(store, acct(1, 0), acct(2, 0), acct(3, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    get(high, 1);
    get(high, 2);
    get(high, 3);
    update(low, 1, 10);
    update(low, 2, 20);
    assertEquals(2, high.pendingNotifications().size());
    update(low, 3, 30); // would be high's third unacknowledged notification

    CoAgentException e = assertFails(ErrorCode.LIMIT_EXCEEDED, () -> get(high, 1));
    assertMentions(e, "PendingNotifications");
    for (Notification n : high.pendingNotifications()) {
      high.acknowledge(n.id());
    }
    low.commit(LONG);
    assertFails(ErrorCode.LIMIT_EXCEEDED, () -> high.commit(LONG));
    assertEquals(TrajectoryState.ACTIVE, high.state());
    high.abort();
    assertEquals(TrajectoryState.ABORTED, high.state());
    assertArrayEquals(acct(3, 30), liveValues(store, 3), "the writer was not held back");
  }

  @Test
  void readsPerTrajectoryBound_failsLimitExceeded() {
    store.close();
    store = Fixtures.openStore(StoreConfig.inMemory().withLimits(100, 3, 1_000));
    Trajectory loader = store.begin("loader", LOW);
    for (int i = 1; i <= 6; i++) {
      put(loader, acct(i, i)); // blind writes register no reads
    }
    Trajectory reader = store.begin("reader", HIGH);

    CoAgentException e = assertFails(ErrorCode.LIMIT_EXCEEDED, () -> {
      for (int i = 1; i <= 6; i++) {
        get(reader, i);
      }
    });
    assertMentions(e, "ReadsPerTrajectory");
    assertEquals(TrajectoryState.ACTIVE, reader.state());
  }

  @Test
  void operationsPerTrajectoryBound_failsLimitExceeded() {
    store.close();
    store = Fixtures.openStore(StoreConfig.inMemory().withLimits(100, 1_000, 3));
    Trajectory t = store.begin("t", LOW);

    CoAgentException e = assertFails(ErrorCode.LIMIT_EXCEEDED, () -> {
      for (int i = 1; i <= 5; i++) {
        put(t, acct(i, i));
      }
    });
    assertMentions(e, "OperationsPerTrajectory");
    assertTrue(t.operations().stream().filter(o -> o.state() == OpState.APPLIED).count() <= 3);
    t.commit(LONG);
  }
}
