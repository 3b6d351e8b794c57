package io.coagent.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway finds {@link CoAgentDatabaseType} through its plugin ServiceLoader and migrates a
 * {@code jdbc:coagent:file:} store: four versioned scripts (create table with a primary key, add
 * a column, insert, create an index and rename a column); the schema is checked through
 * DatabaseMetaData, the data through SQL, and a second migrate (after the store was closed) runs
 * nothing.
 */
class FlywayMigrateTest {
  @TempDir Path dir;

  /** The example of docs/reference/jdbc.md, "Flyway". */
  static MigrateResult migrate(String url) {
    // FLYWAY:begin
    Flyway flyway = Flyway.configure()
        .dataSource(url, null, null) // an operator: no agent in the URL
        .locations("classpath:db/migration")
        .load();
    return flyway.migrate();
    // FLYWAY:end
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      String[] row = new String[rs.getMetaData().getColumnCount()];
      while (rs.next()) {
        Arrays.setAll(row, i -> value(rs, i + 1));
        out.add(String.join("|", row)); // a null as "null"
      }
    }
    return out;
  }

  private static String value(ResultSet rs, int column) {
    try {
      return rs.getString(column);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void migrate_appliesEveryScript_andASecondMigrateRunsNothing() throws Exception {
    String url = "jdbc:coagent:file:" + dir.resolve("fw.coagent");
    MigrateResult first = migrate(url);
    assertTrue(first.success);
    assertEquals(4, first.migrationsExecuted);
    assertEquals("CoAgent", first.databaseType, "the plugin is the database type in use");
    assertEquals("4", first.targetSchemaVersion);
    try (Connection c = DriverManager.getConnection(url)) {
      DatabaseMetaData md = c.getMetaData();
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "COAGENT", "CUSTOMER", "%")) {
        while (rs.next()) {
          cols.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " "
              + rs.getString("IS_NULLABLE"));
        }
      }
      assertEquals(List.of("ID BIGINT NO", "FULL_NAME VARCHAR NO", "ACTIVE BOOLEAN YES",
          "EMAIL VARCHAR YES"), cols);
      List<String> idx = new ArrayList<>();
      try (ResultSet rs = md.getIndexInfo(null, "COAGENT", "CUSTOMER", false, false)) {
        while (rs.next()) {
          idx.add(rs.getString("INDEX_NAME") + " " + rs.getString("COLUMN_NAME"));
        }
      }
      assertEquals(List.of("CUSTOMER_EMAIL EMAIL", "PK_CUSTOMER ID"), idx.stream().sorted()
          .toList());
      assertEquals(List.of("1|Ada|true|ada@example.org", "2|Grace|false|null"), rows(c,
          "SELECT id, full_name, active, email FROM customer ORDER BY id"));
      assertEquals(List.of("1|1|create customer|SQL|true", "2|2|add email|SQL|true",
          "3|3|customers|SQL|true", "4|4|index and rename|SQL|true"), rows(c,
          "SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"success\" "
          + "FROM \"flyway_schema_history\" ORDER BY \"installed_rank\""));
    }
    MigrateResult second = migrate(url);
    assertTrue(second.success);
    assertEquals(0, second.migrationsExecuted, "every script is in the history");
    assertEquals("4", second.initialSchemaVersion);
    MigrationInfo[] info = Flyway.configure().dataSource(url, null, null).load().info().all();
    assertEquals(4, info.length);
    for (MigrationInfo i : info) {
      assertEquals(MigrationState.SUCCESS, i.getState(), i.getScript());
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(List.of("4"), rows(c, "SELECT COUNT(*) FROM \"flyway_schema_history\""));
      assertEquals(List.of("2"), rows(c, "SELECT COUNT(*) FROM customer"));
    }
  }

  @Test
  void failingScript_keepsItsEarlierDdl_isRecordedFailed_andRepairRemovesTheRecord()
      throws Exception {
    String url = "jdbc:coagent:file:" + dir.resolve("fail.coagent");
    Flyway flyway = Flyway.configure().dataSource(url, null, null)
        .locations("classpath:db/failing").load();
    FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
    assertTrue(e.getMessage().contains("0A000") && e.getMessage().contains("DROP COLUMN"),
        e.getMessage());
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM tag"),
          "DDL is not transactional: the script's CREATE TABLE stays");
    }
    assertEquals(MigrationState.FAILED, flyway.info().current().getState());
    flyway.repair();
    assertEquals("2", flyway.info().pending()[0].getVersion().getVersion());
    assertEquals("1", flyway.info().current().getVersion().getVersion());
  }

  @Test
  void jdbcReferenceExample_isThisTestsCode() throws Exception {
    Path doc = Path.of("../docs/reference/jdbc.md");
    String source = Files.readString(Path.of("src/test/java/io/coagent/flyway/"
        + "FlywayMigrateTest.java"));
    String code = source.substring(source.indexOf("// FLYWAY:begin\n") + 16,
        source.indexOf("// FLYWAY:end")).stripIndent().strip(); // the last line sets the indent
    assertTrue(Files.readString(doc).contains("```java\n" + code + "\n```"),
        "docs/reference/jdbc.md, Flyway, must show this code:\n" + code);
  }
}
