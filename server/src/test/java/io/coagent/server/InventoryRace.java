package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The demo's inventory race between two external agent processes (samples/python, samples/node),
 * driven step by step through their stdout/stdin protocol: restock (rank 1) and orders (rank 2)
 * read 10; orders sells 3; restock adds 5; orders is notified, undoes, redoes on 15 and commits
 * after restock. The final stock must be the serial run's (12) and SYS.VERIFY must certify it.
 */
final class InventoryRace {
  private InventoryRace() {}

  private static Connection operator(CoAgentServer server) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/default?user=operator&sslmode=disable");
  }

  /** Plays the race; {@code restock} and {@code orders} are the two agents' command lines. */
  static void play(CoAgentServer server, List<String> restock, List<String> orders)
      throws Exception {
    try (Connection op = operator(server); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
      s.execute("CALL SYS.LAUNCH('restock, orders')");
    }
    try (ExternalClients.Child r = new ExternalClients.Child(new ProcessBuilder(restock));
        ExternalClients.Child o = new ExternalClients.Child(new ProcessBuilder(orders))) {
      assertEquals("READ 10", r.expect("READ"));
      assertEquals("READ 10", o.expect("READ"));
      assertEquals("SOLD 7", o.expect("SOLD"));
      r.send("write");
      r.expect("WROTE");
      assertEquals("NOTIFIED restock 10 15", o.expect("NOTIFIED"));
      assertEquals("REDONE 12", o.expect("REDONE"));
      r.send("commit");
      r.expect("COMMITTED");
      o.expect("COMMITTED");
      assertEquals(0, r.exit(), r.transcript.toString());
      assertEquals(0, o.exit(), o.transcript.toString());
    }
    try (Connection op = operator(server); Statement s = op.createStatement()) {
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
}
