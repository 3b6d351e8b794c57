package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** java.sql.Wrapper: every driver object unwraps to its own interfaces and nothing else. */
class WrapperTest {
  @Test
  void everyDriverObject_unwrapsToItself_andRefusesOtherInterfaces() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:coagent:mem:wrap;agent=w")) {
      Statement s = c.createStatement();
      ResultSet rs = s.executeQuery("SELECT 1 AS x");
      DatabaseMetaData md = c.getMetaData();
      ResultSetMetaData rsmd = rs.getMetaData();
      assertTrue(c.isWrapperFor(CoAgentConnection.class));
      assertEquals("w", c.unwrap(CoAgentConnection.class).agent());
      for (Wrapper w : List.<Wrapper>of(c, s, rs, md, rsmd)) {
        assertSame(w, w.unwrap(Wrapper.class));
        assertFalse(w.isWrapperFor(Runnable.class));
        SQLException e = assertThrows(SQLException.class, () -> w.unwrap(Runnable.class));
        assertEquals("HY000", e.getSQLState());
      }
      assertSame(md, md.unwrap(DatabaseMetaData.class));
      assertSame(rsmd, rsmd.unwrap(ResultSetMetaData.class));
    }
  }
}
