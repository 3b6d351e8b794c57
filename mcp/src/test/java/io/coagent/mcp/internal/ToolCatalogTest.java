package io.coagent.mcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.session.SqlConnection;
import io.modelcontextprotocol.spec.McpSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tool layer without a transport: AgentSession behind ToolCatalog, on an in-memory store. */
class ToolCatalogTest {
  private static final AtomicInteger STORES = new AtomicInteger();
  private final ToolCatalog tools = new ToolCatalog(DeclaredTools.empty());
  private String url;
  private Connection op;
  private SqlConnection observer;
  private AgentSession restock;
  private AgentSession orders;

  @BeforeEach
  void setUp() throws Exception {
    url = "jdbc:coagent:mem:mcp-tools-" + STORES.incrementAndGet();
    op = DriverManager.getConnection(url);
    try (Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
    }
    observer = SqlConnection.open(url);
    restock = new AgentSession(SqlConnection.open(url + ";agent=restock"), "t", observer);
    orders = new AgentSession(SqlConnection.open(url + ";agent=orders"), "t", observer);
  }

  @AfterEach
  void tearDown() throws Exception {
    restock.close();
    orders.close();
    observer.close();
    op.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ok(McpSchema.CallToolResult r) {
    assertFalse(Boolean.TRUE.equals(r.isError()), () -> "tool error: " + r.structuredContent());
    return (Map<String, Object>) r.structuredContent();
  }

  @SuppressWarnings("unchecked")
  private static String refused(McpSchema.CallToolResult r) {
    assertTrue(Boolean.TRUE.equals(r.isError()), () -> "not refused: " + r.structuredContent());
    Map<String, Object> m = (Map<String, Object>) r.structuredContent();
    assertNotNull(m.get("notifications"), "a tool error carries the notifications too");
    Map<String, Object> e = (Map<String, Object>) m.get("error");
    return e.get("sqlstate") + " " + e.get("message");
  }

  @SuppressWarnings("unchecked")
  private static long qty(Map<String, Object> result) {
    List<Map<String, Object>> rows = (List<Map<String, Object>>) result.get("rows");
    return ((Number) rows.get(0).get("QTY")).longValue();
  }

  @Test
  void query_refusesEverythingButOneReadOnlyStatement() {
    for (String sql : List.of("COMMIT; DROP TABLE stock", "SELECT 1; DELETE FROM stock",
        "UPDATE stock SET qty = 0", "DELETE FROM stock", "DROP TABLE stock",
        "CALL SYS.ABORT('restock')", "CALL SYS.UNDO(1)",
        "WITH d AS (DELETE FROM stock RETURNING *) SELECT * FROM d",
        "INSERT INTO stock SELECT id + 1, qty FROM stock")) {
      refused(tools.call(orders, "query", Map.of("sql", sql)));
    }
    assertEquals(10, qty(ok(tools.call(orders, "query",
        Map.of("sql", "SELECT qty FROM stock WHERE id = 1")))), "nothing was written");
  }

  @Test
  void transactionControlInSql_isRefused_theToolsEndTheTrajectory() {
    ok(tools.call(restock, "execute", Map.of("sql", "UPDATE stock SET qty = 11 WHERE id = 1")));
    for (String tool : List.of("execute", "query")) {
      for (String sql : List.of("COMMIT", "ROLLBACK", "BEGIN", "SHOW timezone")) {
        refused(tools.call(restock, tool, Map.of("sql", sql)));
      }
    }
    assertEquals(11, qty(ok(tools.call(restock, "query",
        Map.of("sql", "SELECT qty FROM stock WHERE id = 1")))), "not rolled back by ROLLBACK");
    ok(tools.call(restock, "rollback", Map.of()));
    assertEquals(10, qty(ok(tools.call(restock, "query",
        Map.of("sql", "SELECT qty FROM stock WHERE id = 1")))), "not committed by COMMIT");
  }

  @Test
  void query_capsRowsAndSaysTruncated() {
    for (int i = 2; i <= 30; i++) {
      ok(tools.call(restock, "execute", Map.of("sql", "INSERT INTO stock VALUES (?, ?)",
          "params", List.of(i, i))));
    }
    Map<String, Object> r = ok(tools.call(restock, "query", Map.of("sql",
        "SELECT * FROM stock", "max_rows", 5)));
    assertEquals(5, ((List<?>) r.get("rows")).size());
    assertEquals(true, r.get("truncated"));
    assertTrue(refused(tools.call(restock, "query", Map.of("sql", "SELECT * FROM stock",
        "max_rows", 100000))).startsWith("22023"));
  }

  @Test
  void execute_returnsOperationIdAndItsInverse() {
    Map<String, Object> r = ok(tools.call(restock, "execute", Map.of("sql",
        "UPDATE stock SET qty = qty + 5 WHERE id = 1")));
    assertEquals(1L, ((Number) r.get("row_count")).longValue());
    assertNotNull(r.get("operation_id"));
    assertEquals("UPDATE \"STOCK\" SET \"QTY\" = 10 WHERE \"ID\" = 1", r.get("undo_sql"));
    ok(tools.call(restock, "undo", Map.of("operation_id", r.get("operation_id"))));
    assertEquals(10, qty(ok(tools.call(restock, "query", Map.of("sql",
        "SELECT qty FROM stock WHERE id = 1")))));
    assertTrue(refused(tools.call(restock, "execute", Map.of("sql", "SELECT * FROM stock")))
        .startsWith("07000"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void lowerRankWrite_notifiesHigherReaderInItsNextResult_andCommitWaits() {
    assertEquals(10, qty(ok(tools.call(restock, "query",
        Map.of("sql", "SELECT qty FROM stock WHERE id = 1")))));
    assertEquals(10, qty(ok(tools.call(orders, "query",
        Map.of("sql", "SELECT qty FROM stock WHERE id = 1")))));
    Map<String, Object> sold = ok(tools.call(orders, "execute",
        Map.of("sql", "UPDATE stock SET qty = ? WHERE id = 1", "params", List.of(7))));
    ok(tools.call(restock, "execute", Map.of("sql", "UPDATE stock SET qty = qty + 5 WHERE id = 1")));

    Map<String, Object> next = ok(tools.call(orders, "schema", Map.of()));
    List<Map<String, Object>> ns = (List<Map<String, Object>>) next.get("notifications");
    assertFalse(ns.isEmpty(), "the next tool result carries the notification");
    Map<String, Object> n = ns.get(0);
    assertEquals("STOCK", n.get("table"));
    assertEquals(List.of(1, 10), n.get("seen"));
    assertEquals(List.of(1, 15), n.get("now"));
    assertEquals("restock", ((Map<String, Object>) n.get("writer")).get("agent"));
    long writerRank = ((Number) ((Map<String, Object>) n.get("writer")).get("rank")).longValue();

    Map<String, Object> refusedCommit = ok(tools.call(orders, "commit", Map.of()));
    assertEquals("notifications_pending", refusedCommit.get("status"));

    ok(tools.call(orders, "undo", Map.of("operation_id", sold.get("operation_id"))));
    long fresh = qty(ok(tools.call(orders, "query",
        Map.of("sql", "SELECT qty FROM stock WHERE id = 1"))));
    assertEquals(15, fresh);
    ok(tools.call(orders, "execute", Map.of("sql", "UPDATE stock SET qty = ? WHERE id = 1",
        "params", List.of(fresh - 3))));
    ok(tools.call(orders, "ack", Map.of("ids", ns.stream().map(x -> x.get("id")).toList())));

    Map<String, Object> waiting = ok(tools.call(orders, "commit", Map.of("wait_seconds", 0)));
    assertEquals("waiting", waiting.get("status"));
    assertEquals(List.of(Map.of("agent", "restock", "rank", writerRank)),
        waiting.get("waiting_for"));
    assertTrue(refused(tools.call(orders, "query", Map.of("sql", "SELECT 1")))
        .startsWith("55000"), "tools wait for the commit in flight");

    assertEquals("committed", ok(tools.call(restock, "commit", Map.of())).get("status"));
    assertEquals("committed", ok(tools.call(orders, "commit", Map.of("wait_seconds", 10)))
        .get("status"));
    try (Statement s = op.createStatement();
        ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals(12, rs.getInt(1), "the serial run: 10 + 5 - 3");
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void execute_refusesScriptsOfSeveralStatements() {
    refused(tools.call(restock, "execute", Map.of("sql",
        "UPDATE stock SET qty = 0 WHERE id = 1; DELETE FROM stock")));
    assertEquals(10, qty(ok(tools.call(restock, "query", Map.of("sql",
        "SELECT qty FROM stock WHERE id = 1")))));
  }

  @Test
  void query_capsLargeResultsByCharacters() {
    String big = "x".repeat(60_000);
    ok(tools.call(restock, "execute", Map.of("sql",
        "CREATE TABLE pad (id INTEGER PRIMARY KEY, body VARCHAR)")));
    for (int i = 1; i <= 8; i++) {
      ok(tools.call(restock, "execute", Map.of("sql", "INSERT INTO pad VALUES (?, ?)",
          "params", List.of(i, big))));
    }
    Map<String, Object> r = ok(tools.call(restock, "query", Map.of("sql", "SELECT * FROM pad")));
    assertEquals(true, r.get("truncated"));
    assertTrue(((List<?>) r.get("rows")).size() < 8, "cut before the character bound");
  }

  @Test
  void unknownNotificationId_isRefused_withMt009() {
    assertTrue(refused(tools.call(orders, "ack", Map.of("ids", List.of(424242))))
        .startsWith("MT009"));
  }
}
