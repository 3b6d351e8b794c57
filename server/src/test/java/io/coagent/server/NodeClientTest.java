package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * The demo's inventory race played by two node-postgres agent processes (samples/node): the higher
 * rank is notified through the client's {@code notification} event, undoes and redoes its sale,
 * and commits after the lower rank; the final stock equals the serial run.
 */
class NodeClientTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection operator() throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/default?user=operator&sslmode=disable");
  }

  @Test
  void inventoryRace_higherRankRepairs_andStateEqualsSerialRun() throws Exception {
    Path samples = ExternalClients.repoRoot().resolve("samples/node");
    ExternalClients.require("node and samples/node/node_modules/pg (npm ci --prefix samples/node)",
        java.nio.file.Files.isExecutable(Path.of("/usr/bin/node"))
            && java.nio.file.Files.isDirectory(samples.resolve("node_modules/pg")));
    try (Connection op = operator(); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
    }
    Path script = samples.resolve("inventory_race.mjs");
    String port = Integer.toString(server.port());
    try (ExternalClients.Child restock = new ExternalClients.Child(new ProcessBuilder(
            "/usr/bin/node", script.toString(), "restock", "--port", port));
        ExternalClients.Child orders = new ExternalClients.Child(new ProcessBuilder(
            "/usr/bin/node", script.toString(), "orders", "--port", port))) {
      assertEquals("READ 10", restock.expect("READ"));
      assertEquals("READ 10", orders.expect("READ"));
      assertEquals("SOLD 7", orders.expect("SOLD"));
      restock.send("write");
      restock.expect("WROTE");
      assertEquals("NOTIFIED restock 10 15", orders.expect("NOTIFIED"));
      assertEquals("REDONE 12", orders.expect("REDONE"));
      restock.send("commit");
      restock.expect("COMMITTED");
      orders.expect("COMMITTED");
      assertEquals(0, restock.exit(), restock.transcript.toString());
      assertEquals(0, orders.exit(), orders.transcript.toString());
    }
    try (Connection op = operator(); Statement s = op.createStatement();
        ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals(12, rs.getInt(1), "serial run: 10 + 5 (restock) - 3 (orders)");
    }
    try (Connection op = operator(); Statement s = op.createStatement();
        ResultSet rs = s.executeQuery("CALL SYS.VERIFY()")) {
      assertTrue(rs.next());
      assertEquals("SUMMARY", rs.getString("ROW_TYPE"));
      assertTrue(rs.getBoolean("OK"), "SYS.VERIFY certifies the run");
    }
  }
}
