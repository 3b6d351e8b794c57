package io.coagent.engine;

import static io.coagent.engine.Fixtures.ACCOUNTS;
import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LOW;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.delete;
import static io.coagent.engine.Fixtures.get;
import static io.coagent.engine.Fixtures.insert;
import static io.coagent.engine.Fixtures.key;
import static io.coagent.engine.Fixtures.opInfo;
import static io.coagent.engine.Fixtures.run;
import static io.coagent.engine.Fixtures.seed;
import static io.coagent.engine.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec rule 6 at engine level: every write operation logs before- and after-images per row. */
class OperationLogRulesTest {
  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static WriteInfo onlyWrite(OperationInfo info) {
    assertEquals(1, info.writes().size(), info.writes().toString());
    return info.writes().get(0);
  }

  @Test
  void insert_logsAbsentBeforeImage_andInsertedAfterImage() {
    Trajectory t = store.begin("t", LOW);
    long op = insert(t, acct(1, 100));

    OperationInfo info = opInfo(t, op);
    assertEquals(OpKind.INSERT, info.kind());
    assertEquals(OpState.APPLIED, info.state());
    assertEquals(1, info.rowsAffected());
    assertEquals("INSERT INTO ACCOUNTS", info.text());
    WriteInfo w = onlyWrite(info);
    assertEquals(ACCOUNTS, w.table());
    assertEquals(key(1), w.key());
    assertNull(w.before());
    assertArrayEquals(acct(1, 100), w.after());
  }

  @Test
  void update_logsBeforeAndAfterImages() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long op = update(t, 1, 100);

    OperationInfo info = opInfo(t, op);
    assertEquals(OpKind.UPDATE, info.kind());
    assertEquals(1, info.rowsAffected());
    WriteInfo w = onlyWrite(info);
    assertEquals(key(1), w.key());
    assertArrayEquals(acct(1, 0), w.before());
    assertArrayEquals(acct(1, 100), w.after());
  }

  @Test
  void delete_logsBeforeImage_andAbsentAfterImage() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long op = delete(t, 1);

    OperationInfo info = opInfo(t, op);
    assertEquals(OpKind.DELETE, info.kind());
    assertEquals(1, info.rowsAffected());
    WriteInfo w = onlyWrite(info);
    assertArrayEquals(acct(1, 0), w.before());
    assertNull(w.after());
  }

  @Test
  void multiRowUpdate_logsEveryRowWithItsImages() {
    seed(store, acct(1, 10), acct(2, 20), acct(3, 30));
    Trajectory t = store.begin("t", LOW);
    long op = run(t, OpKind.UPDATE, "UPDATE ACCOUNTS SET BALANCE = BALANCE * 2", o -> {
      for (Row r : o.scan(ACCOUNTS, KeyRange.ALL, RowPredicate.TRUE)) {
        o.update(ACCOUNTS, r.key(), acct((Integer) r.get(0), (Long) r.get(1) * 2));
      }
      return null;
    }).op();

    OperationInfo info = opInfo(t, op);
    assertEquals(3, info.rowsAffected());
    List<WriteInfo> writes = info.writes().stream()
        .sorted(Comparator.comparing(WriteInfo::key)).toList();
    assertEquals(3, writes.size(), writes.toString());
    for (int i = 0; i < 3; i++) {
      int id = i + 1;
      assertEquals(key(id), writes.get(i).key());
      assertArrayEquals(acct(id, id * 10L), writes.get(i).before());
      assertArrayEquals(acct(id, id * 20L), writes.get(i).after());
    }
  }

  @Test
  void multiRowDelete_logsEveryRowsBeforeImage() {
    seed(store, acct(1, 10), acct(2, 20));
    Trajectory t = store.begin("t", LOW);
    long op = run(t, OpKind.DELETE, "DELETE FROM ACCOUNTS", o -> {
      o.delete(ACCOUNTS, key(1));
      o.delete(ACCOUNTS, key(2));
      return null;
    }).op();

    List<WriteInfo> writes = opInfo(t, op).writes().stream()
        .sorted(Comparator.comparing(WriteInfo::key)).toList();
    assertEquals(2, writes.size(), writes.toString());
    assertArrayEquals(acct(1, 10), writes.get(0).before());
    assertArrayEquals(acct(2, 20), writes.get(1).before());
    assertNull(writes.get(0).after());
    assertNull(writes.get(1).after());
    assertEquals(2, opInfo(t, op).rowsAffected());
  }

  @Test
  void beforeImage_isTheValueAtTheWritersPlaceInOrder() {
    seed(store, acct(1, 0));
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    update(high, 1, 200);
    long op = update(low, 1, 100);

    WriteInfo w = onlyWrite(opInfo(low, op));
    assertArrayEquals(acct(1, 0), w.before(), "not the higher rank's live value 200");
    assertArrayEquals(acct(1, 100), w.after());
  }

  @Test
  void query_logsNoWrites() {
    seed(store, acct(1, 0));
    Trajectory t = store.begin("t", LOW);
    long op = get(t, 1).op();

    OperationInfo info = opInfo(t, op);
    assertEquals(OpKind.QUERY, info.kind());
    assertEquals(List.of(), info.writes());
    assertEquals(OpState.APPLIED, info.state());
  }

  @Test
  void storeOperationLog_namesTrajectoryAgentRankAndSequence() {
    Trajectory low = store.begin("low", LOW);
    Trajectory high = store.begin("high", HIGH);
    long a = insert(low, acct(1, 1));
    long b = insert(high, acct(2, 2));
    long c = insert(low, acct(3, 3));

    List<OperationInfo> all = store.operations();
    OperationInfo ia = all.stream().filter(o -> o.id() == a).findFirst().orElseThrow();
    OperationInfo ib = all.stream().filter(o -> o.id() == b).findFirst().orElseThrow();
    OperationInfo ic = all.stream().filter(o -> o.id() == c).findFirst().orElseThrow();
    assertEquals(low.id(), ia.trajectory());
    assertEquals("low", ia.agent());
    assertEquals(LOW, ia.rank());
    assertEquals(high.id(), ib.trajectory());
    assertEquals(HIGH, ib.rank());
    assertEquals(1, ia.seq());
    assertEquals(2, ic.seq());
    assertEquals(1, ib.seq());
    assertNotNull(ia.time());
    assertTrue(a != b && b != c && a != c, "operation ids are unique store-wide");
    assertEquals(List.of(a, c), low.operations().stream().map(OperationInfo::id).toList());
  }
}
