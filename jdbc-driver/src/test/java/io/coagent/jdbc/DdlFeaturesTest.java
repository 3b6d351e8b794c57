package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DEFAULT values (stored with the schema, applied by INSERT and MERGE) and CREATE INDEX listings. */
class DdlFeaturesTest {
  private String url;
  private Connection c;
  private Statement s;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:ddl-" + UUID.randomUUID();
    c = DriverManager.getConnection(url);
    s = c.createStatement();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private List<String> query(String sql) throws SQLException {
    return AgentTransactionsTest.query(c, sql);
  }

  @Test
  void defaultsFillTheColumnsAnInsertOrMergeOmits() throws SQLException {
    s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR DEFAULT 'none',"
        + " hits INTEGER NOT NULL DEFAULT 0, score DECIMAL DEFAULT -1.5, doc JSON DEFAULT '{}',"
        + " created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, plain VARCHAR)");
    long before = System.currentTimeMillis();
    s.executeUpdate("INSERT INTO notes (id) VALUES (1)");
    long after = System.currentTimeMillis();
    assertEquals(List.of("1|none|0|-1.5|{}|null"),
        query("SELECT id, body, hits, score, doc, plain FROM notes"));
    try (ResultSet rs = s.executeQuery("SELECT created FROM notes WHERE id = 1")) {
      assertTrue(rs.next());
      long created = rs.getTimestamp(1).getTime();
      assertTrue(created >= before && created <= after, created + " not in [" + before + ", "
          + after + "]");
    }
    s.executeUpdate("INSERT INTO notes (id, body, hits) VALUES (2, NULL, 5)");
    assertEquals(List.of("2|null|5"), query("SELECT id, body, hits FROM notes WHERE id = 2"),
        "an explicit NULL is not replaced by the default");
    s.executeUpdate("INSERT INTO notes (id, plain) SELECT id + 10, 'copy' FROM notes");
    assertEquals(List.of("11|none|0|copy", "12|none|0|copy"),
        query("SELECT id, body, hits, plain FROM notes WHERE id > 10 ORDER BY id"));
    s.executeUpdate("MERGE INTO notes n USING (VALUES (3, 'merged')) AS src(id, body)"
        + " ON n.id = src.id WHEN NOT MATCHED THEN INSERT (id, body) VALUES (src.id, src.body)");
    assertEquals(List.of("3|merged|0|{}"), query("SELECT id, body, hits, doc FROM notes WHERE id = 3"));
    try (Connection other = DriverManager.getConnection(url)) {
      AgentTransactionsTest.update(other, "INSERT INTO notes (id) VALUES (4)");
    }
    assertEquals(List.of("4|none"), query("SELECT id, body FROM notes WHERE id = 4"),
        "defaults belong to the store's schema, not to the connection that created the table");
  }

  @Test
  void badDefaultsFailCreateTableNamingTheColumnAndCreateNothing() {
    assertCreateFails("42804", "CREATE TABLE bad (id INTEGER DEFAULT 'abc')", "ID");
    assertCreateFails("42804", "CREATE TABLE bad (id VARCHAR DEFAULT CURRENT_TIMESTAMP)", "ID");
    assertCreateFails("0A000", "CREATE TABLE bad (id INTEGER DEFAULT 1 + 1)", "ID");
    assertCreateFails("23502", "CREATE TABLE bad (id INTEGER NOT NULL DEFAULT NULL)", "ID");
    assertCreateFails("22032", "CREATE TABLE bad (doc JSON DEFAULT '{broken')", "DOC");
    assertCreateFails("0A000", "CREATE TABLE bad (a INTEGER, b INTEGER AS (a + 1) VIRTUAL)", "B");
    assertEquals("42S02", assertThrows(SQLException.class,
        () -> s.executeQuery("SELECT * FROM bad")).getSQLState());
  }

  private void assertCreateFails(String state, String sql, String column) {
    SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
    assertEquals(state, e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(column) && e.getMessage().contains("BAD"), e.getMessage());
  }

  @Test
  void createIndex_isListedByGetIndexInfo_afterThePrimaryKey_andGoesWithDropIndex()
      throws SQLException {
    s.execute("CREATE TABLE kv (k VARCHAR PRIMARY KEY, v INTEGER, w INTEGER)");
    s.execute("CREATE INDEX kv_vw ON kv (v, w DESC)");
    s.execute("CREATE UNIQUE INDEX kv_w ON kv (w)");
    List<String> rows = new java.util.ArrayList<>();
    try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, "KV", false, true)) {
      while (rs.next()) {
        rows.add(rs.getBoolean("NON_UNIQUE") + " " + rs.getString("INDEX_NAME") + " "
            + rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME"));
      }
    }
    assertEquals(List.of("false KV_W 1 W", "false PK_KV 1 K", "true KV_VW 1 V", "true KV_VW 2 W"),
        rows);
    try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, "KV", true, true)) {
      assertEquals(2, SqlBasicsTest.rows(rs).size(), "unique only: KV_W and the key");
    }
    s.execute("DROP INDEX kv_vw");
    s.execute("DROP INDEX kv_w");
    try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, "KV", false, true)) {
      assertEquals(1, SqlBasicsTest.rows(rs).size(), "the primary key only");
    }
    assertEquals(1, SqlBasicsTest.rows(c.getMetaData().getTables(null, "COAGENT", "%", null)).size(),
        "no index object or extra table was created");
  }
}
