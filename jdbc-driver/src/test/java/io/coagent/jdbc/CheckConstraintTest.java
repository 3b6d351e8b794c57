package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.query;
import static io.coagent.jdbc.AgentTransactionsTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CHECK constraints end to end: declared in CREATE TABLE (column and table level) or ALTER TABLE
 * ADD, stored with the table, judged on every row INSERT, UPDATE and MERGE write (FALSE refused
 * with 23514, NULL passes), on the row alone, whatever the ranks.
 */
class CheckConstraintTest extends ConstraintFixture {
  @TempDir Path dir;
  private static void assertCheck(SQLException e, String constraint) {
    assertEquals("23514", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(constraint), e.getMessage());
  }

  private void createItems() throws SQLException {
    update(op, "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER CHECK (qty >= 0), "
        + "price DECIMAL(10, 2) CONSTRAINT positive_price CHECK (price > 0) NOT NULL, "
        + "lo INTEGER, hi INTEGER, CHECK (items.lo <= hi))");
  }

  @Test
  void falseRow_isRefusedWith23514NamingTableConstraintAndFix_andNullPasses()
      throws SQLException {
    createItems();
    update(op, "INSERT INTO items VALUES (1, 5, 1.50, 1, 2)");
    update(op, "INSERT INTO items VALUES (2, NULL, 2.00, NULL, 3)"); // unknown passes
    SQLException e = fails(op, "INSERT INTO items VALUES (3, -1, 1.00, 1, 2)");
    assertCheck(e, "ITEMS_QTY_CHECK");
    assertTrue(e.getMessage().contains("table ITEMS") && e.getMessage().contains("QTY=-1")
        && e.getMessage().contains("DROP CONSTRAINT"), e.getMessage());
    assertCheck(fails(op, "INSERT INTO items VALUES (3, 1, 0, 1, 2)"), "POSITIVE_PRICE");
    assertCheck(fails(op, "INSERT INTO items VALUES (3, 1, 1, 5, 2)"), "ITEMS_CHECK");
    // a statement with one refused row writes none of its rows
    assertCheck(fails(op, "INSERT INTO items VALUES (3, 1, 1, 1, 1), (4, -4, 1, 1, 1)"),
        "ITEMS_QTY_CHECK");
    assertEquals(List.of("1|5|1.50|1|2", "2|null|2.00|null|3"),
        query(op, "SELECT * FROM items ORDER BY id"));
  }

  @Test
  void everyWritePath_judgesTheRowItWrites() throws SQLException {
    createItems();
    update(op, "INSERT INTO items VALUES (1, 5, 1.50, 1, 2), (2, 0, 2.00, 0, 0)");
    assertCheck(fails(op, "UPDATE items SET qty = qty - 6 WHERE id = 1"), "ITEMS_QTY_CHECK");
    assertCheck(fails(op, "UPDATE items SET lo = 9"), "ITEMS_CHECK");
    try (PreparedStatement ps = op.prepareStatement("UPDATE items SET qty = ? WHERE id = ?")) {
      ps.setInt(1, -2); // the key fast path
      ps.setInt(2, 1);
      assertCheck(assertThrows(SQLException.class, ps::executeUpdate), "ITEMS_QTY_CHECK");
      ps.setInt(1, 7);
      assertEquals(1, ps.executeUpdate());
    }
    try (PreparedStatement ps = op.prepareStatement("INSERT INTO items VALUES (?, ?, 1, 1, 1)")) {
      ps.setInt(1, 5);
      ps.setInt(2, -5);
      assertCheck(assertThrows(SQLException.class, ps::executeUpdate), "ITEMS_QTY_CHECK");
    }
    assertCheck(fails(op, "INSERT INTO items SELECT id + 10, qty - 100, price, lo, hi FROM items"),
        "ITEMS_QTY_CHECK");
    assertCheck(fails(op, "MERGE INTO items USING (VALUES (1, -3)) AS s(i, q) ON items.id = s.i "
        + "WHEN MATCHED THEN UPDATE SET qty = s.q"), "ITEMS_QTY_CHECK");
    assertCheck(fails(op, "MERGE INTO items USING (VALUES (9, -3)) AS s(i, q) ON items.id = s.i "
        + "WHEN NOT MATCHED THEN INSERT VALUES (s.i, s.q, 1, 1, 1)"), "ITEMS_QTY_CHECK");
    assertCheck(fails(op, "INSERT INTO items VALUES (1, 1, 1, 1, 1) "
        + "ON CONFLICT (id) DO UPDATE SET price = -1"), "POSITIVE_PRICE");
    assertCheck(fails(op, "INSERT INTO items VALUES (8, 1, -1, 1, 1) "
        + "ON CONFLICT (id) DO NOTHING"), "POSITIVE_PRICE");
    update(op, "UPDATE items SET qty = NULL, lo = NULL"); // NULL passes on update too
    assertEquals(List.of("1|null|1.50|null|2", "2|null|2.00|null|0"),
        query(op, "SELECT * FROM items ORDER BY id"));
  }

