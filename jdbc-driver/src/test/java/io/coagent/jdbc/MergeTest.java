package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MERGE (upsert) through JDBC: the agent-memory "remember" pattern, its forms, MTPO, errors. */
class MergeTest {
  static final String REMEMBER = "MERGE INTO memory m USING (VALUES (?, ?, ?)) AS s(agent, k, v)"
      + " ON (m.agent = s.agent AND m.k = s.k)"
      + " WHEN MATCHED THEN UPDATE SET v = s.v, hits = m.hits + 1"
      + " WHEN NOT MATCHED THEN INSERT (agent, k, v, hits) VALUES (s.agent, s.k, s.v, 1)";

  private String url;
  private Connection op;
  private Statement s;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:merge-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
    s = op.createStatement();
    s.execute("CREATE TABLE memory (agent VARCHAR, k VARCHAR, v VARCHAR, hits INTEGER NOT NULL,"
        + " PRIMARY KEY (agent, k))");
  }

  @AfterEach
  void close() throws SQLException {
    op.close();
  }

  private List<String> query(String sql) throws SQLException {
    return AgentTransactionsTest.query(op, sql);
  }

  private static int remember(PreparedStatement ps, String agent, String k, String v)
      throws SQLException {
    ps.setString(1, agent);
    ps.setString(2, k);
    ps.setString(3, v);
    return ps.executeUpdate();
  }

  @Test
  void rememberInsertsThenUpdatesTheSameKeyAsOneUpsertOperation() throws SQLException {
    try (Connection agent = DriverManager.getConnection(url + ";agent=planner");
        PreparedStatement ps = agent.prepareStatement(REMEMBER)) {
      assertEquals(3, ps.getParameterMetaData().getParameterCount());
      assertEquals(1, remember(ps, "planner", "goal", "ship v1"));
      assertEquals(1, remember(ps, "planner", "goal", "ship v2"));
      assertEquals(1, remember(ps, "planner", "owner", "ann"));
      assertEquals(List.of("goal|ship v2|2", "owner|ann|1"), AgentTransactionsTest.query(agent,
          "SELECT k, v, hits FROM memory WHERE agent = 'planner' ORDER BY k"));
      List<Operation> ops = agent.unwrap(CoAgentConnection.class).operations();
      List<Operation> merges = ops.stream().filter(o -> o.kind() == Operation.Kind.UPSERT).toList();
      assertEquals(3, merges.size());
      assertTrue(merges.stream().allMatch(o -> o.rowsAffected() == 1 && o.writes().size() == 1));
      agent.commit();
    }
  }

  @Test
  void mergeFromATableCountsUpdatedPlusInsertedRows() throws SQLException {
    s.execute("CREATE TABLE staged (k VARCHAR PRIMARY KEY, v VARCHAR)");
    s.executeUpdate("INSERT INTO memory VALUES ('a', 'x', 'old', 1)");
    s.executeUpdate("INSERT INTO staged VALUES ('x', 'new'), ('y', 'fresh'), ('z', 'zz')");
    assertEquals(3, s.executeUpdate("MERGE INTO memory USING staged st"
        + " ON memory.agent = 'a' AND memory.k = st.k"
        + " WHEN MATCHED THEN UPDATE SET v = st.v, hits = hits + 10"
        + " WHEN NOT MATCHED THEN INSERT VALUES ('a', st.k, UPPER(st.v), 0)"));
    assertEquals(List.of("x|new|11", "y|FRESH|0", "z|ZZ|0"),
        query("SELECT k, v, hits FROM memory ORDER BY k"));
  }

  @Test
  void mergeFromAParameterizedSubquery() throws SQLException {
    s.execute("CREATE TABLE staged (k VARCHAR PRIMARY KEY, v VARCHAR, n INTEGER)");
    s.executeUpdate("INSERT INTO staged VALUES ('x', 'one', 1), ('y', 'two', 2), ('z', 'three', 3)");
    try (PreparedStatement ps = op.prepareStatement("MERGE INTO memory m"
        + " USING (SELECT k, v FROM staged WHERE n >= ?) AS src"
        + " ON m.agent = ? AND m.k = src.k"
        + " WHEN NOT MATCHED THEN INSERT (agent, k, v, hits) VALUES (?, src.k, src.v, ?)")) {
      ps.setInt(1, 2);
      ps.setString(2, "b");
      ps.setString(3, "b");
      ps.setInt(4, 5);
      assertEquals(2, ps.executeUpdate());
      ps.setInt(1, 1);
      assertEquals(1, ps.executeUpdate(), "only x is still missing");
    }
    assertEquals(List.of("b|x|one|5", "b|y|two|5", "b|z|three|5"),
        query("SELECT * FROM memory ORDER BY k"));
  }

  @Test
  void whenNotMatchedOnlyInsertsMissingRowsAndLeavesExistingOnes() throws SQLException {
    s.executeUpdate("INSERT INTO memory VALUES ('a', 'x', 'keep', 1)");
    assertEquals(1, s.executeUpdate("MERGE INTO memory m USING (VALUES ('a', 'x'), ('a', 'y'))"
        + " AS s(agent, k) ON m.agent = s.agent AND m.k = s.k"
        + " WHEN NOT MATCHED THEN INSERT VALUES (s.agent, s.k, 'new', 0)"));
    assertEquals(List.of("x|keep", "y|new"), query("SELECT k, v FROM memory ORDER BY k"));
  }

  @Test
  void whenMatchedOnlyUpdatesAndMatchesOnNonKeyColumns() throws SQLException {
    s.executeUpdate("INSERT INTO memory VALUES ('a', 'x', 'red', 1), ('a', 'y', 'red', 1),"
        + " ('b', 'x', 'blue', 1)");
    assertEquals(2, s.executeUpdate("MERGE INTO memory m USING (VALUES ('red', 'crimson'),"
        + " ('green', 'lime')) AS s(was, becomes) ON m.v = s.was"
        + " WHEN MATCHED THEN UPDATE SET v = s.becomes"));
    assertEquals(List.of("a|x|crimson", "a|y|crimson", "b|x|blue"),
        query("SELECT agent, k, v FROM memory ORDER BY agent, k"));
  }

  @Test
  void higherRankMergeThatInsertedIsNotifiedWhenALowerRankLaterInsertsTheSameKey()
      throws Exception {
    try (Connection low = DriverManager.getConnection(url + ";agent=low;rank=1");
        Connection high = DriverManager.getConnection(url + ";agent=high;rank=2");
        PreparedStatement remember = high.prepareStatement(REMEMBER)) {
      assertEquals(1, remember(remember, "team", "plan", "high's plan"));
      AgentTransactionsTest.update(low, "INSERT INTO memory VALUES ('team', 'other', 'x', 1)");
      assertTrue(AgentTransactionsTest.co(high).await(Duration.ofMillis(300)).isEmpty(),
          "a different key must not notify the MERGE's point read");
      AgentTransactionsTest.update(low, "INSERT INTO memory VALUES ('team', 'plan', 'low''s plan', 1)");
      Notification n = AgentTransactionsTest.awaitNotification(high);
      assertEquals("MEMORY", n.table());
      assertEquals("[team, plan]", n.key().toString());
      assertEquals("low", n.writerAgent());
      assertEquals(List.of("high's plan"),
          query("SELECT v FROM memory WHERE agent = 'team' AND k = 'plan'"),
          "misplaced write: the live value stays the higher rank's");
      assertEquals(List.of("low's plan"), AgentTransactionsTest.query(low,
          "SELECT v FROM memory WHERE agent = 'team' AND k = 'plan'"));
    }
  }

  @Test
  void parameterValuedSourceColumnsInComputedValuesNeedACast() throws SQLException {
    String merge = "MERGE INTO memory m USING (VALUES (?, ?)) AS s(k, v)"
        + " ON m.agent = 'a' AND m.k = s.k"
        + " WHEN NOT MATCHED THEN INSERT VALUES ('a', s.k, UPPER(%s), CHAR_LENGTH(%s))";
    SQLException e = assertThrows(SQLException.class,
        () -> op.prepareStatement(String.format(merge, "s.v", "s.v")));
    assertTrue(e.getSQLState().startsWith("42"), e.getSQLState());
    assertTrue(e.getMessage().contains("MEMORY") && e.getMessage().contains("CAST(s.col AS type)"),
        e.getMessage());
    try (PreparedStatement ps = op.prepareStatement(String.format(merge,
        "CAST(s.v AS VARCHAR)", "CAST(s.v AS VARCHAR)"))) {
      ps.setString(1, "x");
      ps.setString(2, "abc");
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals(List.of("a|x|ABC|3"), query("SELECT * FROM memory"));
  }

  @Test
  void badMergesFailWithSqlStatesAndLeaveTheStoreUnchanged() throws SQLException {
    s.executeUpdate("INSERT INTO memory VALUES ('a', 'x', 'v', 1)");
    assertState("21000", "MERGE INTO memory m USING (VALUES ('a', 'x', 1), ('a', 'x', 2))"
        + " AS s(agent, k, n) ON m.agent = s.agent AND m.k = s.k"
        + " WHEN MATCHED THEN UPDATE SET hits = s.n", "MEMORY");
    assertState("23505", "MERGE INTO memory m USING (VALUES ('a', 'q'), ('a', 'q'))"
        + " AS s(agent, k) ON m.agent = s.agent AND m.k = s.k"
        + " WHEN NOT MATCHED THEN INSERT VALUES (s.agent, s.k, 'v', 0)", "MEMORY");
    assertState("23502", "MERGE INTO memory m USING (VALUES ('a', 'n')) AS s(agent, k)"
        + " ON m.agent = s.agent AND m.k = s.k"
        + " WHEN NOT MATCHED THEN INSERT (agent, k) VALUES (s.agent, s.k)", "HITS");
    assertState("42S22", "MERGE INTO memory m USING (VALUES ('a', 'x')) AS s(agent, k)"
        + " ON m.agent = s.agent AND m.k = s.nope WHEN MATCHED THEN UPDATE SET v = 'z'", "NOPE");
    assertState("42S22", "MERGE INTO memory m USING (VALUES ('a', 'x')) AS s(agent, k)"
        + " ON m.agent = s.agent AND m.k = s.k WHEN MATCHED THEN UPDATE SET nope = 'z'", "NOPE");
    assertState("42000", "MERGE INTO memory m USING (VALUES ('a', 'x')) AS s"
        + " ON m.agent = 'a' WHEN MATCHED THEN UPDATE SET v = 'z'", "AS S(");
    assertState("42000", "MERGE INTO memory m USING (VALUES ('a', 'x')) AS s(agent, k)"
        + " ON m.agent = s.agent AND m.k = s.k"
        + " WHEN NOT MATCHED THEN INSERT (agent, k) VALUES (s.agent)", "MEMORY");
    assertState("42S02", "MERGE INTO nope n USING (VALUES (1)) AS s(a) ON n.a = s.a"
        + " WHEN MATCHED THEN UPDATE SET a = 2", "NOPE");
    assertEquals(List.of("a|x|v|1"), query("SELECT * FROM memory"));
  }

  private void assertState(String state, String sql, String named) {
    SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
    assertEquals(state, e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
