package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's upsert, {@code INSERT ... ON CONFLICT}, run as a MERGE: its counts, EXCLUDED and
 * target references, parameters, one UPSERT operation with MERGE's footprint and inverse, and its
 * errors; and {@code SELECT ... FOR UPDATE} accepted as a no-op.
 */
class OnConflictTest {
  private String url;
  private Connection op;
  private Statement s;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:onconflict-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
    s = op.createStatement();
    s.execute("CREATE TABLE kv (k VARCHAR PRIMARY KEY, v VARCHAR, hits INTEGER)");
    s.executeUpdate("INSERT INTO kv VALUES ('a', 'old', 1)");
  }

  @AfterEach
  void close() throws SQLException {
    op.close();
  }

  private List<String> rows() throws SQLException {
    return AgentTransactionsTest.query(op, "SELECT k, v, hits FROM kv ORDER BY k");
  }

  @Test
  void doNothing_insertsOnlyTheMissingRows_andCountsThem() throws SQLException {
    assertEquals(1, s.executeUpdate("INSERT INTO kv VALUES ('a', 'new', 9), ('b', 'bee', 1)"
        + " ON CONFLICT (k) DO NOTHING"));
    assertEquals(0, s.executeUpdate("insert into kv (k, v, hits) values ('b', 'again', 2)"
        + " on conflict do nothing"));
    assertEquals(List.of("a|old|1", "b|bee|1"), rows());
  }

  @Test
  void doUpdate_readsExcludedAndTheTargetRow_andCountsInsertsPlusUpdates() throws SQLException {
    assertEquals(2, s.executeUpdate("INSERT INTO kv (k, v, hits) VALUES ('a', 'new', 1),"
        + " ('c', 'sea', 1) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v || '+' || kv.v,"
        + " hits = hits + EXCLUDED.hits"));
    assertEquals(List.of("a|new+old|2", "c|sea|1"), rows());
  }

  @Test
  void preparedUpsert_keepsParameterOrder_sourceFirstThenSet() throws SQLException {
    try (PreparedStatement ps = op.prepareStatement("INSERT INTO kv VALUES (?, ?, 1)"
        + " ON CONFLICT (k) DO UPDATE SET hits = kv.hits + CAST(? AS INTEGER), v = EXCLUDED.v")) {
      for (int round = 1; round <= 3; round++) {
        ps.setString(1, "p");
        ps.setString(2, "v" + round);
        ps.setInt(3, 10);
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertEquals(List.of("a|old|1", "p|v3|21"), rows());
  }

  @Test
  void upsert_isOneUpsertOperation_whoseUndoRestoresTheRows() throws Exception {
    try (Connection agent = DriverManager.getConnection(url + ";agent=writer")) {
      AgentTransactionsTest.update(agent, "INSERT INTO kv VALUES ('a', 'x', 5), ('d', 'dee', 1)"
          + " ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v");
      List<Operation> ops = AgentTransactionsTest.co(agent).operations();
      Operation upsert = ops.get(ops.size() - 1);
      assertEquals(Operation.Kind.UPSERT, upsert.kind());
      assertEquals(2, upsert.writes().size());
      AgentTransactionsTest.co(agent).undo(upsert.id());
      agent.commit();
    }
    assertEquals(List.of("a|old|1"), rows(), "undo removed the insert and restored the update");
  }

  @Test
  void higherRankUpsert_isNotifiedWhenALowerRankWritesItsKey() throws Exception {
    try (Connection low = DriverManager.getConnection(url + ";agent=low;rank=100");
        Connection high = DriverManager.getConnection(url + ";agent=high;rank=101")) {
      AgentTransactionsTest.update(high, "INSERT INTO kv VALUES ('z', 'high', 1)"
          + " ON CONFLICT (k) DO NOTHING");
      AgentTransactionsTest.update(low, "INSERT INTO kv VALUES ('z', 'low', 1)");
      Notification n = AgentTransactionsTest.awaitNotification(high);
      assertEquals("KV", n.table());
      assertEquals("low", n.writerAgent());
      high.rollback();
      low.commit();
    }
    assertEquals(List.of("a|old|1", "z|low|1"), rows());
  }

  @Test
  void badUpserts_failWithTheirSqlStates_andChangeNothing() {
    assertState("42P10", "INSERT INTO kv VALUES ('a', 'x', 1) ON CONFLICT (v) DO NOTHING");
    assertState("0A000", "INSERT INTO kv VALUES ('a', 'x', 1) ON CONFLICT ON CONSTRAINT kv_pkey"
        + " DO NOTHING");
    assertState("0A000", "INSERT INTO kv VALUES ('a', 'x', 1) ON CONFLICT (k) DO UPDATE SET"
        + " v = 'y' WHERE kv.hits > 0");
    assertState("42S02", "INSERT INTO nowhere VALUES (1) ON CONFLICT DO NOTHING");
    assertState("42601", "INSERT INTO kv VALUES ('a', 'x', 1) ON CONFLICT (k) DO SOMETHING");
    assertState("21000", "INSERT INTO kv VALUES ('a', 'x', 1), ('a', 'y', 1) ON CONFLICT (k)"
        + " DO UPDATE SET v = EXCLUDED.v");
  }

  private void assertState(String state, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
    assertEquals(state, e.getSQLState(), e.getMessage());
    try {
      assertEquals(List.of("a|old|1"), rows(), "unchanged after: " + sql);
    } catch (SQLException q) {
      throw new AssertionError(q);
    }
  }

  @Test
  void onConflictInsideALiteral_isData() throws SQLException {
    assertEquals(1, s.executeUpdate("INSERT INTO kv VALUES ('q', 'ON CONFLICT DO NOTHING', 1)"));
    assertEquals(List.of("ON CONFLICT DO NOTHING"),
        AgentTransactionsTest.query(op, "SELECT v FROM kv WHERE k = 'q'"));
  }

  @Test
  void selectForUpdate_isAccepted_andReadsAsAPlainSelect() throws SQLException {
    for (String lock : List.of("FOR UPDATE", "for share", "FOR NO KEY UPDATE", "FOR UPDATE OF kv",
        "FOR UPDATE SKIP LOCKED", "FOR KEY SHARE NOWAIT")) {
      assertEquals(List.of("old"), AgentTransactionsTest.query(op,
          "SELECT v FROM kv WHERE k = 'a' " + lock), lock);
    }
    assertEquals(List.of("a FOR UPDATE"), AgentTransactionsTest.query(op,
        "SELECT k || ' FOR UPDATE' FROM kv"), "a literal is not a locking clause");
    SQLException e = assertThrows(SQLException.class,
        () -> s.executeUpdate("UPDATE kv SET v = 'x' FOR UPDATE"));
    assertTrue(e.getSQLState().startsWith("42"), e.getSQLState() + " " + e.getMessage());
  }
}
