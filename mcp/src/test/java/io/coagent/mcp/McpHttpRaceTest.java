package io.coagent.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.server.Roles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two agents over Streamable HTTP, driven by the official MCP TypeScript SDK client. */
class McpHttpRaceTest {
  @TempDir Path dir;

  private Connection operator() throws Exception {
    return DriverManager.getConnection("jdbc:coagent:file:" + dir.resolve("default.coagent"));
  }

  static void setUpRace(Connection op) throws Exception {
    try (Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
    }
  }

  static void assertSerialAndVerified(Connection op) throws Exception {
    try (Statement s = op.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals(12, rs.getInt(1), "serial run: 10 + 5 (restock) - 3 (orders)");
      }
      try (ResultSet rs = s.executeQuery("CALL SYS.VERIFY()")) {
        assertTrue(rs.next());
        assertEquals("SUMMARY", rs.getString("ROW_TYPE"));
        assertTrue(rs.getBoolean("OK"), "SYS.VERIFY certifies the run");
      }
    }
  }

  @Test
  void inventoryRace_overStreamableHttp_trust_endsInTheSerialState() throws Exception {
    NodeClients.require();
    try (Connection op = operator()) {
      setUpRace(op);
      try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
          CoAgentMcpServer.Auth.TRUST, null)) {
        NodeClients.Run r = NodeClients.run("mcp_inventory_race.mjs",
            List.of("--http", "http://127.0.0.1:" + mcp.port() + "/mcp"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("RACE OK"), r.output());
        AgentsDocTest.assertTranscriptIsDocumented(r.output());
      }
      assertSerialAndVerified(op);
    }
  }

  @Test
  void inventoryRace_overStreamableHttp_bearerTokens() throws Exception {
    NodeClients.require();
    Roles roles = Roles.in(dir);
    roles.put("restock-role", "restock", "pw1".toCharArray());
    roles.put("orders-role", "orders", "pw2".toCharArray());
    String t1 = roles.newToken("restock-role");
    String t2 = roles.newToken("orders-role");
    try (Connection op = operator()) {
      setUpRace(op);
      try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
          CoAgentMcpServer.Auth.TOKEN, null)) {
        NodeClients.Run r = NodeClients.run("mcp_inventory_race.mjs", List.of("--http",
            "http://127.0.0.1:" + mcp.port() + "/mcp", "--token-restock", t1,
            "--token-orders", t2));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("RACE OK"), r.output());
      }
      assertSerialAndVerified(op);
    }
  }

  // ---------------------------------------------------------------- safety, raw HTTP

  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
      + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
      + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  private static HttpResponse<String> post(String url, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void missingOrUnknownCredentials_are401_withTheFix() throws Exception {
    Roles.in(dir).put("r", "orders", "pw".toCharArray());
    try (CoAgentMcpServer trust = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
        CoAgentMcpServer.Auth.TRUST, null);
        CoAgentMcpServer token = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
            CoAgentMcpServer.Auth.TOKEN, null)) {
      HttpResponse<String> r = post("http://127.0.0.1:" + trust.port() + "/mcp", INIT);
      assertEquals(401, r.statusCode());
      assertTrue(r.body().contains("?agent=NAME"), r.body());
      r = post("http://127.0.0.1:" + token.port() + "/mcp", INIT);
      assertEquals(401, r.statusCode());
      assertTrue(r.body().contains("coagent role token"), r.body());
      r = post("http://127.0.0.1:" + token.port() + "/mcp", INIT, "Authorization",
          "Bearer coagent_forged");
      assertEquals(401, r.statusCode());
      assertTrue(r.body().contains("unknown bearer token"), r.body());
      r = post("http://127.0.0.1:" + token.port() + "/mcp?agent=orders", INIT);
      assertEquals(401, r.statusCode(), "a URL never names the agent outside trust mode");
    }
  }

  @Test
  void aSessionCannotBeUsedAsAnotherAgent_andMalformedJsonRpcLeavesTheServerUp()
      throws Exception {
    try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
        CoAgentMcpServer.Auth.TRUST, null)) {
      String base = "http://127.0.0.1:" + mcp.port() + "/mcp";
      HttpResponse<String> init = post(base + "?agent=orders", INIT);
      assertEquals(200, init.statusCode(), init.body());
      String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"notifications\",\"arguments\":{}}}";
      HttpResponse<String> stolen = post(base + "?agent=restock", call, "Mcp-Session-Id", sid);
      assertEquals(403, stolen.statusCode());
      assertTrue(stolen.body().contains("belongs to agent orders"), stolen.body());

      for (String junk : List.of("{", "[]", "{\"jsonrpc\":\"2.0\"}", "null", "\u0000\u0001")) {
        HttpResponse<String> r = post(base + "?agent=orders", junk, "Mcp-Session-Id", sid);
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + " " + r.body());
      }
      assertEquals(200, post(base + "?agent=orders", INIT).statusCode(), "still serving");
    }
  }
}