  @Test
  void alterTableAddCheck_refusesWhileAVisibleRowViolates_thenJudgesEveryWrite()
      throws SQLException {
    update(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, s VARCHAR)");
    update(op, "INSERT INTO t VALUES (1, 1, 'x'), (2, -1, 'yy'), (3, NULL, NULL)");
    SQLException e = fails(op, "ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a >= 0)");
    assertCheck(e, "A_POS");
    assertTrue(e.getMessage().contains("A=-1") && e.getMessage().contains("update or delete"),
        e.getMessage());
    update(op, "INSERT INTO t VALUES (4, -7, 'z')"); // the refused ALTER left no constraint
    update(op, "DELETE FROM t WHERE a < 0");
    update(op, "ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a >= 0)");
    update(op, "ALTER TABLE t ADD CHECK (CHAR_LENGTH(s) < 3)");
    assertCheck(fails(op, "INSERT INTO t VALUES (5, -1, 'ok')"), "A_POS");
    assertCheck(fails(op, "INSERT INTO t VALUES (5, 1, 'long')"), "T_CHECK");
    assertEquals("42710", fails(op, "ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a < 9)")
        .getSQLState());
    update(op, "ALTER TABLE t DROP CONSTRAINT a_pos");
    update(op, "INSERT INTO t VALUES (5, -1, 'ok')");
    assertEquals("42704", fails(op, "ALTER TABLE t DROP CONSTRAINT a_pos").getSQLState());
    update(op, "ALTER TABLE t DROP CONSTRAINT IF EXISTS a_pos");
  }

  @Test
  void addColumnWithCheck_judgesTheExistingRowsWithTheColumnsFill() throws SQLException {
    update(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)");
    update(op, "INSERT INTO t VALUES (1, 1), (2, 5)");
    assertCheck(fails(op, "ALTER TABLE t ADD COLUMN b INTEGER DEFAULT 0 CHECK (b > 0)"),
        "T_B_CHECK");
    assertCheck(fails(op, "ALTER TABLE t ADD COLUMN b INTEGER DEFAULT 3 CHECK (b > a)"),
        "T_B_CHECK");
    assertEquals(List.of("1|1", "2|5"), query(op, "SELECT * FROM t ORDER BY id"),
        "a refused ADD COLUMN adds no column");
    update(op, "ALTER TABLE t ADD COLUMN b INTEGER CONSTRAINT b_pos CHECK (b > 0)"); // NULL fill
    assertCheck(fails(op, "INSERT INTO t VALUES (3, 1, 0)"), "B_POS");
    update(op, "INSERT INTO t VALUES (3, 1, 2)");
  }

  @Test
  void checkDefinitionMistakes_areRefusedAndLeaveNoTable() throws SQLException {
    assertEquals("42804", fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER "
        + "CHECK (a + 1))").getSQLState());
    assertEquals("42S22", fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, "
        + "CHECK (nope > 0))").getSQLState());
    assertEquals("0A000", fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, "
        + "CHECK (a IN (SELECT 1)))").getSQLState());
    assertEquals("0A000", fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, "
        + "CHECK (SUM(a) > 0))").getSQLState());
    assertEquals("42710", fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER "
        + "CONSTRAINT c CHECK (a > 0), CONSTRAINT c CHECK (a < 9))").getSQLState());
    try (java.sql.ResultSet rs = op.getMetaData().getTables(null, null, "T", null)) {
      assertTrue(!rs.next(), "no table T is left behind");
    }
    assertEquals("42S02", fails(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER "
        + "REFERENCES t (id))").getSQLState(), "the refused table T is no parent either");
    assertEquals("0A000", fails(op, "CREATE TABLE c (a INTEGER CHECK (a > 0)) AS SELECT 1")
        .getSQLState());
  }

  @Test
  void renames_keepTheChecksWorking() throws SQLException {
    update(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER CHECK (t.a > 0))");
    update(op, "ALTER TABLE t RENAME COLUMN a TO amount");
    assertCheck(fails(op, "INSERT INTO t VALUES (1, 0)"), "T_A_CHECK");
    update(op, "ALTER TABLE t RENAME TO u");
    assertCheck(fails(op, "INSERT INTO u VALUES (1, 0)"), "T_A_CHECK");
    update(op, "ALTER TABLE u ADD COLUMN b INTEGER DEFAULT 5");
    assertCheck(fails(op, "INSERT INTO u VALUES (1, -1, 1)"), "T_A_CHECK");
    update(op, "INSERT INTO u VALUES (1, 1, 1)");
  }

  @Test
  void checks_surviveReopeningAFileStore() throws SQLException {
    String file = "jdbc:coagent:file:" + dir.resolve("checks.mv.db");
    try (Connection c = DriverManager.getConnection(file)) {
      update(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER CONSTRAINT a_pos "
          + "CHECK (a > 0))");
      update(c, "ALTER TABLE t ADD CHECK (a < 100)");
    }
    try (Connection c = DriverManager.getConnection(file)) {
      assertCheck(fails(c, "INSERT INTO t VALUES (1, 0)"), "A_POS");
      assertCheck(fails(c, "INSERT INTO t VALUES (1, 100)"), "T_CHECK");
      update(c, "INSERT INTO t VALUES (1, 50)");
    }
  }

  @Test
  void aCheckJudgesTheRowAlone_soRanksPlayNoPart_andARefusedWriteNotifiesNobody()
      throws Exception {
    update(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER CHECK (a >= 0))");
    try (Connection low = agent("low", 10);
        Connection high = agent("high", 20)) {
      update(high, "INSERT INTO t VALUES (2, 1)");
      assertCheck(fails(low, "INSERT INTO t VALUES (1, -1)"), "T_A_CHECK");
      assertCheck(fails(high, "UPDATE t SET a = -1 WHERE id = 2"), "T_A_CHECK");
      update(low, "INSERT INTO t VALUES (1, 3)");
      low.commit();
      high.commit(); // the refused write left no row behind, so it notified nobody
      assertEquals(List.of("1|3", "2|1"), query(op, "SELECT * FROM t ORDER BY id"));
    }
  }
}
