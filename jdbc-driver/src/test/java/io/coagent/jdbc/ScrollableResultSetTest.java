package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TYPE_SCROLL_INSENSITIVE result sets move freely over their materialized rows; forward-only
 * ones refuse to scroll with 24000 naming the fix; scroll-sensitive and updatable ones are
 * refused with 0A000 when the statement is created.
 */
class ScrollableResultSetTest {
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection(SysFixtures.newStore("scroll"));
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE n (id INTEGER PRIMARY KEY)");
      s.executeUpdate("INSERT INTO n VALUES (1), (2), (3), (4)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private static int at(ResultSet rs) throws SQLException {
    return rs.getInt(1);
  }

  @Test
  void scrollInsensitive_movesAbsoluteRelativeBackwardAndToBothEnds() throws SQLException {
    try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
        ResultSet.CONCUR_READ_ONLY);
        ResultSet rs = s.executeQuery("SELECT id FROM n ORDER BY id")) {
      assertEquals(ResultSet.TYPE_SCROLL_INSENSITIVE, s.getResultSetType());
      assertEquals(ResultSet.TYPE_SCROLL_INSENSITIVE, rs.getType());
      assertTrue(rs.last());
      assertEquals(4, at(rs));
      assertEquals(4, rs.getRow());
      assertTrue(rs.isLast());
      assertTrue(rs.first());
      assertEquals(1, at(rs));
      assertTrue(rs.isFirst());
      assertTrue(rs.absolute(3));
      assertEquals(3, at(rs));
      assertTrue(rs.absolute(-1));
      assertEquals(4, at(rs));
      assertTrue(rs.relative(-2));
      assertEquals(2, at(rs));
      assertTrue(rs.previous());
      assertEquals(1, at(rs));
      assertFalse(rs.previous());
      assertTrue(rs.isBeforeFirst());
      assertTrue(rs.next());
      assertEquals(1, at(rs));
      assertFalse(rs.relative(10));
      assertTrue(rs.isAfterLast());
      assertTrue(rs.previous());
      assertEquals(4, at(rs));
      assertFalse(rs.absolute(0));
      assertTrue(rs.isBeforeFirst());
      assertFalse(rs.absolute(-9));
      assertTrue(rs.isBeforeFirst());
      rs.afterLast();
      assertTrue(rs.isAfterLast());
      assertEquals(0, rs.getRow());
      rs.beforeFirst();
      assertTrue(rs.next());
      assertEquals(1, at(rs));
      rs.setFetchDirection(ResultSet.FETCH_REVERSE);
      assertEquals(ResultSet.FETCH_REVERSE, rs.getFetchDirection());
    }
  }

  @Test
  void scrollInsensitivePreparedStatement_scrollsAnEmptyResult_toNoRow() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM n WHERE id > ?",
        ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
      ps.setInt(1, 10);
      try (ResultSet rs = ps.executeQuery()) {
        assertFalse(rs.first());
        assertFalse(rs.last());
        assertFalse(rs.isFirst() || rs.isLast() || rs.isBeforeFirst() || rs.isAfterLast());
      }
      ps.setInt(1, 2);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.absolute(2));
        assertTrue(rs.isLast());
      }
    }
  }

  @Test
  void forwardOnly_refusesToScroll_with24000NamingTheFix() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM n")) {
      assertTrue(rs.next());
      SQLException e = assertThrows(SQLException.class, rs::previous);
      assertEquals("24000", e.getSQLState());
      assertTrue(e.getMessage().contains("TYPE_SCROLL_INSENSITIVE"), e.getMessage());
      assertEquals("24000", assertThrows(SQLException.class, () -> rs.absolute(1))
          .getSQLState());
      assertEquals("24000", assertThrows(SQLException.class,
          () -> rs.setFetchDirection(ResultSet.FETCH_REVERSE)).getSQLState());
      assertTrue(rs.isFirst());
    }
  }

  @Test
  void scrollSensitiveOrUpdatable_isRefusedAtCreation_andBadConstantsAreInvalid() {
    SQLException sensitive = assertThrows(SQLException.class, () -> c.createStatement(
        ResultSet.TYPE_SCROLL_SENSITIVE, ResultSet.CONCUR_READ_ONLY));
    assertEquals("0A000", sensitive.getSQLState());
    assertTrue(sensitive.getMessage().contains("TYPE_SCROLL_INSENSITIVE"));
    assertEquals("0A000", assertThrows(SQLException.class, () -> c.prepareStatement(
        "SELECT id FROM n", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE))
        .getSQLState());
    assertEquals("22023", assertThrows(SQLException.class, () -> c.createStatement(7,
        ResultSet.CONCUR_READ_ONLY)).getSQLState());
  }
}
