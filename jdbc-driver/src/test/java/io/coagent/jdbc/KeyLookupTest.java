package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.co;
import static io.coagent.jdbc.AgentTransactionsTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.CoStore;
import io.coagent.engine.StoreConfig;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlSession;
import io.coagent.sql.internal.exec.KeyLookup;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key-lookup fast path ({@code KeyLookup}): which statements take it, and that they return
 * exactly what the general Calcite path returns (values, Java classes, metadata, update counts,
 * errors) and register the same read footprints (notifications).
 */
class KeyLookupTest {
  private static final String SETUP_TYPES = "CREATE TABLE all_types (id INTEGER PRIMARY KEY, "
      + "i INTEGER, b BIGINT, d DOUBLE, m DECIMAL(10, 2), s VARCHAR, j JSON, f BOOLEAN, "
      + "t TIMESTAMP)";
  private static final String SETUP_COMPOSITE =
      "CREATE TABLE ck (a INTEGER, b VARCHAR, v BIGINT, PRIMARY KEY (a, b))";

  private String url;
  private Connection fast;
  private Connection general;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:keylookup-" + UUID.randomUUID();
    fast = DriverManager.getConnection(url);
    general = DriverManager.getConnection(url);
    update(fast, SETUP_TYPES);
    update(fast, SETUP_COMPOSITE);
    update(fast, "INSERT INTO all_types VALUES (1, 10, 10000000000, 1.5, 2.50, 'x', "
        + "'{\"k\": 1}', TRUE, TIMESTAMP '2024-05-06 07:08:09.123')");
    update(fast, "INSERT INTO all_types (id) VALUES (2)");
    update(fast, "INSERT INTO ck VALUES (1, 'a', 100), (1, 'b', 200)");
  }

  @AfterEach
  void close() throws SQLException {
    fast.close();
    general.close();
  }

  private static PreparedStatement prepareGeneral(Connection c, String sql) throws SQLException {
    System.setProperty(KeyLookup.PROPERTY, "false");
    try {
      return c.prepareStatement(sql);
    } finally {
      System.clearProperty(KeyLookup.PROPERTY);
    }
  }

  private static List<String> describe(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.add(md.getColumnLabel(i) + ":" + md.getColumnType(i) + ":" + md.getColumnTypeName(i)
          + ":" + md.isNullable(i));
    }
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        Object v = rs.getObject(i);
        b.append(v == null ? "null" : v + "(" + v.getClass().getSimpleName() + ")").append(' ');
      }
      out.add(b.toString());
    }
    return out;
  }

  private static List<String> run(PreparedStatement p) {
    try (ResultSet rs = p.executeQuery()) {
      return describe(rs);
    } catch (SQLException e) {
      return List.of("error " + e.getSQLState());
    }
  }

  /** Runs {@code sql} with each parameter list on both paths and compares everything. */
  private void assertSameResults(String sql, List<List<Object>> bindings) throws SQLException {
    try (PreparedStatement f = fast.prepareStatement(sql);
        PreparedStatement g = prepareGeneral(general, sql)) {
      for (List<Object> params : bindings) {
        for (int i = 0; i < params.size(); i++) {
          f.setObject(i + 1, params.get(i));
          g.setObject(i + 1, params.get(i));
        }
        assertEquals(run(g), run(f), sql + " " + params);
      }
    }
  }

  @Test
  void pointSelectsReturnWhatTheGeneralPathReturns() throws SQLException {
    List<List<Object>> ids = List.of(List.of(1), List.of(2), List.of(3), List.of(1L),
        List.of(new BigDecimal("1")), List.of(new BigDecimal("1.5")));
    assertSameResults("SELECT * FROM all_types WHERE id = ?", ids);
    assertSameResults("SELECT i, b, d, m, s, j, f FROM all_types WHERE id = ?", ids);
    assertSameResults("SELECT s AS label, x.f, m FROM all_types x WHERE x.id = ?", ids);
    assertSameResults("SELECT t, s FROM all_types WHERE ? = id", ids);
    assertSameResults("SELECT v FROM ck WHERE b = ? AND a = ?",
        List.of(List.of("a", 1), List.of("b", 1), List.of("c", 1), List.of("a", 2L)));
    assertSameResults("SELECT * FROM ck WHERE a = 1 AND b = ?", List.of(List.of("b")));
  }

  /** Update counts and the resulting table after a fixed series of updates on one path. */
  private List<String> runUpdates(boolean useFast) throws SQLException {
    String sql = "UPDATE all_types SET b = ?, s = ?, f = ? WHERE id = ?";
    List<List<Object>> bindings = List.of(List.of(5, "y", false, 1), List.of(6L, "z", true, 2),
        List.of(new BigDecimal("7"), "w", true, 3), List.of(8, "v", false, 1L),
        List.of(8, "v", false, 1));
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement u = useFast ? c.prepareStatement(sql) : prepareGeneral(c, sql)) {
      for (List<Object> params : bindings) {
        for (int i = 0; i < params.size(); i++) {
          u.setObject(i + 1, params.get(i));
        }
        out.add("count " + u.executeUpdate());
      }
      u.setBigDecimal(1, new BigDecimal("1.5"));
      out.add("error " + assertThrows(SQLException.class, u::executeUpdate).getSQLState());
      try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM all_types ORDER BY id")) {
        out.addAll(describe(rs));
      }
      update(c, "UPDATE all_types SET b = NULL, s = NULL, f = NULL");
    }
    return out;
  }

  @Test
  void keyUpdatesChangeWhatTheGeneralPathChanges() throws SQLException {
    List<String> general = runUpdates(false);
    assertTrue(general.contains("error 22003"), general.toString());
    assertEquals(general, runUpdates(true));
  }

  @Test
  void onlyPlainKeyLookupsTakeTheFastPath() {
    try (CoStore store = CoStore.open(StoreConfig.inMemory());
        SqlSession session = SqlEngine.of(store).openSession()) {
      session.prepare(SETUP_TYPES).execute(null, List.of());
      session.prepare(SETUP_COMPOSITE).execute(null, List.of());
      for (String sql : List.of("SELECT i, b, d, m, s, j, f FROM all_types WHERE id = ?",
          "SELECT s AS label, x.f, m FROM all_types x WHERE x.id = ?",
          "SELECT s FROM all_types WHERE id = 3", "SELECT v FROM ck WHERE b = ? AND a = ?",
          "SELECT * FROM ck WHERE a = 1 AND b = ?",
          "UPDATE all_types SET b = ?, s = ? WHERE id = ?")) {
        assertTrue(session.prepare(sql).keyLookup(), sql);
      }
      for (String sql : List.of("SELECT * FROM all_types WHERE id = ? OR id = 2",
          "SELECT s FROM all_types WHERE id > ?", "SELECT v FROM ck WHERE a = ?",
          "SELECT * FROM all_types WHERE id = ?", "SELECT t FROM all_types WHERE id = ?",
          "SELECT i + 1 FROM all_types WHERE id = ?", "SELECT s FROM all_types WHERE id = ? "
              + "AND s = 'x'", "SELECT s FROM all_types WHERE id = ? ORDER BY s",
          "SELECT COUNT(*) FROM all_types WHERE id = ?", "UPDATE all_types SET b = b + ? WHERE "
              + "id = ?", "UPDATE all_types SET t = ? WHERE id = ?",
          "UPDATE all_types SET id = ? WHERE id = ?", "UPDATE all_types SET s = 'k' WHERE id = ?",
          "DELETE FROM all_types WHERE id = ?")) {
        assertTrue(!session.prepare(sql).keyLookup(), sql);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void fastPathReadsRegisterTheSameFootprint() throws Exception {
    try (Connection planner = DriverManager.getConnection(url + ";agent=planner;rank=100");
        Connection coder = DriverManager.getConnection(url + ";agent=coder;rank=200");
        PreparedStatement read = coder.prepareStatement(
            "SELECT s, f FROM all_types WHERE id = ?")) {
      read.setInt(1, 1);
      read.executeQuery().close();
      update(planner, "UPDATE all_types SET b = 1 WHERE id = 1");
      assertEquals(Optional.empty(), co(coder).await(Duration.ofMillis(200)),
          "column b was not read: no notification");
      update(planner, "UPDATE all_types SET s = 'changed' WHERE id = 1");
      Notification n = co(coder).await(Duration.ofSeconds(5)).orElseThrow();
      assertEquals("ALL_TYPES", n.table());
      read.setInt(1, 7);
      read.executeQuery().close();
      update(planner, "INSERT INTO all_types (id, s) VALUES (7, 'new')");
      assertEquals("ALL_TYPES", co(coder).await(Duration.ofSeconds(5)).orElseThrow().table(),
          "a read of a missing key is notified when the row appears");
      planner.commit();
      for (Notification p : co(coder).pendingNotifications()) {
        co(coder).acknowledge(p.id());
      }
      coder.commit();
    }
  }

  @Test
  void timestampsStayOnTheGeneralPathAndStillWork() throws SQLException {
    try (PreparedStatement p = fast.prepareStatement("SELECT t FROM all_types WHERE id = ?")) {
      p.setInt(1, 1);
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(Timestamp.valueOf("2024-05-06 07:08:09.123"), rs.getTimestamp(1));
      }
    }
  }
}
