package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code Connection.prepareCall}: {@code {call ...}} and {@code CALL ...} with IN parameters by
 * index, results as a result set; OUT and named parameters refused with 0A000.
 */
class CallableStatementTest {
  private String url;
  private Connection op;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:callable-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
    op.createStatement().execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
  }

  @AfterEach
  void close() throws SQLException {
    op.close();
  }

  @Test
  void callEscape_undoesTheOperationWhoseIdIsBound() throws SQLException {
    try (Connection a = DriverManager.getConnection(url + ";agent=a")) {
      AgentTransactionsTest.update(a, "INSERT INTO stock VALUES (1, 5), (2, 6)");
      List<Operation> ops = AgentTransactionsTest.co(a).operations();
      long insert = ops.get(ops.size() - 1).id();
      try (CallableStatement undo = a.prepareCall("{call SYS.UNDO(?)}")) {
        undo.setLong(1, insert);
        assertEquals(2, undo.executeUpdate(), "the undo reports the rows it reverted");
        undo.setLong(1, insert);
        assertEquals(0, undo.executeUpdate(), "an undone operation changes nothing more");
      }
      assertEquals(List.of(), AgentTransactionsTest.query(a, "SELECT * FROM stock"));
      a.commit();
    }
  }

  @Test
  void plainCall_returnsTheProceduresRowsAsAResultSet() throws SQLException {
    try (CallableStatement verify = op.prepareCall("CALL SYS.VERIFY()")) {
      assertTrue(verify.execute());
      try (ResultSet rs = verify.getResultSet()) {
        assertTrue(rs.next());
        assertEquals("SUMMARY", rs.getString(1));
      }
    }
    try (CallableStatement verify = op.prepareCall(" { CALL SYS.VERIFY() } ",
        ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
        ResultSet rs = verify.executeQuery()) {
      assertTrue(rs.last(), "a scrollable result");
      assertTrue(rs.first());
    }
  }

  @Test
  void outAndNamedParameters_andNonCalls_areRefusedWithTheirStates() throws SQLException {
    try (CallableStatement c = op.prepareCall("{call SYS.UNDO(?)}")) {
      assertInstanceOf(CallableStatement.class, c);
      fails("0A000", () -> c.registerOutParameter(1, Types.INTEGER), "OUT parameters");
      fails("0A000", () -> c.getInt(1), "OUT parameters");
      fails("0A000", c::wasNull, "OUT parameters");
      fails("0A000", () -> c.setLong("op_id", 1), "by index");
      fails("0A000", () -> c.getString("op_id"), "OUT parameters");
      fails("0A000", () -> c.setObject("op_id", 1, java.sql.JDBCType.BIGINT), "by index");
    }
    fails("0A000", () -> op.prepareCall("{? = call SYS.VERIFY()}"), "{call name");
    fails("42601", () -> op.prepareCall("SELECT 1"), "prepareStatement");
    fails("42883", () -> op.prepareCall("{call SYS.NO_SUCH_PROCEDURE(1)}"), "NO_SUCH_PROCEDURE");
    CallableStatement closed = op.prepareCall("CALL SYS.VERIFY()");
    closed.close();
    SQLException e = assertThrows(SQLException.class, () -> closed.getInt(1));
    assertEquals("55000", e.getSQLState(), e.getMessage());
  }

  private static void fails(String state, Executable call, String named) {
    SQLException e = assertThrows(SQLException.class, call);
    assertEquals(state, e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
