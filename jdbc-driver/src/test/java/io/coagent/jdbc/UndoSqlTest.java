package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.agent;
import static io.coagent.jdbc.SysFixtures.fails;
import static io.coagent.jdbc.SysFixtures.lastUndo;
import static io.coagent.jdbc.SysFixtures.newStore;
import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.state;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec rule 6 through SQL: the UNDO_SQL text of each kind of write, and that it restores. */
class UndoSqlTest {
  private static final String ALL_TYPES = "CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR, "
      + "d DOUBLE, n DECIMAL(38,10), b BOOLEAN, ts TIMESTAMP, j JSON, big BIGINT)";

  private String url;
  private Connection a;

  @BeforeEach
  void open() throws SQLException {
    url = newStore("undo");
    try (Connection op = DriverManager.getConnection(url)) {
      update(op, ALL_TYPES);
      update(op, "CREATE TABLE h (x INTEGER, s VARCHAR)");
      update(op, "CREATE TABLE kv (k VARCHAR, v BIGINT, w INTEGER, PRIMARY KEY (k, v))");
    }
    a = agent(url, "writer");
  }

  @AfterEach
  void close() throws SQLException {
    a.close();
  }

  @Test
  void insertIsUndoneByDeletesByKeyNewestRowFirst() throws SQLException {
    update(a, "INSERT INTO t (id, s) VALUES (1, 'a'), (2, 'b')");
    assertEquals("DELETE FROM \"T\" WHERE \"ID\" = 2; DELETE FROM \"T\" WHERE \"ID\" = 1",
        lastUndo(a));
    update(a, "INSERT INTO kv VALUES ('x''y', 7, 1)");
    assertEquals("DELETE FROM \"KV\" WHERE (\"K\" = 'x''y' AND \"V\" = 7)", lastUndo(a));
  }

  @Test
  void updateIsUndoneByRestoringExactlyTheChangedColumns() throws SQLException {
    update(a, "INSERT INTO t (id, s, d, b) VALUES (1, 'a', 1.5, TRUE), (2, 'b', 2.5, TRUE)");
    update(a, "UPDATE t SET s = 'z', b = TRUE WHERE id >= 1");
    assertEquals("UPDATE \"T\" SET \"S\" = 'b' WHERE \"ID\" = 2; "
        + "UPDATE \"T\" SET \"S\" = 'a' WHERE \"ID\" = 1", lastUndo(a));
  }

  @Test
  void deleteIsUndoneByInsertingTheBeforeImageOfEveryColumn() throws SQLException {
    update(a, "INSERT INTO t VALUES (1, 'it''s \"quoted\"; -- not a comment', -0.25, "
        + "-12345678901234567890.0123456789, FALSE, TIMESTAMP '1999-12-31 23:59:59.999', "
        + "'{\"k\": [1, \"it''s\"], \"n\": null}', -9223372036854775808)");
    update(a, "DELETE FROM t WHERE id = 1");
    assertEquals("INSERT INTO \"T\" (\"ID\", \"S\", \"D\", \"N\", \"B\", \"TS\", \"J\", \"BIG\") "
        + "VALUES (1, 'it''s \"quoted\"; -- not a comment', -2.5E-1, "
        + "-12345678901234567890.0123456789, FALSE, TIMESTAMP '1999-12-31 23:59:59.999', "
        + "'{\"k\": [1, \"it''s\"], \"n\": null}', -9223372036854775808)", lastUndo(a));
  }

  @Test
  void primaryKeyChangeIsUndoneByDeleteThenInsert() throws SQLException {
    update(a, "INSERT INTO t (id, s) VALUES (1, 'a')");
    update(a, "UPDATE t SET id = 9 WHERE id = 1");
    assertEquals("DELETE FROM \"T\" WHERE \"ID\" = 9; INSERT INTO \"T\" (\"ID\", \"S\", \"D\", "
        + "\"N\", \"B\", \"TS\", \"J\", \"BIG\") VALUES (1, 'a', NULL, NULL, NULL, NULL, NULL, NULL)",
        lastUndo(a));
  }

  @Test
  void rowsWithoutPrimaryKeyAreAddressedByValueOneAtATime() throws SQLException {
    update(a, "INSERT INTO h VALUES (1, 'x'), (1, 'x'), (2, NULL)");
    update(a, "UPDATE h SET x = 5 WHERE x = 1");
    assertEquals("UPDATE \"H\" SET \"X\" = 1 WHERE (\"X\" = 5 AND \"S\" = 'x') LIMIT 1; "
        + "UPDATE \"H\" SET \"X\" = 1 WHERE (\"X\" = 5 AND \"S\" = 'x') LIMIT 1", lastUndo(a));
    update(a, "DELETE FROM h WHERE s IS NULL");
    assertEquals("INSERT INTO \"H\" (\"X\", \"S\") VALUES (2, NULL)", lastUndo(a));
    update(a, "INSERT INTO h VALUES (5, 'x')");
    assertEquals("DELETE FROM \"H\" WHERE (\"X\" = 5 AND \"S\" = 'x') LIMIT 1", lastUndo(a));
    update(a, lastUndo(a));
    assertEquals(List.of("5|x", "5|x"), state(a, "h"));
  }

