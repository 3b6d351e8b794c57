package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code ```sql} block of {@code docs/reference/sql.md}, in order, on a fresh store, so
 * the reference cannot drift from the product. Conventions (documented at the top of the file):
 * {@code -- error: STATE} before a statement expects that SQLState; {@code -- => a | b} lines
 * after a query are its expected rows in order; {@code -- plan> text} lines after an EXPLAIN are
 * the lines of its one-value plan, indentation kept; other comments are prose.
 */
class SqlReferenceDocTest {
  /** One statement of the document, with what it must do. */
  record Step(int line, String sql, String error, List<String> rows) {}

  static Path reference() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path doc = p.resolve("docs").resolve("reference").resolve("sql.md");
      if (Files.isRegularFile(doc)) {
        return doc;
      }
    }
    return fail("docs/reference/sql.md not found above " + Path.of("").toAbsolutePath());
  }

  static List<Step> parse(List<String> lines) {
    List<Step> steps = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    String error = null;
    boolean inSql = false;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (!inSql) {
        inSql = t.equals("```sql");
        continue;
      }
      if (t.equals("```")) {
        assertTrue(sql.toString().isBlank(), "statement without ';' before line " + (i + 1));
        assertEquals(null, error, "'-- error:' without a statement before line " + (i + 1));
        inSql = false;
      } else if (t.startsWith("-- =>")) {
        assertTrue(!steps.isEmpty() && sql.toString().isBlank(), "stray '-- =>' at line " + (i + 1));
        steps.get(steps.size() - 1).rows().add(normalize(t.substring(5)));
      } else if (t.startsWith("-- plan>")) {
        // an EXPLAIN plan is one value of several lines: each '-- plan>' line adds one
        assertTrue(!steps.isEmpty() && sql.toString().isBlank(), "stray '-- plan>' at line " + (i + 1));
        List<String> rows = steps.get(steps.size() - 1).rows();
        String line = lines.get(i).substring(lines.get(i).indexOf("-- plan>") + 8);
        line = line.startsWith(" ") ? line.substring(1) : line;
        if (rows.isEmpty()) {
          rows.add(line);
        } else {
          rows.set(rows.size() - 1, rows.get(rows.size() - 1) + "\n" + line);
        }
      } else if (t.startsWith("-- error:")) {
        error = t.substring(9).strip();
      } else if (!t.startsWith("--") && !t.isEmpty()) {
        if (sql.toString().isBlank()) {
          start = i + 1;
        }
        sql.append(lines.get(i)).append('\n');
        if (t.endsWith(";") && sql.chars().filter(c -> c == '\'').count() % 2 == 0) {
          String s = sql.toString().strip();
          steps.add(new Step(start, s.substring(0, s.length() - 1), error, new ArrayList<>()));
          sql.setLength(0);
          error = null;
        }
      }
    }
    assertTrue(!inSql, "unclosed ```sql block");
    return steps;
  }

  private static String normalize(String row) {
    return Arrays.stream(row.split("\\|", -1)).map(String::strip).collect(Collectors.joining("|"));
  }

  @Test
  void everySqlExampleInTheReferenceRunsAsDocumented() throws IOException, SQLException {
    Path doc = reference();
    List<Step> steps = parse(Files.readAllLines(doc));
    assertTrue(steps.size() >= 50, "only " + steps.size() + " statements found in " + doc);
    assertTrue(steps.stream().filter(s -> s.error() != null).count() >= 10);
    assertTrue(steps.stream().filter(s -> !s.rows().isEmpty()).count() >= 15);
    try (Connection c = DriverManager.getConnection("jdbc:coagent:mem:doc-" + UUID.randomUUID());
        Statement st = c.createStatement()) {
      for (Step s : steps) {
        String where = "sql.md line " + s.line() + ": " + s.sql();
        if (s.error() != null) {
          try {
            st.execute(s.sql());
            fail(where + " should fail with " + s.error());
          } catch (SQLException e) {
            assertEquals(s.error(), e.getSQLState(), where + " -> " + e.getMessage());
          }
          continue;
        }
        boolean query;
        try {
          query = st.execute(s.sql());
        } catch (SQLException e) {
          throw new AssertionError(where + " failed: " + e.getSQLState() + " " + e.getMessage(), e);
        }
        if (!s.rows().isEmpty()) {
          assertTrue(query, where + " has expected rows but is not a query");
          assertNotNull(st.getResultSet());
          List<String> actual = new ArrayList<>();
          for (String row : SqlBasicsTest.rows(st.getResultSet())) {
            actual.add(row.stripTrailing());
          }
          assertEquals(s.rows(), actual, where);
        }
      }
    }
  }
}
