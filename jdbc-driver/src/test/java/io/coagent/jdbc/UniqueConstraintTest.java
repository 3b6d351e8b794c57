package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.awaitNotification;
import static io.coagent.jdbc.AgentTransactionsTest.query;
import static io.coagent.jdbc.AgentTransactionsTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UNIQUE constraints of CREATE TABLE and ALTER TABLE ADD: unique indexes, judged in rank order. */
class UniqueConstraintTest {
  private String url;
  private Connection op;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:unique-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
  }

  @AfterEach
  void close() throws SQLException {
    op.close();
  }

  private static SQLException fails(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> update(c, sql), sql);
  }

  /** The secondary indexes (not the primary key) as "NAME|TABLE|unique", by name. */
  private List<String> indexes() throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    try (java.sql.ResultSet rs = op.getMetaData().getIndexInfo(null, null, null, false, false)) {
      while (rs.next()) {
        String row = rs.getString("INDEX_NAME") + "|" + rs.getString("TABLE_NAME") + "|"
            + !rs.getBoolean("NON_UNIQUE");
        if (!rs.getString("INDEX_NAME").startsWith("PK_") && !out.contains(row)) {
          out.add(row);
        }
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  @Test
  void columnUnique_becomesAUniqueIndex_andADuplicateFailsWith23505NamingConstraintTableAndKey()
      throws SQLException {
    update(op, "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) UNIQUE, "
        + "nick VARCHAR CONSTRAINT users_nick_uq UNIQUE NOT NULL)");
    assertEquals(List.of("USERS_EMAIL_KEY|USERS|true", "USERS_NICK_UQ|USERS|true"), indexes());
    update(op, "INSERT INTO users VALUES (1, 'a@x', 'a')");
    update(op, "INSERT INTO users VALUES (2, NULL, 'b'), (3, NULL, 'c')"); // NULLs never conflict
    SQLException dup = fails(op, "INSERT INTO users VALUES (4, 'a@x', 'd')");
    assertEquals("23505", dup.getSQLState());
    assertTrue(dup.getMessage().contains("USERS_EMAIL_KEY") && dup.getMessage().contains("USERS")
        && dup.getMessage().contains("a@x"), dup.getMessage());
    assertEquals("23505", fails(op, "UPDATE users SET nick = 'a' WHERE id = 2").getSQLState());
    assertEquals("23505", fails(op, "INSERT INTO users VALUES (5, 'n@x', 'e'), (6, 'n@x', 'f')")
        .getSQLState()); // a duplicate within one statement
    assertEquals(List.of("1|a@x|a", "2|null|b", "3|null|c"),
        query(op, "SELECT * FROM users ORDER BY id"));
    assertEquals("23502", fails(op, "INSERT INTO users VALUES (7, 'q@x', NULL)").getSQLState());
  }

  @Test
  void tableUnique_overSeveralColumns_comparesTheCombination() throws SQLException {
    update(op, "CREATE TABLE seats (id INTEGER PRIMARY KEY, row_no INTEGER, seat INTEGER, "
        + "code VARCHAR, UNIQUE (row_no, seat), CONSTRAINT seats_code UNIQUE (code))");
    assertEquals(List.of("SEATS_CODE|SEATS|true", "SEATS_ROW_NO_SEAT_KEY|SEATS|true"), indexes());
    update(op, "INSERT INTO seats VALUES (1, 1, 1, 'a'), (2, 1, 2, 'b'), (3, 2, 1, 'c')");
    SQLException dup = fails(op, "INSERT INTO seats VALUES (4, 1, 2, 'd')");
    assertEquals("23505", dup.getSQLState());
    assertTrue(dup.getMessage().contains("SEATS_ROW_NO_SEAT_KEY"), dup.getMessage());
    assertEquals("23505", fails(op, "MERGE INTO seats USING (VALUES (9, 'a')) AS s(i, c) "
        + "ON seats.id = s.i WHEN NOT MATCHED THEN INSERT VALUES (s.i, 5, 5, s.c)").getSQLState());
    assertEquals("23505", fails(op, "INSERT INTO seats VALUES (3, 9, 9, 'b') "
        + "ON CONFLICT (id) DO UPDATE SET code = 'b'").getSQLState());
    update(op, "UPDATE seats SET seat = 3 WHERE id = 2");
    update(op, "INSERT INTO seats VALUES (4, 1, 2, 'd')"); // the combination is free again
  }

  @Test
  void uniqueConstraints_refuseMistakesWithoutLeavingATable() throws SQLException {
    update(op, "CREATE TABLE o (id INTEGER PRIMARY KEY)");
    update(op, "CREATE INDEX taken ON o (id)");
    assertEquals("42S11",
        fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER CONSTRAINT taken UNIQUE)")
            .getSQLState());
    assertEquals("42S22",
        fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, UNIQUE (nope))").getSQLState());
    assertEquals("42000",
        fails(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, b VARBINARY UNIQUE)").getSQLState());
    try (java.sql.ResultSet rs = op.getMetaData().getTables(null, null, "T", null)) {
      assertTrue(!rs.next(), "no table T is left behind");
    }
    update(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER UNIQUE)"); // the name is free
  }

  @Test
  void alterTableAddUnique_checksExistingRows_andThenEveryWrite() throws SQLException {
    update(op, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)");
    update(op, "INSERT INTO t VALUES (1, 1, 1), (2, 1, 2)");
    assertEquals("23505", fails(op, "ALTER TABLE t ADD UNIQUE (a)").getSQLState());
    update(op, "ALTER TABLE t ADD CONSTRAINT t_b_once UNIQUE (b)");
    update(op, "ALTER TABLE t ADD UNIQUE (a, b)");
    assertEquals(List.of("T_A_B_KEY|T|true", "T_B_ONCE|T|true"), indexes());
    SQLException dup = fails(op, "INSERT INTO t VALUES (3, 7, 2)");
    assertTrue(dup.getMessage().contains("T_B_ONCE"), dup.getMessage());
    update(op, "DROP INDEX t_b_once"); // a constraint is its index
    update(op, "INSERT INTO t VALUES (3, 7, 2)");
  }

  @Test
  void lowerRankInsertingTheSameValue_notifiesTheHigherRank_andItsUndoNotifiesAgain()
      throws Exception {
    update(op, "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR UNIQUE)");
    try (Connection low = DriverManager.getConnection(url + ";agent=low;rank=10");
        Connection high = DriverManager.getConnection(url + ";agent=high;rank=20")) {
      low.setAutoCommit(false);
      high.setAutoCommit(false);
      update(high, "INSERT INTO users VALUES (2, 'same@x')");
      update(low, "INSERT INTO users VALUES (1, 'same@x')"); // first in the serial order: wins
      assertEquals("1", awaitNotification(high).key().toString());
      assertEquals("23505", fails(high, "INSERT INTO users VALUES (3, 'same@x')").getSQLState());
      low.rollback(); // the conflict the higher rank saw is gone: notified again
      assertEquals("1", awaitNotification(high).key().toString());
    }
  }
}
