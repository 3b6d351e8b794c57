package io.coagent.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coagent.server.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/node/langgraph_agent.mjs}: a LangGraph.js prebuilt ReAct agent on the CoAgent
 * tools through LangChain's MCP adapter (its model scripted: no LLM here), the higher rank of the
 * inventory race against a plain MCP client, in token mode. The docs' LangGraph example is the
 * script's marked region.
 */
class LangGraphClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT = "langgraph_agent.mjs";
  @TempDir Path dir;

  @Test
  void docsSnippet_isTheCodeTheSampleRuns() throws Exception {
    String doc = AgentsDocTest.blocks("js").get(0);
    String src = Files.readString(NodeClients.samples().resolve(SCRIPT));
    String begin = "// BEGIN docs/agents.md LangGraph\n";
    String region = src.substring(src.indexOf(begin) + begin.length(),
        src.indexOf("// END docs/agents.md LangGraph"));
    assertEquals(doc, region, "docs/agents.md's LangGraph block is the sample's marked region");
  }

  @Test
  void langGraphReactAgent_higherRank_repairsOnTheNotification_endsInTheSerialState()
      throws Exception {
    NodeClients.require("@modelcontextprotocol/sdk", "@langchain/mcp-adapters",
        "@langchain/langgraph", "@langchain/core");
    Roles roles = Roles.in(dir);
    roles.put("restock-role", "restock", "pw1".toCharArray());
    roles.put("orders-role", "orders", "pw2".toCharArray());
    String restockToken = roles.newToken("restock-role");
    String ordersToken = roles.newToken("orders-role");
    try (Connection op = DriverManager.getConnection(
        "jdbc:coagent:file:" + dir.resolve("default.coagent"))) {
      McpHttpRaceTest.setUpRace(op);
      NodeClients.Run r;
      try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
          CoAgentMcpServer.Auth.TOKEN, null)) {
        r = NodeClients.run(SCRIPT, List.of("--http", "http://127.0.0.1:" + mcp.port() + "/mcp",
            "--token-orders", ordersToken, "--token-restock", restockToken));
      }
      // Kept for a failure's diagnosis.
      Files.writeString(Path.of("target", "langgraph-agent-output.txt"), r.output());
      assertEquals(0, r.exit(), r.output());
      assertTrue(r.output().contains("LANGGRAPH RACE OK"), r.output());
      assertNotifiedAfterTheLowerRanksWrite_andRepaired(r.output());
      McpHttpRaceTest.assertSerialAndVerified(op);
    }
  }

  /** Read from the printed tool messages, independently of the script's own checks. */
  private static void assertNotifiedAfterTheLowerRanksWrite_andRepaired(String output)
      throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String l : output.split("\n")) {
      if (l.startsWith("{")) {
        lines.add(JSON.readTree(l));
      }
    }
    int write = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).path("agent").asText().equals("restock")
          && lines.get(i).path("call").asText().equals("execute")) {
        write = i;
        break;
      }
    }
    assertTrue(write > 0, output);
    JsonNode before = lines.get(write - 1);
    assertEquals("orders", before.path("agent").asText(), output);
    JsonNode next = lines.get(write + 1);
    assertEquals("orders", next.path("agent").asText(), output);
    JsonNode n = next.at("/result/notifications/0");
    assertEquals("restock", n.at("/writer/agent").asText(), "the tool message after restock's "
        + "write carries the notification: " + next);
    assertEquals("[1,10]", n.get("seen").toString());
    assertEquals("[1,15]", n.get("now").toString());
    List<String> repair = new ArrayList<>();
    for (JsonNode l : lines.subList(write + 2, lines.size())) {
      if (l.path("agent").asText().equals("orders") && l.has("call")) {
        repair.add(l.get("call").asText());
      }
    }
    assertEquals(List.of("undo", "query", "execute", "ack", "commit", "commit"), repair, output);
  }
}
