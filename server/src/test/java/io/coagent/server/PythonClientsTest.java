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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's inventory race played by two Python agent processes (samples/python), with psycopg2
 * and with psycopg 3: the higher rank is notified through the driver's notification API, undoes
 * and redoes its sale, and commits after the lower rank; the final stock equals the serial run.
 */
class PythonClientsTest {
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

  @ParameterizedTest
  @ValueSource(strings = {"psycopg2", "psycopg"})
  void inventoryRace_higherRankRepairs_andStateEqualsSerialRun(String driver) throws Exception {
    ExternalClients.require("python3 module " + driver, ExternalClients.pythonModule(driver));
    try (Connection op = operator(); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
    }
    Path script = ExternalClients.repoRoot().resolve("samples/python/inventory_race.py");
    String port = Integer.toString(server.port());
    try (ExternalClients.Child restock = new ExternalClients.Child(new ProcessBuilder(
            ExternalClients.PYTHON, script.toString(), "restock", "--port", port, "--driver", driver));
        ExternalClients.Child orders = new ExternalClients.Child(new ProcessBuilder(
            ExternalClients.PYTHON, script.toString(), "orders", "--port", port, "--driver", driver))) {
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
