package io.coagent.mcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.session.SqlConnection;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared tools: the YAML file, schema generation, binding (no splicing), undo. */
class DeclaredToolsTest {
  @TempDir Path dir;

  static Path samplesFile() {
    return io.coagent.mcp.Repo.root().resolve("samples/mcp/workloads-tools.yaml");
  }

  private Path file(String yaml) throws Exception {
    Path f = dir.resolve("tools.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void workloadsSampleFile_loads_withGeneratedSchemas() throws Exception {
    DeclaredTools t = DeclaredTools.load(samplesFile(), ToolCatalog.builtInNames());
    assertEquals(10, t.tools().size());
    DeclaredTools.Tool restock = t.tools().get(0);
    assertEquals("UPDATE items SET qty = qty + ? WHERE sku = ?", restock.statement());
    assertEquals(List.of("qty", "sku"), restock.order());
    assertEquals(Map.of("type", "object", "properties", Map.of(
        "sku", Map.of("type", "string", "description", "the item"),
        "qty", Map.of("type", "integer", "description", "units to add")),
        "required", List.of("sku", "qty"), "additionalProperties", false),
        restock.inputSchema());
  }

  @Test
  void badFiles_areRefused_withTheFix() throws Exception {
    String ok = "tools:\n  - name: t\n    description: d\n    parameters:\n"
        + "      a: {type: integer}\n    sql: UPDATE x SET v = :a\n";
    DeclaredTools.load(file(ok), ToolCatalog.builtInNames());
    for (String[] bad : new String[][] {
        {ok.replace("name: t", "name: query"), "taken"},
        {ok.replace("type: integer", "type: date"), "use one of"},
        {ok.replace(":a", ":b"), "no parameter b"},
        {ok.replace(":a", "?"), "not ?"},
        {ok.replace("    description: d\n", ""), "needs a description"},
        {"tools:\n  - name: [t\n", "not a tools file"},
        {ok + "    irreversible: true\n", "an irreversible tool has no sql"},
        {ok.replace("    sql: UPDATE x SET v = :a\n", ""), "needs sql"},
        {ok.replace("sql: UPDATE x SET v = :a", "sql: UPDATE x SET v = 1"), "never uses :a"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DeclaredTools.load(file(bad[0]), ToolCatalog.builtInNames()));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void declaredTool_bindsArguments_neverSplices_andIsUndoable() throws Exception {
    String url = "jdbc:coagent:mem:declared-" + System.nanoTime();
    try (Connection op = DriverManager.getConnection(url); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE items (sku VARCHAR PRIMARY KEY, qty BIGINT)");
      s.executeUpdate("INSERT INTO items VALUES ('bolt', 5), ('nut', 7)");
      ToolCatalog tools = new ToolCatalog(DeclaredTools.load(samplesFile(),
          ToolCatalog.builtInNames()));
      try (SqlConnection observer = SqlConnection.open(url);
          AgentSession a = new AgentSession(SqlConnection.open(url + ";agent=a"), "m",
          observer)) {
        McpSchema.CallToolResult r = tools.call(a, "restock", Map.of("sku", "bolt", "qty", 3));
        assertFalse(Boolean.TRUE.equals(r.isError()), String.valueOf(r.structuredContent()));
        Map<String, Object> out = (Map<String, Object>) r.structuredContent();
        assertEquals(1L, ((Number) out.get("row_count")).longValue());

        // Injection through a parameter is only a value: no row has that sku, nothing else changes.
        r = tools.call(a, "restock", Map.of("sku", "x' OR '1'='1", "qty", 1000));
        assertEquals(0L, ((Number) ((Map<String, Object>) r.structuredContent()).get("row_count"))
            .longValue());
        r = tools.call(a, "restock", Map.of("sku", "nut", "qty", "1; DROP TABLE items"));
        assertTrue(r.isError(), "a string where an integer is declared is refused");
        r = tools.call(a, "restock", Map.of("sku", "nut", "qty", 1, "extra", 1));
        assertTrue(r.isError(), "an undeclared argument is refused");

        tools.call(a, "undo", Map.of("operation_id", out.get("operation_id")));
        tools.call(a, "commit", Map.of("wait_seconds", 10));
      }
      try (ResultSet rs = s.executeQuery("SELECT sku, qty FROM items ORDER BY sku")) {
        assertTrue(rs.next());
        assertEquals(5, rs.getLong(2), "bolt: the restock was undone");
        assertTrue(rs.next());
        assertEquals(7, rs.getLong(2), "nut: untouched");
      }
    }
  }

  private static Map<String, Object> call(ToolCatalog tools, AgentSession s, String name,
      Map<String, Object> args) {
    McpSchema.CallToolResult r = tools.call(s, name, args);
    assertFalse(Boolean.TRUE.equals(r.isError()), name + ": " + r.structuredContent());
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) r.structuredContent();
    return out;
  }

  private static String outbox(Statement s, long id) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT STATE, TOOL, PAYLOAD, AGENT FROM SYS.OUTBOX "
        + "WHERE ID = " + id)) {
      assertTrue(rs.next(), "entry " + id);
      return rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
          + rs.getString(4);
    }
  }

