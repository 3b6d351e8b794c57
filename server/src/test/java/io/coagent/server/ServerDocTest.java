package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every {@code sql} block of docs/server.md through pgjdbc against a real server. */
class ServerDocTest {
  @TempDir Path dir;

  @Test
  void everySqlExampleInServerGuide_runs() throws Exception {
    String doc = Files.readString(ExternalClients.repoRoot().resolve("docs/server.md"));
    List<String> blocks = new ArrayList<>();
    int at = 0;
    while ((at = doc.indexOf("```sql\n", at)) >= 0) {
      int end = doc.indexOf("```", at + 7);
      blocks.add(doc.substring(at + 7, end));
      at = end + 3;
    }
    assertFalse(blocks.isEmpty(), "docs/server.md has sql examples");
    try (CoAgentServer server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
            + server.port() + "/default?user=operator&sslmode=disable")) {
      int statements = 0;
      for (String block : blocks) {
        for (String sql : block.split(";\\s*\n")) {
          if (sql.isBlank()) {
            continue;
          }
          // pgjdbc writes parameters as ? and sends them to the server as $1, $2, ...
          try (PreparedStatement ps = c.prepareStatement(sql.replace("$1", "?"))) {
            if (sql.contains("$1")) {
              ps.setInt(1, 1);
            }
            if (ps.execute()) {
              try (ResultSet rs = ps.getResultSet()) {
                assertTrue(rs.next(), "a row from: " + sql);
                if (sql.contains("AS more")) {
                  assertEquals(15, rs.getInt(1));
                }
              }
            }
          }
          statements++;
        }
      }
      assertTrue(statements >= 5, "ran " + statements + " statements");
    }
  }
}
