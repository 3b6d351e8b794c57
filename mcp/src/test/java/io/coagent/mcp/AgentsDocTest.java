package io.coagent.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/agents.md, executed. */
class AgentsDocTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static Path root() {
    return Repo.root();
  }

  static List<String> blocks(String lang) throws Exception {
    String doc = Files.readString(root().resolve("docs/agents.md"));
    Matcher m = Pattern.compile("```" + lang + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The race transcript in the doc is, call by call, what a run printed. */
  static void assertTranscriptIsDocumented(String output) throws Exception {
    // Kept for a failure's diagnosis, and to refresh the doc when the tools' results change.
    Files.writeString(Path.of("target", "mcp-race-transcript.jsonl"), output);
    List<JsonNode> ran = new ArrayList<>();
    for (String l : output.split("\n")) {
      if (l.startsWith("{")) {
        ran.add(JSON.readTree(l));
      }
    }
    List<JsonNode> doc = new ArrayList<>();
    for (String l : blocks("jsonl").get(0).split("\n")) {
      if (!l.isBlank()) {
        doc.add(JSON.readTree(l));
      }
    }
    assertEquals(doc.size(), ran.size(), "calls in docs/agents.md's transcript vs the run");
    for (int i = 0; i < doc.size(); i++) {
      assertEquals(doc.get(i), ran.get(i), "transcript line " + (i + 1));
    }
  }

  @Test
  void claudeCodeMcpJson_namesAnAgentTheServerAccepts() throws Exception {
    JsonNode mcpJson = JSON.readTree(blocks("json").stream().filter(b -> b.contains("mcpServers")
        && b.contains("\"url\"")).findFirst().orElseThrow());
    String url = mcpJson.at("/mcpServers/coagent/url").asText();
    assertEquals("http", mcpJson.at("/mcpServers/coagent/type").asText());
    try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
        CoAgentMcpServer.Auth.TRUST, null)) {
      String local = url.replace(":5434/", ":" + mcp.port() + "/");
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(local)).header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
              + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":"
              + "{},\"clientInfo\":{\"name\":\"claude-code\",\"version\":\"1\"}}}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"tools\""), r.body());
    }
  }

  @Test
  void stdioMcpJson_bridgesTheAgentToTheServersSharedStore() throws Exception {
    NodeClients.require();
    JsonNode entry = JSON.readTree(blocks("json").stream().filter(b -> b.contains("mcpServers")
        && b.contains("\"command\"")).findFirst().orElseThrow()).at("/mcpServers/coagent");
    assertEquals("./coagent", entry.get("command").asText());
    List<String> args = new ArrayList<>();
    entry.get("args").forEach(a -> args.add(a.asText()));
    assertEquals(List.of("mcp", "--url"), args.subList(0, 2), "coagent mcp --url URL");
    String store = "jdbc:coagent:file:" + dir.resolve("default.coagent");
    try (java.sql.Connection op = java.sql.DriverManager.getConnection(store);
        java.sql.Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
          CoAgentMcpServer.Auth.TRUST, null)) {
        // ./coagent mcp --url U is StdioMain U on this class path (cli's McpCommandTest runs
        // the command itself).
        String url = args.get(2).replace(":5434/", ":" + mcp.port() + "/");
        NodeClients.Run r = NodeClients.run("mcp_stdio_agent.mjs", List.of(JSON
            .writeValueAsString(McpStdioBridgeTest.bridge(url))));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("STDIO OK"), r.output());
      }
      try (java.sql.ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals(15, rs.getInt(1), "the agent's commit is in the server's store");
      }
    }
  }

  @Test
  void declaredToolsExample_isTheSampleFilesFirstTool_andChecks() throws Exception {
    String yaml = blocks("yaml").get(0);
    Path f = dir.resolve("t.yaml");
    Files.writeString(f, yaml);
    assertEquals(List.of("restock(sku string, qty integer)"), CoAgentMcpServer.checkTools(f));
    String sample = Files.readString(root().resolve("samples/mcp/workloads-tools.yaml"));
    assertTrue(sample.contains(yaml.substring(yaml.indexOf("  - name: restock"))),
        "the doc's example is the sample file's restock tool");
    List<String> all = CoAgentMcpServer.checkTools(root().resolve(
        "samples/mcp/workloads-tools.yaml"));
    assertEquals(10, all.size());
    String irreversible = blocks("yaml").get(1);
    Files.writeString(f, "tools:\n" + irreversible);
    assertEquals(List.of("notify_customer(id string, message string) irreversible"),
        CoAgentMcpServer.checkTools(f));
    assertTrue(sample.contains(irreversible), "the doc's irreversible example is the sample's");
    assertTrue(all.contains("notify_customer(id string, message string) irreversible"), all
        .toString());
  }

  @Test
  void outboxExample_takesTheReleasedEntryOfTheIrreversibleTool() throws Exception {
    Path f = dir.resolve("irreversible.yaml");
    Files.writeString(f, "tools:\n" + blocks("yaml").get(1));
    String url = "jdbc:coagent:mem:agents-doc-outbox-" + System.nanoTime();
    List<String> sql = blocks("sql").stream().filter(b -> b.contains("SYS.OUTBOX_TAKE"))
        .findFirst().orElseThrow().lines().map(l -> l.replaceAll("\\s*--.*$", "")).toList();
    try (java.sql.Connection op = java.sql.DriverManager.getConnection(url);
        java.sql.Statement s = op.createStatement()) {
      io.coagent.mcp.internal.DocHooks.callTool(f, url + ";agent=mailer", op, "notify_customer",
          java.util.Map.of("id", "o-7", "message", "shipped"));
      long id;
      try (java.sql.ResultSet rs = s.executeQuery(sql.get(0))) {
        assertTrue(rs.next(), "the released entry is listed");
        id = rs.getLong("ID");
        assertEquals("notify_customer", rs.getString("TOOL"));
        assertEquals("{\"id\":\"o-7\",\"message\":\"shipped\"}", rs.getString("PAYLOAD"));
      }
      try (java.sql.ResultSet rs = s.executeQuery(sql.get(1).replace("42", Long.toString(id)))) {
        assertTrue(rs.next());
        assertEquals(id, rs.getLong("ID"));
      }
    }
  }
}