  @Test
  void irreversibleTool_isHeldUntilTheLowerRankCommits_thenReleasedOnce() throws Exception {
    String url = "jdbc:coagent:mem:irreversible-" + System.nanoTime();
    try (Connection op = DriverManager.getConnection(url); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE items (sku VARCHAR PRIMARY KEY, qty BIGINT)");
      s.executeUpdate("INSERT INTO items VALUES ('bolt', 5)");
      s.executeQuery("CALL SYS.LAUNCH('packer,mailer')").close();
      ToolCatalog tools = new ToolCatalog(DeclaredTools.load(samplesFile(),
          ToolCatalog.builtInNames()));
      ToolCatalog.Def listed = tools.defs().stream().filter(t -> t.name().equals(
          "notify_customer")).findFirst().orElseThrow();
      assertTrue(listed.description().contains("Irreversible"), listed.description());
      try (SqlConnection observer = SqlConnection.open(url);
          AgentSession packer = new AgentSession(SqlConnection.open(url
              + ";agent=packer"), "m", observer);
          AgentSession mailer = new AgentSession(SqlConnection.open(url
              + ";agent=mailer"), "m", observer)) {
        call(tools, packer, "restock", Map.of("sku", "bolt", "qty", 1));
        Map<String, Object> held = call(tools, mailer, "notify_customer",
            Map.of("id", "o-1", "message", "shipped'); DROP TABLE items; --"));
        long id = ((Number) held.get("outbox_id")).longValue();
        assertEquals("HELD", held.get("state"));
        assertEquals("HELD notify_customer {\"id\":\"o-1\",\"message\":\"shipped'); DROP "
            + "TABLE items; --\"} mailer", outbox(s, id), "arguments are data, never SQL");
        assertEquals("waiting", call(tools, mailer, "commit", Map.of("wait_seconds", 0))
            .get("status"));
        assertEquals("HELD", outbox(s, id).split(" ")[0], "held while the lower rank is open");
        java.sql.SQLException refused = assertThrows(java.sql.SQLException.class,
            () -> s.executeQuery("CALL SYS.OUTBOX_TAKE(" + id + ")"));
        assertEquals("55000", refused.getSQLState());
        assertEquals("committed", call(tools, packer, "commit", Map.of("wait_seconds", 10))
            .get("status"));
        assertEquals("committed", call(tools, mailer, "commit", Map.of("wait_seconds", 10))
            .get("status"));
        assertEquals("RELEASED", outbox(s, id).split(" ")[0]);
        try (ResultSet rs = s.executeQuery("CALL SYS.OUTBOX_TAKE(" + id + ")")) {
          assertTrue(rs.next());
          assertEquals("notify_customer", rs.getString("TOOL"));
        }
        assertEquals("CONSUMED", outbox(s, id).split(" ")[0]);

        // Undone before commit: discarded, never released.
        Map<String, Object> again = call(tools, mailer, "deploy", Map.of("release", "r2"));
        long second = ((Number) again.get("outbox_id")).longValue();
        call(tools, mailer, "undo", Map.of("operation_id", again.get("operation_id")));
        call(tools, mailer, "commit", Map.of("wait_seconds", 10));
        assertEquals("DISCARDED", outbox(s, second).split(" ")[0]);
        McpSchema.CallToolResult bad = tools.call(mailer, "deploy", Map.of("release", 7));
        assertTrue(bad.isError(), "a number where a string is declared is refused");
      }
    }
  }
}
