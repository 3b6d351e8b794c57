package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.awaitNotification;
import static io.coagent.jdbc.AgentTransactionsTest.query;
import static io.coagent.jdbc.AgentTransactionsTest.update;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TRUNCATE, CREATE TABLE AS, views, CREATE SCHEMA: their MTPO semantics and their errors. */
class SchemaChangesTest {
  private String url;
  private Connection op;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:schema-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
    update(op, "CREATE TABLE stock (item VARCHAR PRIMARY KEY, qty INTEGER, price DECIMAL(8, 2),"
        + " doc JSON)");
    update(op, "INSERT INTO stock VALUES ('apple', 5, 1.20, '{}'), ('pear', 0, 2.50, NULL),"
        + " ('plum', 9, 0.75, '[]')");
  }

  @AfterEach
  void close() throws SQLException {
    op.close();
  }

  static String state(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> update(c, sql), sql).getSQLState();
  }

  static SQLException failure(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> update(c, sql), sql);
  }

  @Test
  void truncate_isAVersionedDeleteThatNotifiesReadersAndCanBeUndone() throws Exception {
    try (Connection low = DriverManager.getConnection(url + ";agent=low");
        Connection high = DriverManager.getConnection(url + ";agent=high")) {
      low.setAutoCommit(false);
      high.setAutoCommit(false);
      assertEquals(List.of("5"), query(high, "SELECT qty FROM stock WHERE item = 'apple'"));
      assertEquals(3, update(low, "TRUNCATE TABLE stock"));
      assertEquals("apple", awaitNotification(high).key().get(0).toString());
      assertEquals(List.of("0"), query(low, "SELECT count(*) FROM stock"));
      List<String> ops = query(low, "SELECT OP_ID, SQL_TEXT FROM SYS.OPERATIONS WHERE AGENT = 'low'"
          + " AND SQL_TEXT LIKE 'TRUNCATE%'");
      assertEquals(1, ops.size(), ops.toString());
      assertTrue(ops.get(0).endsWith("|TRUNCATE TABLE stock"), ops.toString());
      update(low, "CALL SYS.UNDO(" + ops.get(0).split("\\|")[0] + ")");
      assertEquals(List.of("3"), query(low, "SELECT count(*) FROM stock"));
      low.commit();
      high.rollback();
    }
    assertEquals(3, update(op, "TRUNCATE stock"));
    assertEquals(List.of("0"), query(op, "SELECT count(*) FROM stock"));
    assertEquals(List.of("3"), query(op, "SELECT count(DISTINCT ITEM) FROM SYS.STOCK_HISTORY"),
        "history keeps the truncated rows");
  }

  @Test
  void truncate_ofSeveralTablesAndItsErrorsNameTheTable() throws SQLException {
    update(op, "CREATE TABLE log (n INTEGER)");
    update(op, "INSERT INTO log VALUES (1), (2)");
    assertEquals(5, update(op, "TRUNCATE TABLE ONLY stock, log CONTINUE IDENTITY RESTRICT"));
    assertEquals(List.of("0|0"), query(op,
        "SELECT (SELECT count(*) FROM stock), (SELECT count(*) FROM log) FROM (VALUES (1))"));
    SQLException e = failure(op, "TRUNCATE nope");
    assertEquals("42S02", e.getSQLState());
    assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
    assertEquals("0A000", state(op, "TRUNCATE stock RESTART IDENTITY"));
    assertEquals("42000", state(op, "TRUNCATE stock, "));
  }

  @Test
  void createTableAs_takesTypesFromTheQueryAndInsertsAsOneOperationOfTheCreator()
      throws Exception {
    try (Connection low = DriverManager.getConnection(url + ";agent=low");
        Connection high = DriverManager.getConnection(url + ";agent=high")) {
      high.setAutoCommit(false);
      assertEquals(2, update(high, "CREATE TABLE cheap AS SELECT item, qty, price, doc,"
          + " qty * 2 AS twice, price > 1 AS dear FROM stock WHERE price < 2"));
      assertEquals(List.of("apple|5|1.20|{}|10|true", "plum|9|0.75|[]|18|false"),
          query(high, "SELECT * FROM cheap ORDER BY item"));
      List<String> types = new ArrayList<>();
      try (ResultSet rs = high.getMetaData().getColumns(null, null, "CHEAP", null)) {
        while (rs.next()) {
          types.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME")
              + (rs.getString("TYPE_NAME").equals("DECIMAL") ? "(" + rs.getInt("COLUMN_SIZE")
              + "," + rs.getInt("DECIMAL_DIGITS") + ")" : ""));
        }
      }
      assertEquals(List.of("ITEM VARCHAR", "QTY INTEGER", "PRICE DECIMAL(8,2)", "DOC JSON",
          "TWICE INTEGER", "DEAR BOOLEAN"), types);
      assertEquals(List.of("CREATE TABLE cheap AS SELECT item, qty, price, doc, qty * 2 AS twice,"
          + " price > 1 AS dear FROM stock WHERE price < 2|2"),
          query(high, "SELECT SQL_TEXT, ROWS_AFFECTED FROM SYS.OPERATIONS WHERE AGENT = 'high'"
              + " AND SQL_TEXT LIKE 'CREATE%'"));
      // the copy's reads are footprints of the creator
      update(low, "UPDATE stock SET price = 0.50 WHERE item = 'apple'");
      assertEquals("apple", awaitNotification(high).key().get(0).toString());
      high.rollback();
      assertEquals(List.of("0"), query(high, "SELECT count(*) FROM cheap"),
          "a rollback removes the rows; the table (DDL) stays");
    }
    update(op, "CREATE TABLE IF NOT EXISTS cheap AS SELECT item FROM stock");
    assertEquals(List.of("0"), query(op, "SELECT count(*) FROM cheap"));
    update(op, "CREATE TABLE named (a, b) AS SELECT item, qty FROM stock WHERE qty > 0");
    assertEquals(List.of("apple|5", "plum|9"), query(op, "SELECT a, b FROM named ORDER BY a"));
    assertEquals("42S01", state(op, "CREATE TABLE cheap AS SELECT 1 AS x FROM stock"));
    assertEquals("42701", state(op, "CREATE TABLE dup AS SELECT qty, qty FROM stock"));
    assertEquals("42000", state(op, "CREATE TABLE wrong (a) AS SELECT item, qty FROM stock"));
    assertEquals("42S02", state(op, "CREATE TABLE copy AS SELECT * FROM missing"));
    assertEquals("22012", state(op, "CREATE TABLE broken AS SELECT 1 / (qty - qty) FROM stock"));
    assertTrue(op.getMetaData().getTables(null, null, "BROKEN", null).next() == false,
        "a failed CTAS leaves no table");
  }

  @Test
  void view_readsAndFootprintsTheUnderlyingRows() throws Exception {
    update(op, "CREATE VIEW in_stock (name, n) AS SELECT item, qty FROM stock WHERE qty > 0");
    try (Connection low = DriverManager.getConnection(url + ";agent=low");
        Connection high = DriverManager.getConnection(url + ";agent=high")) {
      high.setAutoCommit(false);
      assertEquals(List.of("apple|5", "plum|9"), query(high, "SELECT * FROM in_stock ORDER BY name"));
      update(low, "UPDATE stock SET qty = 4 WHERE item = 'plum'");
      assertEquals("plum", awaitNotification(high).key().get(0).toString());
      assertEquals(List.of("apple|5", "plum|4"), query(high, "SELECT * FROM in_stock ORDER BY name"));
      high.rollback();
    }
    update(op, "CREATE OR REPLACE VIEW in_stock AS SELECT item FROM stock WHERE qty = 0");
    assertEquals(List.of("pear"), query(op, "SELECT * FROM in_stock"));
    update(op, "CREATE VIEW names AS SELECT UPPER(item) AS u FROM in_stock");
    assertEquals(List.of("PEAR"), query(op, "SELECT u FROM names"));
  }

  @Test
  void view_refusesWritesAndTheDropOfWhatItReads() throws SQLException {
    update(op, "CREATE VIEW v AS SELECT item, qty FROM stock");
    update(op, "CREATE VIEW w AS SELECT item FROM v");
    for (String write : List.of("INSERT INTO v VALUES ('fig', 1)", "UPDATE v SET qty = 1",
        "DELETE FROM v", "TRUNCATE v")) {
      SQLException e = failure(op, write);
      assertEquals("42809", e.getSQLState(), write);
      assertTrue(e.getMessage().contains("V") && e.getMessage().contains("view"), e.getMessage());
    }
    SQLException e = failure(op, "DROP TABLE stock");
    assertEquals("2BP01", e.getSQLState());
    assertTrue(e.getMessage().contains("DROP VIEW V"), e.getMessage());
    assertEquals("2BP01", state(op, "DROP VIEW v"));
    assertEquals("42809", state(op, "DROP TABLE v"));
    assertEquals("42809", state(op, "DROP VIEW stock"));
    assertEquals("42S01", state(op, "CREATE VIEW v AS SELECT 1 AS x FROM stock"));
    assertEquals("42S01", state(op, "CREATE VIEW stock AS SELECT 1 AS x FROM v"));
    assertEquals("42S01", state(op, "CREATE TABLE v (x INTEGER)"));
    assertEquals("42000", state(op, "CREATE OR REPLACE VIEW v AS SELECT item, qty FROM w"));
    assertEquals("42S22", state(op, "CREATE VIEW bad AS SELECT nothing FROM stock"));
    assertEquals("42S02", state(op, "DROP VIEW nope"));
    update(op, "DROP VIEW IF EXISTS nope");
    update(op, "DROP VIEW w");
    update(op, "DROP VIEW v");
    update(op, "DROP TABLE stock");
  }

  @Test
  void view_isListedByMetadataAndSurvivesReopenOfAFileStore() throws Exception {
    Path dir = Files.createTempDirectory("views");
    String file = "jdbc:coagent:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(file)) {
      update(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)");
      update(c, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
      update(c, "CREATE VIEW tv AS SELECT id, v FROM t WHERE id > 1");
    }
    try (Connection c = DriverManager.getConnection(file)) {
      assertEquals(List.of("2|b"), query(c, "SELECT * FROM tv"));
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getTables(null, "COAGENT", null, new String[] {"VIEW"})) {
        assertTrue(rs.next());
        assertEquals("TV", rs.getString("TABLE_NAME"));
        assertEquals("VIEW", rs.getString("TABLE_TYPE"));
        assertTrue(!rs.next());
      }
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, null, "TV", null)) {
        while (rs.next()) {
          cols.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
        }
      }
      assertEquals(List.of("ID INTEGER", "V VARCHAR"), cols);
      assertEquals(List.of("tv|SELECT id, v FROM t WHERE id > 1|NO"), query(c, "SELECT table_name,"
          + " view_definition, is_updatable FROM information_schema.views"));
      update(c, "DROP VIEW tv");
    }
    try (Connection c = DriverManager.getConnection(file)) {
      assertEquals("42S02", state(c, "SELECT * FROM tv"));
    }
  }

  @Test
  void createSchema_isRefusedSayingHowTablesAreNamed() {
    SQLException e = failure(op, "CREATE SCHEMA app");
    assertEquals("0A000", e.getSQLState());
    assertTrue(e.getMessage().contains("CREATE TABLE t"), e.getMessage());
  }

  /** The one row of {@code sql} as "a|b|...". */
  private static String one(Connection c, String sql) throws SQLException {
    List<String> rows = query(c, sql);
    assertEquals(1, rows.size(), sql + " -> " + rows);
    return rows.get(0);
  }

  @Test
  void addColumn_readsItsDefaultInEveryExistingVersionIncludingHistoryAsOfDiffAndUndoSql()
      throws Exception {
    Path dir = Files.createTempDirectory("alter");
    String file = "jdbc:coagent:file:" + dir.resolve("db");
    String t1;
    try (Connection c = DriverManager.getConnection(file)) {
      update(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)");
      update(c, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
      update(c, "UPDATE t SET v = 'a2' WHERE id = 1");
      Thread.sleep(5);
      t1 = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
      Thread.sleep(5);
      update(c, "DELETE FROM t WHERE id = 2");
      update(c, "ALTER TABLE t ADD COLUMN n INTEGER DEFAULT 7 NOT NULL");
      update(c, "ALTER TABLE t ADD note VARCHAR");
      assertEquals(List.of("1|a2|7|null"), query(c, "SELECT * FROM t"));
      update(c, "INSERT INTO t (id, v) VALUES (3, 'c')");
      assertEquals(List.of("1|a2|7|null", "3|c|7|null"), query(c, "SELECT * FROM t ORDER BY id"));
      assertEquals(List.of("1|a|7", "1|a2|7", "2|b|7", "2|null|null", "3|c|7"),
          query(c, "SELECT ID, V, N FROM SYS.T_HISTORY ORDER BY ID, VERSION_ID"));
      assertEquals(List.of("1|a2|7", "2|b|7"),
          query(c, "SELECT * FROM (SELECT id, v, n FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '" + t1
              + "') ORDER BY id"));
      String undo = one(c, "SELECT UNDO_SQL FROM SYS.ALL_OPERATIONS WHERE SQL_TEXT LIKE 'DELETE%'");
      assertTrue(undo.contains("\"N\"") && undo.contains("7"), undo);
    }
    try (Connection c = DriverManager.getConnection(file)) {
      assertEquals(List.of("1|a2|7|null", "3|c|7|null"), query(c, "SELECT * FROM t ORDER BY id"),
          "the added columns and their fill survive reopen");
      assertEquals(List.of("1|a|7", "1|a2|7", "2|b|7", "2|null|null", "3|c|7"),
          query(c, "SELECT ID, V, N FROM SYS.T_HISTORY ORDER BY ID, VERSION_ID"));
      List<String> diff = query(c, "CALL SYS.DIFF('t', TIMESTAMP '" + t1
          + "', TIMESTAMP '2999-01-01 00:00:00')");
      assertEquals(2, diff.size(), diff.toString());
      assertTrue(diff.get(0).startsWith("REMOVED|{\"ID\":2}|2|b|7|null|"), diff.toString());
      String undo = one(c, "SELECT UNDO_SQL FROM SYS.ALL_OPERATIONS WHERE SQL_TEXT LIKE 'DELETE%'");
      update(c, undo);
      assertEquals(List.of("1|a2|7|null", "2|b|7|null", "3|c|7|null"),
          query(c, "SELECT * FROM t ORDER BY id"), "the inverse of an old delete restores the fill");
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getColumns(null, null, "T", null)) {
        while (rs.next()) {
          cols.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " "
              + rs.getString("IS_NULLABLE") + " " + rs.getString("COLUMN_DEF"));
        }
      }
      assertEquals(List.of("ID INTEGER NO null", "V VARCHAR YES null", "N INTEGER NO 7",
          "NOTE VARCHAR YES null"), cols);
    }
  }

  @Test
  void rename_keepsRowsHistoryAndMetadata() throws Exception {
    update(op, "ALTER TABLE stock RENAME COLUMN qty TO amount");
    update(op, "ALTER TABLE stock RENAME TO goods");
    assertEquals(List.of("apple|5"), query(op, "SELECT item, amount FROM goods WHERE item = 'apple'"));
    assertEquals(List.of("3"), query(op, "SELECT count(*) FROM SYS.GOODS_HISTORY"));
    assertEquals("42S02", state(op, "SELECT * FROM stock"));
    try (ResultSet rs = op.getMetaData().getColumns(null, null, "GOODS", "AMOUNT")) {
      assertTrue(rs.next());
    }
    update(op, "UPDATE goods SET amount = amount + 1 WHERE item = 'apple'");
    String undo = one(op, "SELECT UNDO_SQL FROM SYS.ALL_OPERATIONS WHERE SQL_TEXT LIKE 'UPDATE%'");
    assertEquals("UPDATE \"GOODS\" SET \"AMOUNT\" = 5 WHERE \"ITEM\" = 'apple'", undo);
  }

  @Test
  void alterTable_errorsNameTheObjectAndTheFix() throws SQLException {
    update(op, "CREATE VIEW sv AS SELECT item FROM stock");
    assertEquals("42S02", state(op, "ALTER TABLE nope ADD x INTEGER"));
    update(op, "ALTER TABLE IF EXISTS nope ADD x INTEGER");
    SQLException e = failure(op, "ALTER TABLE stock ADD COLUMN qty INTEGER");
    assertEquals("42701", e.getSQLState());
    assertTrue(e.getMessage().contains("QTY") && e.getMessage().contains("STOCK"), e.getMessage());
    update(op, "ALTER TABLE stock ADD COLUMN IF NOT EXISTS qty INTEGER");
    e = failure(op, "ALTER TABLE stock ADD flag BOOLEAN NOT NULL");
    assertEquals("23502", e.getSQLState());
    assertTrue(e.getMessage().contains("DEFAULT"), e.getMessage());
    assertEquals("42804", state(op, "ALTER TABLE stock ADD n INTEGER DEFAULT 'many'"));
    assertEquals("0A000", state(op, "ALTER TABLE stock ADD id INTEGER PRIMARY KEY"));
    assertEquals("42S22", state(op, "ALTER TABLE stock RENAME COLUMN nope TO x"));
    assertEquals("42701", state(op, "ALTER TABLE stock RENAME COLUMN qty TO price"));
    assertEquals("2BP01", state(op, "ALTER TABLE stock RENAME TO goods"));
    assertEquals("42809", state(op, "ALTER TABLE sv ADD x INTEGER"));
    e = failure(op, "ALTER TABLE stock DROP COLUMN doc");
    assertEquals("0A000", e.getSQLState());
    assertTrue(e.getMessage().contains("CREATE TABLE t2 AS SELECT"), e.getMessage());
    assertEquals("0A000", state(op, "ALTER TABLE stock ALTER COLUMN qty TYPE BIGINT"));
    update(op, "DROP VIEW sv");
    update(op, "CREATE TABLE other (x INTEGER)");
    assertEquals("42S01", state(op, "ALTER TABLE stock RENAME TO other"));
    assertEquals(List.of("apple|5|1.20|{}"), query(op, "SELECT * FROM stock WHERE item = 'apple'"),
        "failed ALTERs changed nothing");
  }

  @Test
  void ddlUnderMtpo_isImmediateForEveryTrajectoryAndPreparedStatementsReplan() throws Exception {
    try (Connection agent = DriverManager.getConnection(url + ";agent=a")) {
      agent.setAutoCommit(false);
      try (java.sql.PreparedStatement ps = agent.prepareStatement(
          "SELECT * FROM stock WHERE item = 'apple'")) {
        assertEquals(List.of("apple|5|1.20|{}"), SqlBasicsTest.rows(ps.executeQuery()));
        update(agent, "UPDATE stock SET qty = 6 WHERE item = 'apple'");
        update(op, "ALTER TABLE stock ADD COLUMN tag VARCHAR DEFAULT 'x'");
        assertEquals(List.of("apple|6|1.20|{}|x"), SqlBasicsTest.rows(ps.executeQuery()),
            "the agent's prepared statement re-planned; its own uncommitted write reads the fill");
        assertTrue(co(agent).pendingNotifications().isEmpty(), "DDL notifies no one");
        update(op, "ALTER TABLE stock RENAME TO goods");
        SQLException e = assertThrows(SQLException.class, ps::executeQuery);
        assertEquals("42S02", e.getSQLState());
        agent.commit();
      }
    }
    assertEquals(List.of("apple|6|x"), query(op, "SELECT item, qty, tag FROM goods WHERE item = 'apple'"));
  }

  @Test
  void addColumn_leavesEarlierReadsCertifiedAndNotifiesNoReaderOfTheOldColumns()
      throws Exception {
    try (Connection agent = DriverManager.getConnection(url + ";agent=a")) {
      agent.setAutoCommit(false);
      assertEquals(3, query(agent, "SELECT * FROM stock").size());
      assertEquals(List.of("5"), query(agent, "SELECT qty FROM stock WHERE item = 'apple'"));
      update(op, "ALTER TABLE stock ADD COLUMN tag VARCHAR DEFAULT 'x'");
      update(op, "UPDATE stock SET tag = 'y'");
      assertTrue(co(agent).await(java.time.Duration.ofMillis(300)).isEmpty(),
          "a write to the added column changes nothing the agent read");
      agent.commit();
    }
    String summary = "";
    for (int i = 0; i < 100 && !summary.startsWith("SUMMARY|true|true"); i++) {
      summary = query(op, "CALL SYS.VERIFY()").get(0);
      Thread.sleep(20);
    }
    assertTrue(summary.startsWith("SUMMARY|true|true|"), summary);
    assertTrue(summary.contains("|0|0|"), summary);
  }

  private static CoAgentConnection co(Connection c) throws SQLException {
    return AgentTransactionsTest.co(c);
  }
}
