package io.coagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coagent server} as a real child process: start, serve, SIGTERM, restart. */
class ServerCommandTest {
  @TempDir Path dir;

  private static Process start(Path data, String... extra) throws Exception {
    return start(data, java.util.Map.of(), extra);
  }

  private static Process start(Path data, java.util.Map<String, String> env, String... extra)
      throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "io.coagent.cli.Main", "server", "--data",
        data.toString(), "--port", "0", "--create", "default", "--auth", "trust"));
    cmd.addAll(java.util.List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("COAGENT_TLS_PASSWORD");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static void keytool(String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
  }

  /** The TLS steps of docs/server.md: keytool, --tls-keystore with the password env, verify-full. */
  @Test
  void tlsKeystore_servesVerifiedTls_andWithoutItsPasswordTheServerDoesNotStart()
      throws Exception {
    Path p12 = dir.resolve("server.p12");
    Path crt = dir.resolve("server.crt");
    keytool("-genkeypair", "-alias", "coagent", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "365", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "docs-pw");
    keytool("-exportcert", "-rfc", "-alias", "coagent", "-keystore", p12.toString(),
        "-storepass", "docs-pw", "-file", crt.toString());
    Process refused = start(dir.resolve("a"), "--tls-keystore", p12.toString(), "--tls-required");
    String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, refused.exitValue(), said);
    assertTrue(said.contains("COAGENT_TLS_PASSWORD"), said);
    Process server = start(dir.resolve("b"), java.util.Map.of("COAGENT_TLS_PASSWORD", "docs-pw"),
        "--tls-keystore", p12.toString(), "--tls-required");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8));
      int port = port(out);
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
          + "/default?user=operator&sslmode=verify-full&sslrootcert=" + crt);
          Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int port(BufferedReader out) throws Exception {
    Pattern p = Pattern.compile("coagent server listening on 127\\.0\\.0\\.1:(\\d+) .*");
    String line;
    StringBuilder seen = new StringBuilder();
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = p.matcher(line);
      if (m.matches()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no 'listening' line; output:\n" + seen);
  }

  @Test
  void sigterm_shutsDownCleanly_andAcknowledgedRowsSurviveRestart() throws Exception {
    Process server = start(dir);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8));
      int port = port(out);
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
          + "/default?user=operator&sslmode=disable"); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10))");
        for (int i = 0; i < 20; i++) {
          assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (" + i + ", 'v" + i + "')"));
        }
      }
      try (Connection agent = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
          + "/default?user=writer&sslmode=disable")) {
        agent.setAutoCommit(false);
        try (Statement s = agent.createStatement()) {
          s.executeUpdate("INSERT INTO t VALUES (100, 'agent')");
        }
        agent.commit();
      }
      StringBuilder rest = new StringBuilder();
      Thread pump = new Thread(() -> {
        try {
          for (String l; (l = out.readLine()) != null; ) {
            rest.append(l).append('\n');
          }
        } catch (java.io.IOException e) {
          rest.append(e);
        }
      });
      pump.start();
      // SIGTERM, sent as the kill command does (Process.destroy would also close our pipes).
      new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not stop on SIGTERM");
      pump.join(10_000);
      assertTrue(rest.toString().contains("coagent server stopped"), rest.toString());
    } finally {
      server.destroyForcibly();
    }
    Process again = start(dir);
    try {
      int port = port(new BufferedReader(new InputStreamReader(again.getInputStream(),
          StandardCharsets.UTF_8)));
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
          + "/default?user=operator&sslmode=disable"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(id) FROM t")) {
        assertTrue(rs.next());
        assertEquals(21, rs.getLong(1), "every acknowledged insert survives");
        assertEquals(100, rs.getInt(2));
      }
    } finally {
      again.destroy();
      again.waitFor(30, TimeUnit.SECONDS);
      again.destroyForcibly();
    }
  }

  @Test
  void flushDurability_acknowledgedRowsSurviveKill9() throws Exception {
    Process server = start(dir, "--durability", "flush");
    try {
      int port = port(new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8)));
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
          + "/default?user=operator&sslmode=disable"); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        for (int i = 0; i < 50; i++) {
          assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (" + i + ")"));
        }
      }
      // SIGKILL: no shutdown hook runs; flush promises what reached the OS survives
      server.destroyForcibly();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS));
    } finally {
      server.destroyForcibly();
    }
    Process again = start(dir, "--durability", "flush");
    try {
      int port = port(new BufferedReader(new InputStreamReader(again.getInputStream(),
          StandardCharsets.UTF_8)));
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
          + "/default?user=operator&sslmode=disable"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(50, rs.getLong(1), "every acknowledged insert survives kill -9");
      }
    } finally {
      again.destroyForcibly();
    }
  }

  @Test
  void roleAdd_thenScramLogin_actsAsTheRolesAgent() throws Exception {
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("pw1\n".getBytes(StandardCharsets.UTF_8)));
      assertEquals(0, Main.run("role", "add", "bot", "--agent", "planner", "--data",
          dir.toString(), "--password-stdin"));
    } finally {
      System.setIn(stdin);
    }
    assertEquals(2, Main.run("role", "add", "x", "--data", dir.toString()), "--agent or --operator");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), "io.coagent.cli.Main",
        "server", "--data", dir.toString(), "--port", "0");
    pb.redirectErrorStream(true);
    Process server = pb.start();
    try {
      int port = port(new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8)));
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
          + "/default?sslmode=disable", "bot", "pw1"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_user")) {
        assertTrue(rs.next());
        assertEquals("planner", rs.getString(1));
      }
    } finally {
      server.destroyForcibly();
    }
  }

  @Test
  void usageErrors_exitWith2_andNameTheFix() {
    assertEquals(2, Main.run("server"), "--data is required");
    assertEquals(2, Main.run("nonsense"));
    assertEquals(2, Main.run("server", "--data", "target/unused", "--port", "0",
        "--durability", "fsync"), "--durability is sync or flush");
  }

  @Test
  void trustOnANonLoopbackAddress_isRefused() {
    assertEquals(1, Main.run("server", "--data", "target/unused", "--bind", "0.0.0.0",
        "--port", "0", "--auth", "trust"));
    assertNotNull(Main.class);
  }
}
