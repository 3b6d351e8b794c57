package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every SQL example of {@code docs/reference/system-tables.md}, in page order on one fresh
 * store, and checks each shown output ({@link DocExamples} describes the conventions), so the
 * page cannot drift from what the driver does. Result tables compare cell by cell (cells split on
 * {@code |} and trimmed); update counts show as {@code count N}; errors as {@code SQLSTATE:
 * message}. To update the page after a deliberate change, run with {@code -Ddocs.print=true}.
 */
class SystemTablesDocTest {
  private static final Path PAGE = Path.of("..", "docs", "reference", "system-tables.md");
  /** {@code -Ddocs.print=true} prints every block's actual output instead of checking it. */
  private static final boolean PRINT = Boolean.getBoolean("docs.print");

  private final String url = SysFixtures.newStore("docs");
  private final Map<String, Connection> connections = new HashMap<>();

  @Test
  void everyExampleOfTheSystemTablesPageRunsAsShown() throws Exception {
    List<DocExamples.Block> blocks = DocExamples.read(PAGE);
    assertTrue(blocks.size() >= 10, "examples found: " + blocks.size());
    Connection c = null;
    try {
      for (DocExamples.Block b : blocks) {
        c = run(b, c);
      }
    } finally {
      for (Connection x : connections.values()) {
        x.close();
      }
    }
  }

  private Connection run(DocExamples.Block b, Connection current) throws SQLException {
    Connection c = current;
    List<String> last = null;
    boolean expectError = false;
    StringBuilder stmt = new StringBuilder();
    for (String line : b.sql()) {
      String t = line.strip();
      if (t.startsWith("-- connection:")) {
        c = connection(t.substring("-- connection:".length()).strip());
      } else if (t.equals("-- JDBC: commit()")) {
        c.commit();
      } else if (t.equals("-- JDBC: rollback()")) {
        c.rollback();
      } else if (t.startsWith("-- expect error")) {
        expectError = true;
      } else if (!t.startsWith("--") && !t.isEmpty()) {
        stmt.append(stmt.length() > 0 ? "\n" : "").append(line);
        if (t.endsWith(";")) {
          String sql = stmt.toString();
          stmt.setLength(0);
          last = execute(c, sql, expectError, b.line());
          expectError = false;
        }
      }
    }
    assertEquals("", stmt.toString(), "statement without ';' in block at line " + b.line());
    if (PRINT) {
      System.out.println("block at line " + b.line() + ":\n" + String.join("\n", last));
    } else if (!b.expected().isEmpty()) {
      assertEquals(cells(b.expected()), cells(last), "output of the block at line " + b.line()
          + "; actual:\n" + String.join("\n", last));
    }
    return c;
  }

  private List<String> execute(Connection c, String sql, boolean expectError, int line)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      boolean rows = s.execute(sql);
      assertFalse(expectError, "expected an error at line " + line + ": " + sql);
      return rows ? table(s.getResultSet()) : List.of("count " + s.getUpdateCount());
    } catch (SQLException e) {
      if (!expectError) {
        throw new AssertionError("example at line " + line + " failed: " + sql, e);
      }
      return List.of(e.getSQLState() + ": " + e.getMessage());
    }
  }

  private Connection connection(String spec) throws SQLException {
    Connection c = connections.get(spec);
    if (c == null) {
      c = DriverManager.getConnection(spec.equals("operator") ? url : url + ";" + spec);
      connections.put(spec, c);
    }
    return c;
  }

  private static List<String> table(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    StringBuilder h = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      h.append(i > 1 ? " | " : "").append(rs.getMetaData().getColumnLabel(i));
    }
    out.add(h.toString());
    while (rs.next()) {
      StringBuilder r = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        r.append(i > 1 ? " | " : "").append(rs.getString(i));
      }
      out.add(r.toString());
    }
    return out;
  }

  /** Lines as lists of trimmed cells, so aligned tables in the page compare equal. */
  private static List<List<String>> cells(List<String> lines) {
    List<List<String>> out = new ArrayList<>();
    for (String l : lines) {
      List<String> row = new ArrayList<>();
      for (String cell : l.split("\\|", -1)) {
        row.add(cell.strip());
      }
      out.add(row);
    }
    return out;
  }
}
