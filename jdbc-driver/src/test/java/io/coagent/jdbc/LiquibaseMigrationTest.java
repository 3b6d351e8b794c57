package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase 4.x runs a real changelog against a {@code jdbc:coagent:file:} store through its
 * generic database support: the schema it leaves is checked through DatabaseMetaData, the data
 * through SQL, and a second update (a new connection, after the store was closed) runs nothing.
 */
class LiquibaseMigrationTest {
  static final String CHANGELOG = "migrations/liquibase-changelog.xml";
  static final String RAN = "SELECT id, dateexecuted, orderexecuted, deployment_id, md5sum FROM "
      + "databasechangelog ORDER BY orderexecuted";

  @TempDir Path dir;

  /** The example of docs/reference/jdbc.md, "Migrations": update with an operator connection. */
  static void update(String url, String changelog) throws Exception {
    // MIGRATIONS:begin
    try (Connection c = DriverManager.getConnection(url)) { // an operator: no agent in the URL
      Database db = DatabaseFactory.getInstance()
          .findCorrectDatabaseImplementation(new JdbcConnection(c));
      new CommandScope(UpdateCommandStep.COMMAND_NAME)
          .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
          .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
          .execute();
    }
    // MIGRATIONS:end
  }

  static void update(String url) throws Exception {
    update(url, CHANGELOG);
  }

  private static List<String> columns(DatabaseMetaData md, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, "COAGENT", table, "%")) {
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " "
            + rs.getString("IS_NULLABLE"));
      }
    }
    return out;
  }

  @Test
  void changelog_createsTheSchemaAndData_andASecondUpdateIsANoOp() throws Exception {
    String url = "jdbc:coagent:file:" + dir.resolve("lb.coagent");
    List<String> ran;
    update(url);
    try (Connection c = DriverManager.getConnection(url)) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals(List.of("ID BIGINT NO", "FULL_NAME VARCHAR NO", "ACTIVE BOOLEAN YES",
          "EMAIL VARCHAR YES"), columns(md, "CUSTOMER"));
      List<String> pk = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(null, "COAGENT", "CUSTOMER")) {
        while (rs.next()) {
          pk.add(rs.getString("COLUMN_NAME"));
        }
      }
      assertEquals(List.of("ID"), pk);
      List<String> idx = new ArrayList<>();
      try (ResultSet rs = md.getIndexInfo(null, "COAGENT", "CUSTOMER", false, false)) {
        while (rs.next()) {
          idx.add(rs.getString("INDEX_NAME") + " " + rs.getString("COLUMN_NAME") + " "
              + rs.getBoolean("NON_UNIQUE"));
        }
      }
      assertEquals(List.of("CUSTOMER_EMAIL EMAIL true", "PK_CUSTOMER ID false"), idx.stream()
          .sorted().toList());
      assertEquals(List.of("1|Ada|true|ada@example.org", "2|Grace|false|null"), rows(c,
          "SELECT id, full_name, active, email FROM customer ORDER BY id"));
      assertEquals(List.of("1", "2", "3", "4", "5"),
          rows(c, "SELECT id FROM databasechangelog ORDER BY orderexecuted"));
      assertEquals(List.of("false"), rows(c, "SELECT locked FROM databasechangeloglock"));
      ran = rows(c, RAN);
    }
    update(url); // a second run: every changeset is recorded, nothing runs
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(List.of("5"), rows(c, "SELECT COUNT(*) FROM databasechangelog"));
      assertEquals(List.of("2"), rows(c, "SELECT COUNT(*) FROM customer"));
      assertEquals(List.of("false"), rows(c, "SELECT locked FROM databasechangeloglock"));
      assertEquals(ran, rows(c, RAN), "the second run recorded nothing");
    }
  }

  @Test
  void aChangelogThatGrew_runsOnlyItsNewChangeset() throws Exception {
    String url = "jdbc:coagent:file:" + dir.resolve("grow.coagent");
    update(url);
    update(url, "migrations/liquibase-changelog-v2.xml"); // includes the first, adds id 6
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(List.of("1|migrations/liquibase-changelog.xml", "2|migrations/liquibase-"
          + "changelog.xml", "3|migrations/liquibase-changelog.xml", "4|migrations/liquibase-"
          + "changelog.xml", "5|migrations/liquibase-changelog.xml", "6|migrations/liquibase-"
          + "changelog-v2.xml"), rows(c, "SELECT id, filename FROM databasechangelog ORDER BY "
          + "orderexecuted"));
      assertEquals(List.of("ada@example.org", "grace@example.org"),
          rows(c, "SELECT email FROM customer ORDER BY id"), "changeset 6's update ran once");
      assertEquals(List.of("ID INTEGER NO", "CUSTOMER_ID BIGINT YES", "PLACED TIMESTAMP YES",
          "TOTAL DECIMAL YES"), columns(c.getMetaData(), "ORDERS"));
      SysFixtures.update(c, "INSERT INTO orders (customer_id, total) VALUES (1, 9.50)");
      assertEquals(List.of("1|1|9.50|true"), rows(c,
          "SELECT id, customer_id, total, placed IS NOT NULL FROM orders"));
    }
  }

  @Test
  void jdbcReferenceExample_isThisTestsCode_andItsChangelog() throws Exception {
    String doc = Files.readString(JdbcReferenceDocTest.docPath());
    String source = Files.readString(Path.of(
        "src/test/java/io/coagent/jdbc/LiquibaseMigrationTest.java"));
    String code = source.substring(source.indexOf("// MIGRATIONS:begin\n") + 20,
        source.indexOf("// MIGRATIONS:end")).stripIndent().strip(); // the last line sets the indent
    assertTrue(doc.contains("```java\n" + code.replace("changelog)", "\"" + CHANGELOG + "\")")
        + "\n```"), "docs/reference/jdbc.md, Migrations, must show this code:\n" + code);
    String changelog = Files.readString(Path.of("src/test/resources/" + CHANGELOG));
    assertTrue(doc.contains("```xml\n" + changelog + "```"),
        "docs/reference/jdbc.md, Migrations, must show " + CHANGELOG + " as it is");
  }
}
