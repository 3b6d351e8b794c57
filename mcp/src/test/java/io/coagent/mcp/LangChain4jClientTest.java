package io.coagent.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import io.coagent.server.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's own MCP client ({@code langchain4j-mcp}: {@link DefaultMcpClient} over its
 * {@link StreamableHttpMcpTransport}) against the endpoint in token mode: the docs' LangChain4j
 * example is {@link #attach}'s body, character for character, and two such clients as two agents
 * play the inventory race.
 */
class LangChain4jClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QTY = "SELECT qty FROM stock WHERE id = 1";
  @TempDir Path dir;

  /** One agent: its MCP client (one session, so one trajectory) and the tools it offers a model. */
  record Agent(McpClient client, ToolProvider tools) {}

  static Agent attach(String url, String token) {
    // BEGIN docs/agents.md LangChain4j
    McpTransport transport = StreamableHttpMcpTransport.builder()
        .url(url)
        .customHeaders(Map.of("Authorization", "Bearer " + token))
        .build();
    McpClient client = DefaultMcpClient.builder().transport(transport).build();
    ToolProvider tools = McpToolProvider.builder().mcpClients(client).build();
    // END docs/agents.md LangChain4j
    return new Agent(client, tools);
  }

  /** Calls a tool as a LangChain4j AI service would; returns the structured result it gives. */
  private static JsonNode call(Agent a, String tool, String arguments) throws Exception {
    ToolExecutionResult r = a.client().executeTool(ToolExecutionRequest.builder()
        .id(tool).name(tool).arguments(arguments).build());
    assertFalse(r.isError(), tool + ": " + r.resultText());
    return JSON.readTree(r.resultText());
  }

  @Test
  void docsSnippet_isTheCodeThisTestRuns() throws Exception {
    String doc = AgentsDocTest.blocks("java").get(0);
    String src = Files.readString(Repo.root().resolve(
        "mcp/src/test/java/io/coagent/mcp/LangChain4jClientTest.java"));
    String region = src.substring(src.indexOf("// BEGIN docs/agents.md LangChain4j\n")
        + "// BEGIN docs/agents.md LangChain4j\n".length(),
        src.indexOf("    // END docs/agents.md LangChain4j"));
    String dedented = region.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
        .collect(Collectors.joining("\n", "", "\n"));
    assertEquals(doc, dedented, "docs/agents.md's LangChain4j block is attach()'s body");
  }

  @Test
  void twoLangChain4jAgents_bearerTokens_raceEndsInTheSerialState() throws Exception {
    Roles roles = Roles.in(dir);
    roles.put("restock-role", "restock", "pw1".toCharArray());
    roles.put("orders-role", "orders", "pw2".toCharArray());
    String restockToken = roles.newToken("restock-role");
    String ordersToken = roles.newToken("orders-role");
    try (Connection op = DriverManager.getConnection(
        "jdbc:coagent:file:" + dir.resolve("default.coagent"))) {
      McpHttpRaceTest.setUpRace(op);
      try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
          CoAgentMcpServer.Auth.TOKEN, null)) {
        String url = "http://127.0.0.1:" + mcp.port() + "/mcp";
        Agent restock = attach(url, restockToken);
        Agent orders = attach(url, ordersToken);
        try {
          race(restock, orders);
        } finally {
          restock.client().close();
          orders.client().close();
        }
      }
      McpHttpRaceTest.assertSerialAndVerified(op);
    }
  }

  private static void race(Agent restock, Agent orders) throws Exception {
    // The tools as LangChain4j lists them, and as its ToolProvider hands them to an AI service.
    List<ToolSpecification> specs = orders.client().listTools();
    Map<String, ToolSpecification> byName = specs.stream()
        .collect(Collectors.toMap(ToolSpecification::name, s -> s));
    assertTrue(byName.keySet().containsAll(Set.of("query", "execute", "commit", "undo", "ack",
        "notifications", "rollback", "schema")), byName.keySet().toString());
    for (ToolSpecification s : specs) {
      assertTrue(s.parameters() != null && s.description() != null && !s.description().isBlank(),
          s.name() + " has an input schema and a description");
    }
    assertTrue(byName.get("query").parameters().properties().containsKey("sql"));
    assertEquals(List.of("sql"), byName.get("query").parameters().required());
    assertTrue(byName.get("undo").parameters().required().contains("operation_id"));
    Set<String> provided = orders.tools().provideTools(ToolProviderRequest.builder()
        .invocationContext(dev.langchain4j.invocation.InvocationContext.builder().build())
        .userMessage(dev.langchain4j.data.message.UserMessage.from("sell 3")).build())
        .tools().keySet().stream().map(ToolSpecification::name).collect(Collectors.toSet());
    assertEquals(byName.keySet(), provided, "the ToolProvider offers the server's tools");

    String read = "{\"sql\": \"" + QTY + "\"}";
    assertEquals(10, call(restock, "query", read).at("/rows/0/QTY").asInt());
    assertEquals(10, call(orders, "query", read).at("/rows/0/QTY").asInt());
    JsonNode sale = call(orders, "execute",
        "{\"sql\": \"UPDATE stock SET qty = ? WHERE id = 1\", \"params\": [7]}");
    assertEquals(3, sale.get("rank").asInt(), "orders is the higher rank");
    assertTrue(sale.get("notifications").isEmpty());
    JsonNode wrote = call(restock, "execute", "{\"sql\": \"UPDATE stock SET qty = qty + 5 "
        + "WHERE id = 1\"}");
    assertEquals(2, wrote.get("rank").asInt(), "restock is the lower rank");

    // The very next result orders gets, whatever the tool, carries what changed under it.
    JsonNode next = call(orders, "schema", "{}");
    assertEquals(1, next.get("notifications").size(), next.toString());
    JsonNode n = next.get("notifications").get(0);
    assertEquals("restock", n.at("/writer/agent").asText());
    assertEquals("[1,10]", n.get("seen").toString());
    assertEquals("[1,15]", n.get("now").toString());
    assertTrue(n.get("affects").toString().contains(sale.get("operation_id").asText()));
    assertEquals("notifications_pending",
        call(orders, "commit", "{\"wait_seconds\": 0}").get("status").asText());

    // Repair: undo the sale, read again, redo it on the value now, acknowledge.
    call(orders, "undo", "{\"operation_id\": " + sale.get("operation_id").asLong() + "}");
    int fresh = call(orders, "query", read).at("/rows/0/QTY").asInt();
    assertEquals(15, fresh);
    call(orders, "execute", "{\"sql\": \"UPDATE stock SET qty = ? WHERE id = 1\", \"params\": ["
        + (fresh - 3) + "]}");
    JsonNode acked = call(orders, "ack", "{\"ids\": [" + n.get("id").asLong() + "]}");
    assertTrue(acked.get("notifications").isEmpty());

    JsonNode waiting = call(orders, "commit", "{\"wait_seconds\": 0}");
    assertEquals("waiting", waiting.get("status").asText(), waiting.toString());
    assertEquals("restock", waiting.at("/waiting_for/0/agent").asText());
    assertEquals("committed",
        call(restock, "commit", "{\"wait_seconds\": 10}").get("status").asText());
    assertEquals("committed",
        call(orders, "commit", "{\"wait_seconds\": 30}").get("status").asText());
  }
}
