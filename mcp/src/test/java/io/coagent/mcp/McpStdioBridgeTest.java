package io.coagent.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coagent.server.Roles;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coagent mcp --url http://...}: two agents over stdio, each a bridge process to ONE
 * server's Streamable HTTP endpoint, so they race on one shared store.
 */
class McpStdioBridgeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Connection operator() throws Exception {
    return DriverManager.getConnection("jdbc:coagent:file:" + dir.resolve("default.coagent"));
  }

  /** A bridge as a child JVM: what {@code coagent mcp --url URL} runs. */
  static List<String> bridge(String url) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), StdioMain.class.getName(), url);
  }

  /** An {@code .mcp.json} server entry: command, args and env. */
  static String entry(String url, String token) throws Exception {
    List<String> cmd = bridge(url);
    return JSON.writeValueAsString(Map.of("command", cmd.get(0), "args", cmd.subList(1,
        cmd.size()), "env", Map.of("COAGENT_TOKEN", token)));
  }

  /** The server closes a DELETEd session just after answering: wait a moment for the count. */
  static void assertSessionsDropTo(CoAgentMcpServer mcp, int n) throws InterruptedException {
    for (int i = 0; i < 100 && mcp.sessions() != n; i++) {
      Thread.sleep(50);
    }
    assertEquals(n, mcp.sessions(), "MCP sessions with an open agent connection");
  }

  @Test
  void inventoryRace_overTwoStdioBridges_trust_endsInTheSerialState() throws Exception {
    McpHttpRaceTest.race(dir, CoAgentMcpServer.Auth.TRUST, url -> List.of(
        "--stdio-restock", JSON.writeValueAsString(bridge(url + "?agent=restock")),
        "--stdio-orders", JSON.writeValueAsString(bridge(url + "?agent=orders&db=default"))),
        (mcp, r) -> {
          AgentsDocTest.assertTranscriptIsDocumented(r.output());
          assertSessionsDropTo(mcp, 0); // each bridge saw stdin end and DELETEd its session
        });
  }

  @Test
  void inventoryRace_overTwoStdioBridges_bearerTokensFromEnv() throws Exception {
    String[] t = McpHttpRaceTest.raceTokens(dir);
    McpHttpRaceTest.race(dir, CoAgentMcpServer.Auth.TOKEN, url -> List.of(
        "--stdio-restock", entry(url, t[0]), "--stdio-orders", entry(url, t[1])),
        (mcp, r) -> assertSessionsDropTo(mcp, 0));
  }

  @Test
  void wrongToken_isAnErrorNamingTheFix_andTheBridgeEndsWithTheClient() throws Exception {
    NodeClients.require();
    Roles.in(dir).put("orders-role", "orders", "pw".toCharArray());
    try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
        CoAgentMcpServer.Auth.TOKEN, null)) {
      NodeClients.Run r = NodeClients.run("mcp_stdio_agent.mjs", List.of(
          entry("http://127.0.0.1:" + mcp.port() + "/mcp", "coagent_forged"), "--refused",
          "coagent role token"));
      assertEquals(0, r.exit(), r.output());
      assertTrue(r.output().contains("REFUSED OK"), r.output());
      assertTrue(r.output().contains("unknown bearer token"), "the server's reason: " + r.output());
      assertTrue(r.output().contains("COAGENT_TOKEN"), "the fix names the variable: "
          + r.output());
      assertTrue(r.output().lines().anyMatch(l -> l.startsWith("coagent mcp: the CoAgent server")),
          "one line on the bridge's stderr: " + r.output());
      assertEquals(0, mcp.sessions());
    }
  }

  // ---------------------------------------------------------------- raw JSON-RPC lines

  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
      + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
      + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private static String call(int id, String tool, String args) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool + "\",\"arguments\":" + args + "}}";
  }

  /** The bridge in this JVM on a fixed input; returns its stdout lines, and its stderr. */
  private static List<JsonNode> bridgeInProcess(String url, String token, StringBuilder err,
      String... lines) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    CoAgentMcpServer.bridgeStdio(url, token, new ByteArrayInputStream((String.join("\n", lines)
        + "\n").getBytes(StandardCharsets.UTF_8)), out, new PrintStream(errBytes, true,
        StandardCharsets.UTF_8));
    err.append(errBytes.toString(StandardCharsets.UTF_8));
    List<JsonNode> got = new ArrayList<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isEmpty()) {
        got.add(JSON.readTree(l));
      }
    }
    return got;
  }

  private static JsonNode byId(List<JsonNode> msgs, int id) {
    return msgs.stream().filter(m -> m.path("id").asInt(-1) == id).findFirst()
        .orElseThrow(() -> new AssertionError("no answer to id " + id + " in " + msgs));
  }

  @Test
  void refusalsAndAnUnreachableServer_areErrorResponsesToTheirIds_namingTheFix()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    StringBuilder err = new StringBuilder();
    List<JsonNode> got = bridgeInProcess("http://127.0.0.1:" + closed + "/mcp?agent=a", null, err,
        INIT, INITIALIZED, call(2, "schema", "{}"));
    assertEquals(2, got.size(), "answers to both requests, none to the notification: " + got);
    assertTrue(byId(got, 1).at("/error/message").asText().contains("coagent server --mcp-port"),
        got.toString());
    assertEquals("08001", byId(got, 2).at("/error/data/sqlstate").asText());
    assertEquals(3, err.toString().lines().count(), "one stderr line per failure: " + err);

    try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
        CoAgentMcpServer.Auth.TRUST, null)) {
      String base = "http://127.0.0.1:" + mcp.port();
      JsonNode noAgent = byId(bridgeInProcess(base + "/mcp", null, err, INIT), 1);
      assertEquals(401, noAgent.at("/error/data/http_status").asInt());
      assertTrue(noAgent.at("/error/message").asText().contains("?agent=NAME"), noAgent.toString());
      JsonNode badDb = byId(bridgeInProcess(base + "/mcp?agent=a&db=no%20such", null, err, INIT),
          1);
      assertEquals(400, badDb.at("/error/data/http_status").asInt());
      assertEquals("3D000", badDb.at("/error/data/sqlstate").asText(), badDb.toString());
      JsonNode wrongPath = byId(bridgeInProcess(base + "/other?agent=a", null, err, INIT), 1);
      assertTrue(wrongPath.at("/error/message").asText().contains("http://HOST:PORT/mcp"),
          wrongPath.toString());
    }
  }

  @Test
  void concurrentRequests_moreThanTheInFlightBound_eachAnswerIsOneWholeLine() throws Exception {
    try (Connection op = operator()) {
      McpHttpRaceTest.setUpRace(op);
      try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
          CoAgentMcpServer.Auth.TRUST, null)) {
        List<String> lines = new ArrayList<>(List.of(INIT, INITIALIZED));
        String big = "y".repeat(60_000); // answers of ~120 KB: interleaved writes would show
        for (int i = 0; i < 40; i++) {
          lines.add(call(100 + i, "query", "{\"sql\":\"SELECT '" + big + "' AS s, " + i
              + " AS i FROM stock\"}"));
        }
        StringBuilder err = new StringBuilder();
        List<JsonNode> got = bridgeInProcess("http://127.0.0.1:" + mcp.port()
            + "/mcp?agent=orders", null, err, lines.toArray(String[]::new));
        assertEquals(41, got.size(), "initialize and 40 answers, each one parseable line");
        for (int i = 0; i < 40; i++) {
          JsonNode row = byId(got, 100 + i).at("/result/structuredContent/rows/0");
          assertEquals(i, row.get("I").asInt(), row.toString().substring(0, 20));
          assertEquals(big, row.get("S").asText());
        }
        assertEquals("", err.toString(), "no failures");
      }
    }
  }

  @Test
  void badInputGetsErrors_theBridgeGoesOnServing_andStdinEndEndsTheSession() throws Exception {
    try (Connection op = operator()) {
      McpHttpRaceTest.setUpRace(op);
      try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dir, "127.0.0.1", 0,
          CoAgentMcpServer.Auth.TRUST, null)) {
        ProcessBuilder pb = new ProcessBuilder(bridge("http://127.0.0.1:" + mcp.port()
            + "/mcp?agent=orders"));
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
          try {
            p.getErrorStream().transferTo(err);
          } catch (java.io.IOException e) {
            // the process ended
          }
        });
        drain.start();
        try {
          OutputStream in = p.getOutputStream();
          BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
              StandardCharsets.UTF_8));
          // Over the line limit (the server's 4 MiB body limit): refused by id, read to its end.
          String huge = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":"
              + "\"query\",\"arguments\":{\"sql\":\"SELECT '" + "x".repeat(5 << 20)
              + "'\"}},\"id\":7}";
          for (String l : List.of("{", "[1,2]", huge, INIT)) {
            in.write((l + "\n").getBytes(StandardCharsets.UTF_8));
          }
          in.flush();
          JsonNode notJson = JSON.readTree(out.readLine());
          assertEquals(-32700, notJson.at("/error/code").asInt(), notJson.toString());
          assertTrue(notJson.get("id").isNull());
          JsonNode batch = JSON.readTree(out.readLine());
          assertTrue(batch.at("/error/message").asText().contains("batches"), batch.toString());
          JsonNode tooLong = JSON.readTree(out.readLine());
          assertEquals(7, tooLong.get("id").asInt(), tooLong.toString());
          assertTrue(tooLong.at("/error/message").asText().contains("4194304"), tooLong.toString());
          JsonNode init = JSON.readTree(out.readLine());
          assertEquals(1, init.get("id").asInt());
          assertTrue(init.at("/result/capabilities").has("tools"), init.toString());
          in.write((INITIALIZED + "\n" + call(2, "query", "{\"sql\":\"SELECT qty FROM stock "
              + "WHERE id = 1\"}") + "\n").getBytes(StandardCharsets.UTF_8));
          in.flush();
          JsonNode q = JSON.readTree(out.readLine());
          assertEquals(2, q.get("id").asInt(), q.toString());
          assertEquals(10, q.at("/result/structuredContent/rows/0/QTY").asInt(), q.toString());
          assertEquals(1, mcp.sessions(), "the bridge's session holds the agent's connection");

          in.close(); // stdin's end: the bridge DELETEs its session and exits 0
          assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the bridge ends at stdin's end");
          assertEquals(0, p.exitValue());
          assertEquals(null, out.readLine(), "nothing after the answers");
          assertSessionsDropTo(mcp, 0);
        } finally {
          p.destroyForcibly();
          drain.join(5000);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(3, stderr.lines().filter(l -> l.startsWith("coagent mcp: ")).count(),
            "one stderr line per bad input: " + stderr);
      }
    }
  }
}
