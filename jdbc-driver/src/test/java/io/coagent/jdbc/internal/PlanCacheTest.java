package io.coagent.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.SqlSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Prepared statements are planned once and reused; repeated identical SQL text does not re-plan"
 * (issue 3), measured two ways: the session's planning counter, and Calcite's own parse hook
 * (which fires whenever Calcite parses and plans SQL; installed for every thread, since planning
 * runs on the SQL layer's planner threads, and nothing else plans while these tests run). DDL, through SQL or through
 * the engine's Java API, makes held statements plan again exactly once.
 */
@SuppressWarnings("try")
class PlanCacheTest {
  private Connection c;
  private Statement s;
  private SqlSession session;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:coagent:mem:plans-" + UUID.randomUUID());
    s = c.createStatement();
    s.execute("CREATE TABLE kv (k INTEGER PRIMARY KEY, v VARCHAR)");
    for (int i = 0; i < 100; i++) {
      s.executeUpdate("INSERT INTO kv VALUES (" + i + ", 'v" + i + "')");
    }
    session = c.unwrap(ConnectionImpl.class).session();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  // Calcite deprecates global hooks outside tests; this one must see the planner threads
  @SuppressWarnings("deprecation")
  private static Hook.Closeable countCalciteParses(AtomicInteger counter) {
    java.util.function.Consumer<Object> count = x -> counter.incrementAndGet();
    return Hook.PARSE_TREE.add(count);
  }

  @Test
  void preparedQueryExecuted100TimesWithDifferentParametersPlansOnce() throws SQLException {
    AtomicInteger calciteParses = new AtomicInteger();
    long before = session.planCount();
    try (Hook.Closeable h = countCalciteParses(calciteParses);
        PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
      for (int i = 0; i < 100; i++) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("v" + i, rs.getString(1));
        }
      }
    }
    assertEquals(1, session.planCount() - before);
    assertEquals(1, calciteParses.get(), "Calcite parsed the query again at execution");
  }

  @Test
  void preparedUpdateExecuted100TimesPlansOnce() throws SQLException {
    AtomicInteger calciteParses = new AtomicInteger();
    long before = session.planCount();
    try (Hook.Closeable h = countCalciteParses(calciteParses);
        PreparedStatement ps = c.prepareStatement("UPDATE kv SET v = ? WHERE k = ?")) {
      for (int i = 0; i < 100; i++) {
        ps.setString(1, "u" + i);
        ps.setInt(2, i);
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertEquals(1, session.planCount() - before);
    assertEquals(1, calciteParses.get());
    assertEquals(List.of("u42"), rows("SELECT v FROM kv WHERE k = 42"));
  }

  @Test
  void identicalStatementTextPlansOnce() throws SQLException {
    AtomicInteger calciteParses = new AtomicInteger();
    long before = session.planCount();
    try (Hook.Closeable h = countCalciteParses(calciteParses)) {
      for (int i = 0; i < 50; i++) {
        assertEquals(List.of("100"), rows("SELECT count(*) FROM kv"));
      }
    }
    assertEquals(1, session.planCount() - before);
    assertEquals(1, calciteParses.get());
  }

  @Test
  void textsSeenOnce_neverEvictARepeatedText_andThePlansHeldStayBounded() throws SQLException {
    assertEquals(List.of("100"), rows("SELECT count(*) FROM kv"));
    assertEquals(List.of("100"), rows("SELECT count(*) FROM kv")); // a repeated text
    for (int i = 0; i < 500; i++) { // an agent splicing literals: a new text every time
      assertEquals(List.of("v" + i % 100),
          rows("SELECT v FROM kv WHERE k = " + i % 100 + " AND " + i + " = " + i));
    }
    assertTrue(session.cachedPlans() <= 16 + 64, "plans held: " + session.cachedPlans());
    long before = session.planCount();
    assertEquals(List.of("100"), rows("SELECT count(*) FROM kv"));
    assertEquals(0, session.planCount() - before, "the repeated text kept its plan");
  }

  @Test
  void ddlThroughSqlMakesAHeldPreparedStatementPlanAgainOnce() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
      ps.setInt(1, 7);
      assertEquals(List.of("v7"), rows(ps.executeQuery()));
      long before = session.planCount();
      s.execute("CREATE TABLE unrelated (x INTEGER)");
      for (int i = 0; i < 10; i++) {
        assertEquals(List.of("v7"), rows(ps.executeQuery()));
      }
      assertEquals(2, session.planCount() - before, "the CREATE itself, then one re-plan");
    }
  }

  @Test
  void ddlThroughTheEngineJavaApiInvalidatesPlans() throws SQLException {
    CoStore store = c.unwrap(ConnectionImpl.class).engine().store();
    s.execute("CREATE TABLE x (a INTEGER)");
    s.executeUpdate("INSERT INTO x VALUES (1)");
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM x")) {
      assertEquals(1, ps.getMetaData().getColumnCount());
      assertEquals(List.of("1"), rows(ps.executeQuery()));
      long version = store.catalogVersion();
      long before = session.planCount();
      store.dropTable("X");
      store.createTable(TableDef.of("X", List.of(ColumnDef.of("A", ColumnType.INTEGER),
          ColumnDef.of("B", ColumnType.VARCHAR))));
      assertTrue(store.catalogVersion() > version);
      assertEquals(2, ps.getMetaData().getColumnCount(), "metadata of the new plan");
      assertEquals(List.of(), rows(ps.executeQuery()));
      assertEquals(List.of(), rows("SELECT * FROM x"));
      assertEquals(1, session.planCount() - before, "one plan shared by the text's users");
    }
  }

  @Test
  void heldPreparedStatementOnADroppedTableFailsWith42S02() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE kv SET v = ? WHERE k = ?")) {
      s.execute("DROP TABLE kv");
      ps.setString(1, "x");
      ps.setInt(2, 1);
      SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals("42S02", e.getSQLState());
      assertTrue(e.getMessage().contains("KV"), e.getMessage());
    }
  }

  private List<String> rows(String sql) throws SQLException {
    return rows(s.executeQuery(sql));
  }

  @Test
  void preparedTimeTravelWithParameterTime_plansOnceForEveryTime() throws Exception {
    List<java.time.Instant> times = new java.util.ArrayList<>();
    for (int i = 100; i < 105; i++) {
      s.executeUpdate("INSERT INTO kv VALUES (" + i + ", 'v" + i + "')");
      Thread.sleep(3); // versions created within one millisecond of the capture would be ambiguous
      times.add(java.time.Instant.now());
      Thread.sleep(3);
    }
    AtomicInteger calciteParses = new AtomicInteger();
    long before = session.planCount();
    try (Hook.Closeable h = countCalciteParses(calciteParses);
        PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM kv FOR SYSTEM_TIME AS OF ? WHERE k >= ?")) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < times.size(); i++) {
          ps.setTimestamp(1, java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(
              times.get(i), java.time.ZoneOffset.UTC)));
          ps.setInt(2, 100);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(i + 1, rs.getInt(1), "rows >= 100 as of the time after insert " + i);
          }
        }
      }
    }
    assertEquals(1, session.planCount() - before);
    assertEquals(1, calciteParses.get(), "Calcite planned the rewrite once, whatever the time"
        + " (a relation named after each time would plan once per distinct time)");
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    return io.coagent.jdbc.SqlBasicsTestAccess.rows(rs);
  }
}
