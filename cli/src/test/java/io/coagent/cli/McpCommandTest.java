package io.coagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coagent server --mcp-port}, {@code coagent role token}, {@code coagent tools check}. */
class McpCommandTest {
  @TempDir Path dir;

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
  void serverWithMcpPort_servesTheSameStoresAsThePostgresEndpoint() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), "io.coagent.cli.Main",
        "server", "--data", dir.toString(), "--port", "0", "--mcp-port", "0", "--auth", "trust");
    pb.redirectErrorStream(true);
    Process server = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8));
      Pattern pg = Pattern.compile("coagent server listening on 127\\.0\\.0\\.1:(\\d+) .*");
      Pattern mcp = Pattern.compile("coagent mcp listening on (http://127\\.0\\.0\\.1:\\d+/mcp)");
      int pgPort = -1;
      String mcpUrl = null;
      StringBuilder seen = new StringBuilder();
      for (String l; mcpUrl == null && (l = out.readLine()) != null; ) {
        seen.append(l).append('\n');
        Matcher m = pg.matcher(l);
        if (m.matches()) {
          pgPort = Integer.parseInt(m.group(1));
        }
        m = mcp.matcher(l);
        if (m.matches()) {
          mcpUrl = m.group(1);
        }
      }
      assertTrue(pgPort > 0 && mcpUrl != null, seen.toString());
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort
          + "/default?user=operator&sslmode=disable"); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
        s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      }
      HttpResponse<String> init = post(mcpUrl + "?agent=planner", "{\"jsonrpc\":\"2.0\",\"id\":1,"
          + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertEquals(200, init.statusCode(), init.body());
      String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      post(mcpUrl + "?agent=planner", "{\"jsonrpc\":\"2.0\",\"method\":"
          + "\"notifications/initialized\"}", "Mcp-Session-Id", sid);
      HttpResponse<String> q = post(mcpUrl + "?agent=planner", "{\"jsonrpc\":\"2.0\",\"id\":2,"
          + "\"method\":\"tools/call\",\"params\":{\"name\":\"query\",\"arguments\":{\"sql\":"
          + "\"SELECT qty FROM stock WHERE id = 1\"}}}", "Mcp-Session-Id", sid);
      assertEquals(200, q.statusCode(), q.body());
      assertTrue(q.body().contains("\"rows\":[{\"QTY\":10}]"), q.body());
    } finally {
      server.destroyForcibly();
      server.waitFor();
    }
  }

  private static String stdout(Runnable r) {
    return captured(false, r);
  }

  private static String stderr(Runnable r) {
    return captured(true, r);
  }

  /** What {@code r} prints on stdout (or stderr). */
  private static String captured(boolean err, Runnable r) {
    PrintStream old = err ? System.err : System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream to = new PrintStream(buf, true, StandardCharsets.UTF_8);
    if (err) {
      System.setErr(to);
    } else {
      System.setOut(to);
    }
    try {
      r.run();
    } finally {
      if (err) {
        System.setErr(old);
      } else {
        System.setOut(old);
      }
    }
    return buf.toString(StandardCharsets.UTF_8);
  }


  @Test
  void mcpWithAnHttpUrl_bridgesToTheServerAsTheTokensAgent_andOtherUrlsAreRefused()
      throws Exception {
    for (String url : new String[] {"jdbc:coagent://127.0.0.1:5433/default",
        "jdbc:postgresql://127.0.0.1/db", "ftp://host/mcp"}) {
      String err = stderr(() -> assertEquals(2, Main.run("mcp", "--url", url)));
      assertTrue(err.contains("http(s)://HOST:PORT/mcp") && err.contains("jdbc:coagent:file:"),
          "names the two accepted forms: " + err);
    }
    String help = stdout(() -> Main.run("mcp", "--help"));
    assertTrue(help.contains("COAGENT_TOKEN") && help.contains(" ps"), help);

    io.coagent.server.Roles roles = io.coagent.server.Roles.in(dir);
    roles.put("planner-role", "planner", "pw".toCharArray());
    String token = roles.newToken("planner-role");
    try (io.coagent.mcp.CoAgentMcpServer mcp = io.coagent.mcp.CoAgentMcpServer.start(dir,
        "127.0.0.1", 0, io.coagent.mcp.CoAgentMcpServer.Auth.TOKEN, null)) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
          "java").toString(), "-cp", System.getProperty("java.class.path"), "io.coagent.cli.Main",
          "mcp", "--url", "http://127.0.0.1:" + mcp.port() + "/mcp");
      pb.environment().put("COAGENT_TOKEN", token);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      try {
        p.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
            + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"notifications\",\"arguments\":{}}}\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close(); // the bridge answers what it read, then ends
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].contains("\"serverInfo\":{\"name\":\"coagent\""), lines[0]);
        assertTrue(lines[1].contains("\"id\":2") && lines[1].contains("\"operations\""),
            lines[1]);
        for (int i = 0; i < 100 && mcp.sessions() > 0; i++) {
          Thread.sleep(50); // the server closes a DELETEd session just after answering
        }
        assertEquals(0, mcp.sessions(), "the session ended with stdin");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void roleToken_printsAFreshToken_andStoresOnlyItsHash() throws Exception {
    java.io.InputStream stdin = System.in;
    System.setIn(new java.io.ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8)));
    try {
      assertEquals(0, Main.run("role", "add", "bot", "--agent", "planner", "--data",
          dir.toString(), "--password-stdin"));
    } finally {
      System.setIn(stdin);
    }
    String token = stdout(() -> assertEquals(0, Main.run("role", "token", "bot", "--data",
        dir.toString()))).strip();
    assertTrue(token.startsWith("coagent_") && token.length() > 40, token);
    String onDisk = Files.readString(dir.resolve("roles.json"));
    assertFalse(onDisk.contains(token), "the token itself is never stored");
    assertTrue(io.coagent.server.Roles.in(dir).byToken(token).isPresent());
    String second = stdout(() -> Main.run("role", "token", "bot", "--data", dir.toString()))
        .strip();
    assertTrue(io.coagent.server.Roles.in(dir).byToken(token).isEmpty(), "replaced");
    assertTrue(io.coagent.server.Roles.in(dir).byToken(second).isPresent());
    assertEquals(1, Main.run("role", "token", "nobody", "--data", dir.toString()));
  }

  @Test
  void toolsCheck_printsSignatures_andRefusesABadFile() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("samples/mcp/workloads-tools.yaml"))) {
      root = root.getParent();
    }
    Path sample = root.resolve("samples/mcp/workloads-tools.yaml");
    String out = stdout(() -> assertEquals(0, Main.run("tools", "check", sample.toString())));
    assertTrue(out.contains("restock(sku string, qty integer)"), out);
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "tools:\n  - name: query\n    description: d\n    sql: SELECT 1\n");
    assertEquals(1, Main.run("tools", "check", bad.toString()));
  }
}
