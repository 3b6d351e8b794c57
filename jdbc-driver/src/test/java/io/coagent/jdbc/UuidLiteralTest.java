package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.fails;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A UUID column compared with a string literal: not supported yet (Calcite 1.41's generated code
 * for the implicit conversion does not compile), so it is refused with 42883 and the cast that
 * works, never an internal error, and nothing changes; with the cast it works.
 */
class UuidLiteralTest {
  private static final String ID = "'6f1c1c1e-1111-4a2b-9c3d-000000000001'";

  @Test
  void uuidEqualsUncastString_isRefusedWithTheCast_andTheCastFormWorks() throws SQLException {
    try (Connection c = DriverManager.getConnection(SysFixtures.newStore("uuid"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id UUID PRIMARY KEY, v INTEGER, u UUID)");
      s.executeUpdate("INSERT INTO t VALUES (" + ID + ", 1, " + ID + ")");
      for (String sql : List.of("SELECT v FROM t WHERE id = " + ID,
          "SELECT v FROM t WHERE u IN (" + ID + ")", "SELECT v FROM t WHERE " + ID + " = u",
          "UPDATE t SET v = 2 WHERE u = " + ID, "DELETE FROM t WHERE u = " + ID)) {
        fails("42883", () -> update(c, sql), "CAST('...' AS UUID)");
      }
      assertEquals(List.of("1"), rows(c, "SELECT v FROM t WHERE id = CAST(" + ID + " AS UUID)"));
      assertEquals(1, update(c, "UPDATE t SET v = 3 WHERE u = CAST(" + ID + " AS UUID)"));
      assertEquals(List.of("3"), rows(c, "SELECT v FROM t"));
    }
  }
}
