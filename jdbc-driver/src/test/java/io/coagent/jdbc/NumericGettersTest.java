package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * getByte/getShort/getInt/getLong/getFloat, by index and by label, as pgjdbc reads numbers: a
 * fraction is cut toward zero, a value out of the getter's range is 22003, never wrapped bits.
 */
class NumericGettersTest {
  @Test
  void narrowGetters_readInRangeValues_byIndexAndLabel_andRefuseOverflowWith22003()
      throws SQLException {
    try (Connection c = DriverManager.getConnection(SysFixtures.newStore("getters"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE n (id INTEGER PRIMARY KEY, b BIGINT, d DOUBLE, x DECIMAL(20,2))");
      s.executeUpdate("INSERT INTO n VALUES (1, 120, 2.75, -7.99), "
          + "(2, 5000000000, 1e30, 99999.5)");
      try (ResultSet rs = s.executeQuery("SELECT b, d, x FROM n ORDER BY id")) {
        rs.next();
        assertEquals(120, rs.getByte("B"));
        assertEquals(120, rs.getShort(1));
        assertEquals(2, rs.getInt("D"), "a fraction is cut toward zero");
        assertEquals(-7, rs.getShort("X"));
        assertEquals(2.75f, rs.getFloat("D"));
        assertEquals(-7.99f, rs.getFloat(3));
        rs.next();
        assertEquals(5_000_000_000L, rs.getLong("B"));
        for (Getter g : new Getter[] {r -> r.getInt("B"), r -> r.getShort(1), r -> r.getByte(3),
            r -> r.getLong("D"), r -> r.getShort("X")}) {
          SQLException e = assertThrows(SQLException.class, () -> g.get(rs));
          assertEquals("22003", e.getSQLState(), e.getMessage());
        }
        assertEquals(99999, rs.getInt("X"));
      }
    }
  }

  @FunctionalInterface
  interface Getter {
    Object get(ResultSet rs) throws SQLException;
  }
}
