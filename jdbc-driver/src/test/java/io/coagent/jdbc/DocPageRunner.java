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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every SQL example of a documentation page, in page order on one fresh store, and checks
 * each shown output ({@link DocExamples} describes the conventions), so the page cannot drift
 * from what the driver does. Result tables compare cell by cell (cells split on {@code |} and
 * trimmed); update counts show as {@code count N}; errors as {@code SQLSTATE: message}. One more
 * convention for history pages: {@code -- time: t1} records the current time (3 ms apart from
 * writes before and after) and later statements may write it as {@code TIMESTAMP '{t1}'}; shown
 * output may contain {@code {t1}} too. To update a page after a deliberate change, run with
 * {@code -Ddocs.print=true}.
 */
final class DocPageRunner {
  /** {@code -Ddocs.print=true} prints every block's actual output instead of checking it. */
  private static final boolean PRINT = Boolean.getBoolean("docs.print");

  private final String url = SysFixtures.newStore("docs");
  private final Map<String, Connection> connections = new HashMap<>();
  private final Map<String, String> times = new HashMap<>();

  /** Runs every example of {@code page}, which must hold at least {@code min} of them. */
  static void runPage(Path page, int min) throws Exception {
    new DocPageRunner().run(page, min);
  }

  private void run(Path page, int min) throws Exception {
    List<DocExamples.Block> blocks = DocExamples.read(page);
    assertTrue(blocks.size() >= min, "examples found: " + blocks.size());
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
      } else if (t.startsWith("-- time:")) {
        times.put(t.substring("-- time:".length()).strip(), now());
      } else if (t.startsWith("-- expect error")) {
        expectError = true;
      } else if (!t.startsWith("--") && !t.isEmpty()) {
        stmt.append(stmt.length() > 0 ? "\n" : "").append(line);
        if (t.endsWith(";")) {
          String sql = substitute(stmt.toString());
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
      assertEquals(cells(b.expected().stream().map(this::substitute).toList()), cells(last),
          "output of the block at line " + b.line() + "; actual:\n" + String.join("\n", last));
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

  /** The time now as {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC), apart from writes by 3 ms. */
  private static String now() {
    try {
      Thread.sleep(3);
      String t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .format(LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
      Thread.sleep(3);
      return t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String substitute(String sql) {
    String out = sql;
    for (Map.Entry<String, String> e : times.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
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
