package io.coagent.mcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stdio endpoint in process, without a Node client (McpStdioTest needs one): the
 * JDBC URL is parsed and connected by the session layer, the agent's calls work in its trajectory
 * and its commit is durable; URLs it cannot serve are refused before the client is answered.
 */
class StdioEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void operatorUrl_isRefusedBeforeAnything() {
    SQLException e = assertThrows(SQLException.class, () -> StdioEndpoint.run(
        "jdbc:coagent:mem:stdio-operator-" + System.nanoTime(), DeclaredTools.empty(),
        new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()));
    assertEquals("28000", e.getSQLState(), e.getMessage());
  }

  @Test
  void badUrlProperty_isRefusedWithTheUrlGrammarsError() {
    SQLException e = assertThrows(SQLException.class, () -> StdioEndpoint.run(
        "jdbc:coagent:mem:stdio-bad;agent=a;rank=zero", DeclaredTools.empty(),
        new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()));
    assertEquals("22023", e.getSQLState(), e.getMessage());
  }

  @Test
  void stdioAgent_writesAndCommits_durably() throws Exception {
    String store = "jdbc:coagent:file:" + dir.resolve("shop.coagent");
    try (Connection op = DriverManager.getConnection(store); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
    }
    PipedOutputStream toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    PipedInputStream fromServer = new PipedInputStream(1 << 16);
    OutputStream serverOut = new PipedOutputStream(fromServer);
    CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
      try {
        StdioEndpoint.run(store + ";agent=restock", DeclaredTools.empty(), serverIn, serverOut);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    BufferedReader replies = new BufferedReader(new InputStreamReader(fromServer,
        StandardCharsets.UTF_8));
    send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
    assertEquals(1, reply(replies).get("id").asInt());
    send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
        + "\"name\":\"execute\",\"arguments\":{\"sql\":"
        + "\"UPDATE stock SET qty = qty + 5 WHERE id = 1\"}}}");
    JsonNode executed = reply(replies).get("result");
    assertFalse(executed.path("isError").asBoolean(), executed.toString());
    assertEquals(1, executed.get("structuredContent").get("row_count").asInt());
    send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{"
        + "\"name\":\"commit\",\"arguments\":{\"wait_seconds\":10}}}");
    JsonNode committed = reply(replies).get("result");
    assertEquals("committed", committed.get("structuredContent").get("status").asText(),
        committed.toString());
    toServer.close(); // stdin ends: the endpoint closes its session and connections
    served.get(30, TimeUnit.SECONDS);
    try (Connection op = DriverManager.getConnection(store); Statement s = op.createStatement();
        ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals(15, rs.getInt(1), "the stdio agent's commit is durable");
    }
  }

  private static void send(OutputStream out, String message) throws Exception {
    out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The next JSON-RPC response (lines that are not responses, such as logs, are skipped). */
  private static JsonNode reply(BufferedReader in) throws Exception {
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new AssertionError("the endpoint ended its output before answering");
      }
      JsonNode n = JSON.readTree(line);
      if (n.has("id") && (n.has("result") || n.has("error"))) {
        return n;
      }
    }
  }
}
