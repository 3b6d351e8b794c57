package io.coagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shell driven through a dumb terminal with piped input, as a script or a pipe would. */
class ShellCommandTest {
  private static String shell(String url, String input) throws Exception {
    ShellCommand c = new ShellCommand();
    c.url = url;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, c.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void multiLineStatements_printAlignedTables_andErrorsWithSqlState() throws Exception {
    String out = shell("jdbc:coagent:mem:shell1", String.join("\n",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY,",
        "  body VARCHAR(20));",
        "INSERT INTO notes VALUES (1, 'first'), (22, 'second note');",
        "SELECT id, body FROM notes ORDER BY id;",
        "SELECT * FROM nowhere;",
        "\\d",
        "\\q", ""));
    assertTrue(out.contains("OK, 2 row(s)"), out);
    assertTrue(out.contains("ID | BODY\n---+------------\n1  | first\n22 | second note\n(2 rows)"),
        out);
    assertTrue(out.matches("(?s).*ERROR 42\\w{3}: .*NOWHERE.*"), out);
    assertTrue(out.contains("NOTES"), "\\d lists the table: " + out);
  }

  @Test
  void agentShell_printsNotificationsOfLowerRankWrites() throws Exception {
    String store = "jdbc:coagent:mem:shell2";
    try (Connection op = DriverManager.getConnection(store); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
      Connection restock = DriverManager.getConnection(store + ";agent=restock");
      try (Statement r = restock.createStatement()) {
        r.executeQuery("SELECT qty FROM stock WHERE id = 1").close();
      }
      java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
      java.io.PipedInputStream in = new java.io.PipedInputStream(feed, 1 << 16);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ShellCommand c = new ShellCommand();
      c.url = store + ";agent=orders";
      Thread shell = new Thread(() -> {
        try {
          c.run(in, out);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      shell.start();
      feed.write("SELECT qty FROM stock WHERE id = 1;\n".getBytes(StandardCharsets.UTF_8));
      feed.flush();
      for (int i = 0; i < 500 && !readLogged(s); i++) {
        Thread.sleep(10);
      }
      try (Statement r = restock.createStatement()) {
        r.executeUpdate("UPDATE stock SET qty = 15 WHERE id = 1");
      }
      Thread.sleep(100); // the listener runs on the store's listener thread
      feed.write("SELECT 1 AS next;\n\\q\n".getBytes(StandardCharsets.UTF_8));
      feed.close();
      shell.join(30_000);
      String text = out.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("NOTIFICATION Notification#"), text);
      assertTrue(text.contains("changed by restock"), text);
      restock.close();
    }
  }

  private static boolean readLogged(Statement s) throws Exception {
    try (java.sql.ResultSet rs = s.executeQuery(
        "SELECT COUNT(*) FROM SYS.ALL_OPERATIONS WHERE AGENT = 'orders' AND KIND = 'QUERY'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  @Test
  void describeTable_againstAServer_foldsTheNameAsTheServerStoresIt(@org.junit.jupiter.api.io
      .TempDir java.nio.file.Path dir) throws Exception {
    try (io.coagent.server.CoAgentServer server = io.coagent.server.CoAgentServer.start(
        io.coagent.server.ServerConfig.of(dir).withPort(0))) {
      String url = "jdbc:coagent://127.0.0.1:" + server.port() + "/default?user=operator";
      String out = shell(url, String.join("\n",
          "CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(20));",
          "\\d notes", "\\q", ""));
      assertTrue(out.contains("body"), "\\d notes lists the columns: " + out);
      assertTrue(out.contains("varchar"), out);
    }
  }
}
