package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psql, PostgreSQL's own shell, against the server: DDL, DML, errors and notifications. */
class PsqlClientTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ProcessBuilder psql(String user, String... args) {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/usr/bin/psql",
        "-X", "-h", "127.0.0.1", "-p", Integer.toString(server.port()), "-U", user, "-d",
        "default", "-v", "VERBOSITY=verbose"));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PGCONNECT_TIMEOUT", "10");
    return pb;
  }

  /** Runs psql with {@code stdin} and returns everything it printed. */
  static String run(ProcessBuilder pb, String stdin) throws Exception {
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "psql did not exit: " + out);
    return out;
  }

  @Test
  void psql_createsInsertsSelects_andShowsErrorsWithSqlState() throws Exception {
    String out = run(psql("operator"), String.join("\n",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(40));",
        "INSERT INTO notes VALUES (1, 'hello'), (2, 'world');",
        "SELECT id, body FROM notes ORDER BY id;",
        "SELECT * FROM missing;",
        "SELECT COUNT(*) AS n FROM notes;", ""));
    assertTrue(out.contains("CREATE TABLE"), out);
    assertTrue(out.contains("INSERT 0 2"), out);
    assertTrue(out.contains(" 1 | hello"), out);
    assertTrue(out.contains(" 2 | world"), out);
    assertTrue(out.contains("(2 rows)"), out);
    assertTrue(out.matches("(?s).*ERROR:  42\\w{3}: .*MISSING.*"), out);
    assertTrue(out.contains(" n \n---\n 2\n"), out);
  }

  @Test
  void psql_printsTheNotificationOfALowerRankWrite() throws Exception {
    try (Connection op = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
        + server.port() + "/default?user=operator&sslmode=disable");
        Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
    }
    try (Connection restock = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
        + server.port() + "/default?user=restock&sslmode=disable")) {
      restock.setAutoCommit(false);
      Process p = psql("orders").start();
      var in = p.getOutputStream();
      in.write("BEGIN;\nSELECT qty FROM stock WHERE id = 1;\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      // Wait until the orders agent's read is logged, then write below it.
      try (Statement s = restock.createStatement()) {
        for (int i = 0; i < 500 && !readLogged(s); i++) {
          Thread.sleep(20);
        }
        s.executeUpdate("UPDATE stock SET qty = 15 WHERE id = 1");
      }
      Thread.sleep(200); // the push reaches psql's socket; psql prints it after its next command
      in.write("SELECT 1 AS next_step;\nROLLBACK;\n".getBytes(StandardCharsets.UTF_8));
      in.close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
      assertTrue(out.contains("Asynchronous notification \"coagent\" with payload"), out);
      assertTrue(out.contains("\"writer\":{\"agent\":\"restock\""), out);
      assertTrue(out.contains("01MT0: MTPO notification"), out);
      restock.commit();
    }
  }

  private static boolean readLogged(Statement s) throws Exception {
    try (ResultSet rs = s.executeQuery(
        "SELECT COUNT(*) FROM SYS.ALL_OPERATIONS WHERE AGENT = 'orders' AND KIND = 'QUERY'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  @Test
  void psql_wrongDatabaseName_isRefusedWithItsSqlState() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/psql", "-X", "-h", "127.0.0.1", "-p",
        Integer.toString(server.port()), "-U", "operator", "-d", "../escape", "-c", "SELECT 1")
        .redirectErrorStream(true);
    String out = run(pb, "");
    assertTrue(out.contains("invalid database name"), out);
    assertEquals(0, server.sessions() > 1 ? 1 : 0);
  }
}
