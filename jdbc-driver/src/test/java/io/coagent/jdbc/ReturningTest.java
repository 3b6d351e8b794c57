package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code INSERT/UPDATE/DELETE ... RETURNING} through the embedded driver: the rows as written
 * (deleted rows as they were), projections and aliases, ON CONFLICT, the JDBC entry points
 * (executeQuery, execute + getResultSet, executeUpdate refused as pgjdbc does) and errors.
 */
class ReturningTest {
  private Connection c;
  private Statement s;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:coagent:mem:returning-" + UUID.randomUUID());
    s = c.createStatement();
    s.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR, qty INTEGER)");
    s.executeUpdate("INSERT INTO item VALUES (1, 'bolt', 10), (2, 'nut', 20)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test
  void insertReturning_answersTheRowsAsWritten_withDefaultsAndCoercion() throws SQLException {
    s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label VARCHAR DEFAULT 'none', n BIGINT)");
    ResultSet rs = s.executeQuery("INSERT INTO t (id, n) VALUES (1, 7), (2, 8) RETURNING *");
    assertEquals(List.of("1|none|7", "2|none|8"), SqlBasicsTest.rows(rs));
    ResultSetMetaData md = rs.getMetaData();
    assertEquals(3, md.getColumnCount());
    assertEquals("LABEL", md.getColumnLabel(2));
    assertEquals(java.sql.Types.BIGINT, md.getColumnType(3));
  }

  @Test
  void updateReturning_answersTheNewValues_withAliases() throws SQLException {
    ResultSet rs = s.executeQuery("UPDATE item SET qty = qty + 1 WHERE id = 2"
        + " RETURNING id, qty AS new_qty");
    assertEquals(List.of("2|21"), SqlBasicsTest.rows(rs));
    assertEquals("NEW_QTY", rs.getMetaData().getColumnLabel(2));
    assertEquals(List.of("1|bolt|10", "2|nut|21"), rows());
  }

  @Test
  void preparedKeyUpdateReturning_answersTheRow() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE item SET name = ? WHERE id = ? RETURNING item.name, qty")) {
      ps.setString(1, "washer");
      ps.setInt(2, 1);
      assertEquals(List.of("washer|10"), SqlBasicsTest.rows(ps.executeQuery()));
      ps.setString(1, "x");
      ps.setInt(2, 99);
      assertEquals(List.of(), SqlBasicsTest.rows(ps.executeQuery()));
    }
  }

  @Test
  void deleteReturning_answersTheRowsAsTheyWere() throws SQLException {
    assertTrue(s.execute("DELETE FROM item WHERE qty >= 10 RETURNING *"));
    assertEquals(List.of("1|bolt|10", "2|nut|20"), SqlBasicsTest.rows(s.getResultSet()));
    assertEquals(List.of(), rows());
  }

  @Test
  void onConflictReturning_answersInsertedAndUpdatedRows_notSkippedOnes() throws SQLException {
    ResultSet rs = s.executeQuery("INSERT INTO item VALUES (2, 'nut', 5), (3, 'pin', 1)"
        + " ON CONFLICT (id) DO UPDATE SET qty = item.qty + EXCLUDED.qty RETURNING id, qty");
    assertEquals(List.of("2|25", "3|1"), sorted(SqlBasicsTest.rows(rs)));
    rs = s.executeQuery("INSERT INTO item VALUES (3, 'pin', 9), (4, 'cog', 2)"
        + " ON CONFLICT DO NOTHING RETURNING id");
    assertEquals(List.of("4"), SqlBasicsTest.rows(rs));
  }

  @Test
  void executeUpdateOfReturning_failsAsPgjdbc_andWritesNothing() throws SQLException {
    SQLException e = assertThrows(SQLException.class,
        () -> s.executeUpdate("INSERT INTO item VALUES (5, 'gear', 1) RETURNING id"));
    assertEquals("07000", e.getSQLState());
    assertTrue(e.getMessage().contains("RETURNING"), e.getMessage());
  }

  @Test
  void preparedReturning_describesItsColumnsBeforeRunning() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO item (id, name) VALUES (?, ?) RETURNING name, id")) {
      ResultSetMetaData md = ps.getMetaData();
      assertEquals("NAME", md.getColumnLabel(1));
      assertEquals(java.sql.Types.INTEGER, md.getColumnType(2));
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (id) VALUES (?)")) {
      assertNull(ps.getMetaData());
    }
  }

  @Test
  void returningInsideParentheses_andInStrings_isNotTheClause() throws SQLException {
    ResultSet rs = s.executeQuery("INSERT INTO item VALUES (7, 'a RETURNING b', 1) RETURNING name");
    assertEquals(List.of("a RETURNING b"), SqlBasicsTest.rows(rs));
  }

  @Test
  void returningErrors_nameTheItemAndTheFix() throws SQLException {
    SQLException e = assertThrows(SQLException.class,
        () -> s.executeQuery("UPDATE item SET qty = 1 RETURNING qty * 2"));
    assertEquals("0A000", e.getSQLState());
    assertTrue(e.getMessage().contains("qty * 2"), e.getMessage());
    e = assertThrows(SQLException.class,
        () -> s.executeQuery("DELETE FROM item RETURNING nope"));
    assertEquals("42S22", e.getSQLState());
    assertFalse(rows().isEmpty(), "a failed statement deletes nothing");
  }

  private List<String> rows() throws SQLException {
    return AgentTransactionsTest.query(c, "SELECT id, name, qty FROM item ORDER BY id");
  }

  private static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }
}
