package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.SqlState;
import io.coagent.session.JdbcUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/jdbc.md stays true to the driver: its property table is the {@link
 * JdbcUrl.Property} declarations, its refusal examples fail with the states it gives, and every
 * SQLState its tables name is in the {@link SqlState} catalogue.
 */
class JdbcReferenceDocTest {
  static Path docPath() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path f = p.resolve("docs/reference/jdbc.md");
      if (Files.exists(f)) {
        return f;
      }
    }
    throw new AssertionError("docs/reference/jdbc.md not found");
  }

  private static String doc() throws IOException {
    return Files.readString(docPath());
  }

  @Test
  void propertyTable_isTheDeclaredProperties() throws IOException {
    StringBuilder rows = new StringBuilder("| property | type | default | meaning |\n|---|---|---|---|\n");
    for (JdbcUrl.Property p : JdbcUrl.Property.values()) {
      rows.append("| `").append(p.key()).append("` | ").append(p.type()).append(" | ")
          .append(p.defaultValue()).append(" | ").append(p.description()).append(" |\n");
    }
    assertTrue(doc().contains(rows.toString() + "\n"), "the table in jdbc.md must be:\n" + rows);
  }

  @Test
  void refusalExamples_failWithTheDocumentedStates() {
    String u = "jdbc:coagent:mem:docurl";
    assertEquals("08001", state(u.replace("docurl", "shop") + "?agent=a"));
    assertEquals("08001", state(u + ";agnet=a"));
    assertEquals("22023", state(u + ";agent=a;rank=-1"));
    assertEquals("22023", state(u + ";isolation=snapshot"));
  }

  @Test
  void everyDocumentedState_isInTheCatalogue() throws IOException {
    String doc = doc();
    int from = doc.indexOf("## URL grammar");
    int to = doc.indexOf("## When a connection begins");
    Matcher m = Pattern.compile("`([0-9A-Z]{5})`").matcher(doc.substring(from, to));
    int n = 0;
    while (m.find()) {
      assertNotNull(SqlState.of(m.group(1)), m.group(1) + " is not in SqlState");
      n++;
    }
    assertTrue(n > 30, "states found: " + n);
  }

  private static String state(String url) {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
    return e.getSQLState();
  }
}
