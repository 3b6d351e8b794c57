package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/quickstart.md's Java example is this test's code, verbatim, and it runs. */
class QuickstartTest {
  @Test
  void quickstartExample_runs_andIsVerbatimInTheDoc() throws Exception {
    long staleCount;
    Notification n;
    SQLWarning w;
    // QUICKSTART:begin
    String url = "jdbc:coagent:mem:quickstart";
    try (Connection planner = DriverManager.getConnection(url + ";agent=planner;rank=1");
        Connection coder = DriverManager.getConnection(url + ";agent=coder;rank=2")) {
      planner.createStatement().execute(
          "CREATE TABLE tasks (id INTEGER PRIMARY KEY, title VARCHAR, status VARCHAR)");

      // The coder (rank 2) counts open tasks: its read is recorded as a predicate footprint.
      try (Statement s = coder.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tasks WHERE status = 'open'")) {
        rs.next();
        staleCount = rs.getLong(1);                      // 0: nothing planned yet
      }

      // The planner (rank 1, earlier in the order) adds a task: the coder's count is stale now.
      planner.createStatement().executeUpdate("INSERT INTO tasks VALUES (1, 'parser', 'open')");
      planner.commit();

      CoAgentConnection agent = coder.unwrap(CoAgentConnection.class);
      n = agent.poll().orElseThrow();                    // TASKS 1 entered what the coder scanned
      w = coder.getWarnings();                           // the same news, as an SQLWarning
      agent.acknowledge(n.id());                         // after re-planning
      coder.commit();                                    // serial-equivalent: planner, then coder
    }
    // QUICKSTART:end
    assertEquals(0, staleCount);
    assertEquals("TASKS", n.table());
    assertEquals("planner", n.writerAgent());
    assertNotNull(w);
    List<String> lines = Files.readAllLines(
        Path.of("src/test/java/io/coagent/jdbc/QuickstartTest.java"));
    int b = lines.indexOf("    // QUICKSTART:begin");
    int e = lines.indexOf("    // QUICKSTART:end");
    String code = String.join("\n", lines.subList(b + 1, e).stream()
        .map(l -> l.length() >= 4 ? l.substring(4) : l).toList());
    String doc = Files.readString(Path.of("../docs/quickstart.md"));
    int s = doc.indexOf("```java\n") + 8;
    assertTrue(b > 0 && e > b);
    assertEquals(code, doc.substring(s, doc.indexOf("```", s)).stripTrailing(),
        "docs/quickstart.md's example must be this test's code");
  }
}
