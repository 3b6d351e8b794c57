package io.coagent.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One agent over MCP stdio: the TypeScript SDK client spawns the endpoint as a child JVM. */
class McpStdioTest {
  @TempDir Path dir;

  @Test
  void stdioAgent_writesReadsAndCommits_andRefusesTheBypass() throws Exception {
    NodeClients.require();
    String store = "jdbc:coagent:file:" + dir.resolve("shop.coagent");
    try (Connection op = DriverManager.getConnection(store); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
    } // closed: the child process opens the store file itself
    List<String> child = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), StdioMain.class.getName(),
        store + ";agent=restock");
    NodeClients.Run r = NodeClients.run("mcp_stdio_agent.mjs",
        List.of(new ObjectMapper().writeValueAsString(child)));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("STDIO OK"), r.output());
    try (Connection op = DriverManager.getConnection(store); Statement s = op.createStatement();
        ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals(15, rs.getInt(1), "the stdio agent's commit is durable");
    }
  }
}