  @Test
  void undoSqlScriptsRunThroughTheDriverAndRestoreEveryType() throws SQLException {
    update(a, "INSERT INTO t VALUES (1, 'a', 1.0E-300, 0.0000000001, TRUE, "
        + "TIMESTAMP '2024-02-29 12:00:00', '[]', 1), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    update(a, "INSERT INTO h VALUES (1, 'x'), (1, 'x')");
    List<String> before = snapshot();
    List<String> undo = new ArrayList<>();
    String[] writes = {
        "UPDATE t SET s = 'é ''😀''\n\\', d = 1.7976931348623157E308, n = 99999999.5, "
            + "b = NULL, ts = TIMESTAMP '1970-01-01 00:00:00', j = '{\"a\":\"b;c\"}' WHERE id = 1",
        "UPDATE t SET id = id + 10, big = 9223372036854775807",
        "DELETE FROM t WHERE id = 12",
        "INSERT INTO t (id, s) VALUES (3, 'new'), (4, '')",
        "UPDATE h SET s = NULL WHERE x = 1 LIMIT 1",
        "DELETE FROM h WHERE s = 'x'",
        "INSERT INTO kv VALUES ('k', 1, 1), ('k', 2, NULL)",
        "UPDATE kv SET w = 3, v = 3 WHERE v = 2"};
    for (String w : writes) {
      update(a, w);
      undo.add(lastUndo(a));
    }
    Collections.reverse(undo);
    for (String u : undo) {
      update(a, u);
    }
    assertEquals(before, snapshot());
  }

  @Test
  void specialDoublesRoundTripExceptTheSignOfZero() throws SQLException {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
    try (PreparedStatement ins = a.prepareStatement("INSERT INTO t (id, d) VALUES (?, ?)")) {
      for (int i = 0; i < values.length; i++) {
        ins.setInt(1, i);
        ins.setDouble(2, values[i]);
        ins.executeUpdate();
      }
    }
    update(a, "DELETE FROM t");
    String undo = lastUndo(a);
    assertTrue(undo.contains("CAST('NaN' AS double)"), undo);
    update(a, undo);
    assertEquals(List.of("0|NaN", "1|Infinity", "2|-Infinity", "3|0.0"),
        rows(a, "SELECT id, d FROM t ORDER BY id"));
  }

  @Test
  void operationsThatChangedNothingHaveNoUndoSql() throws SQLException {
    update(a, "INSERT INTO t (id, s) VALUES (1, 'a')");
    update(a, "UPDATE t SET s = 'a' WHERE id = 1");
    update(a, "DELETE FROM t WHERE id = 99");
    rows(a, "SELECT * FROM t");
    fails("23505", () -> update(a, "INSERT INTO t (id) VALUES (2), (1)"));
    assertEquals(List.of("INSERT|APPLIED|false", "UPDATE|APPLIED|true", "DELETE|APPLIED|true",
            "QUERY|APPLIED|true", "INSERT|FAILED|true"),
        rows(a, "SELECT KIND, STATE, UNDO_SQL IS NULL FROM SYS.OPERATIONS ORDER BY OP_ID"));
  }

  @Test
  void aFailingScriptLeavesNoTrace() throws SQLException {
    update(a, "INSERT INTO t (id, s) VALUES (1, 'a')");
    fails("23505", () -> update(a, "UPDATE t SET s = 'b' WHERE id = 1; INSERT INTO t (id) "
        + "VALUES (2); INSERT INTO t (id) VALUES (1)"), "statement 3 of 3", "no effect");
    assertEquals(List.of("1|a"), rows(a, "SELECT id, s FROM t"));
    fails("0A000", () -> update(a, "DELETE FROM t; SELECT * FROM t"), "statement 2");
    assertEquals("1", one(a, "SELECT count(*) FROM t"));
  }

  @Test
  void updateAndDeleteAcceptARowLimit() throws SQLException {
    update(a, "INSERT INTO h VALUES (1, 'x'), (1, 'x'), (1, 'x')");
    assertEquals(2, update(a, "UPDATE h SET s = 'y' WHERE x = 1 FETCH FIRST 2 ROWS ONLY"));
    assertEquals(1, update(a, "DELETE FROM h WHERE s = 'y' LIMIT 1"));
    assertEquals(List.of("1|x", "1|y"), state(a, "h"));
    assertEquals(0, update(a, "DELETE FROM h WHERE s = 'limit 1' -- LIMIT 1"));
  }

  private List<String> snapshot() throws SQLException {
    List<String> s = new ArrayList<>(state(a, "t"));
    s.addAll(state(a, "h"));
    s.addAll(state(a, "kv"));
    return s;
  }
}
