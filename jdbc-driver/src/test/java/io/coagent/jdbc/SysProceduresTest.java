package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.agent;
import static io.coagent.jdbc.SysFixtures.fails;
import static io.coagent.jdbc.SysFixtures.lastOp;
import static io.coagent.jdbc.SysFixtures.newStore;
import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CALL SYS.LAUNCH / UNDO / ACK / VERIFY end to end, with every error case. */
class SysProceduresTest {
  private String url;
  private Connection operator;

  @BeforeEach
  void open() throws SQLException {
    url = newStore("procs");
    operator = DriverManager.getConnection(url);
    update(operator, "CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
  }

  @AfterEach
  void close() throws SQLException {
    operator.close();
  }

  @Test
  void launchReservesRanksInOrderAndAgentsTakeThem() throws SQLException {
    assertEquals(List.of("planner|1", "coder|2", "tester|3"),
        rows(operator, "CALL SYS.LAUNCH(' planner, coder,tester')"));
    try (Connection tester = agent(url, "tester"); Connection planner = agent(url, "planner")) {
      assertEquals("3", one(tester, "SELECT \"RANK\" FROM SYS.TRAJECTORIES"));
      assertEquals("1", one(planner, "SELECT \"RANK\" FROM SYS.TRAJECTORIES"));
    }
    fails("MT001", () -> rows(operator, "CALL SYS.LAUNCH('coder')"), "coder");
    fails("22023", () -> rows(operator, "CALL SYS.LAUNCH('a,,b')"), "position 2");
    fails("42804", () -> update(operator, "CALL SYS.LAUNCH(12)"), "agents", "string");
  }

  @Test
  void undoRevertsOneOwnOperationAndReportsItsRows() throws SQLException {
    try (Connection a = agent(url, "a")) {
      update(a, "INSERT INTO stock VALUES (1, 5), (2, 6)");
      long insert = lastOp(a);
      update(a, "UPDATE stock SET qty = 9 WHERE id = 2");
      assertEquals(1, update(a, "CALL SYS.UNDO(" + lastOp(a) + ")"));
      assertEquals(List.of("1|5", "2|6"), rows(a, "SELECT * FROM stock ORDER BY id"));
      try (PreparedStatement undo = a.prepareStatement("CALL SYS.UNDO(?)")) {
        undo.setLong(1, insert);
        assertEquals(2, undo.executeUpdate());
        assertEquals(0, undo.executeUpdate(), "undoing an undone operation changes nothing");
        undo.setString(1, "x");
        fails("42804", undo::executeUpdate, "op_id", "'x'", "CALL SYS.UNDO(42)");
      }
      assertEquals(List.of(), rows(a, "SELECT * FROM stock"));
      assertEquals("UNDONE", one(a, "SELECT STATE FROM SYS.OPERATIONS WHERE OP_ID = " + insert));
    }
  }

  @Test
  void undoRefusesOtherAgentsUnknownEndedAndOperatorWork() throws SQLException {
    try (Connection a = agent(url, "a"); Connection b = agent(url, "b")) {
      update(a, "INSERT INTO stock VALUES (1, 5)");
      long op = lastOp(a);
      fails("MT006", () -> update(b, "CALL SYS.UNDO(" + op + ")"), "belongs to agent a",
          "not to b", "agent=a");
      fails("MT006", () -> update(operator, "CALL SYS.UNDO(" + op + ")"), "operator", "agent=a");
      fails("MT007", () -> update(a, "CALL SYS.UNDO(999)"), "999", "SYS.OPERATIONS");
      update(operator, "INSERT INTO stock VALUES (7, 7)");
      String operatorOp = one(operator, "SELECT max(OP_ID) FROM SYS.OPERATIONS");
      fails("MT006", () -> update(operator, "CALL SYS.UNDO(" + operatorOp + ")"),
          "auto-committed operator statement", "UNDO_SQL");
      a.commit();
      fails("MT008", () -> update(a, "CALL SYS.UNDO(" + op + ")"), "COMMITTED", "UNDO_SQL");
      assertEquals("1|5", one(a, "SELECT * FROM stock WHERE id = 1"));
    }
  }

  @Test
  void ackAcknowledgesOnlyTheReadersOwnNotifications() throws Exception {
    try (Connection low = agent(url, "low"); Connection high = agent(url, "high")) {
      update(low, "INSERT INTO stock VALUES (1, 5)");
      rows(high, "SELECT qty FROM stock WHERE id = 1");
      update(low, "UPDATE stock SET qty = 4 WHERE id = 1");
      Notification n = high.unwrap(CoAgentConnection.class).await(Duration.ofSeconds(5))
          .orElseThrow();
      low.commit();
      fails("MT004", high::commit);
      fails("MT009", () -> update(low, "CALL SYS.ACK(" + n.id() + ")"), "sent to agent high");
      fails("MT009", () -> update(operator, "CALL SYS.ACK(" + n.id() + ")"), "operator");
      fails("MT009", () -> update(high, "CALL SYS.ACK(12345)"), "12345", "SYS.NOTIFICATIONS");
      assertEquals(1, update(high, "CALL SYS.ACK(" + n.id() + ")"));
      assertEquals(0, update(high, "CALL sys.ack(" + n.id() + ");"));
      high.commit();
    }
  }

  @Test
  void verifyReturnsASummaryRowThenOneRowPerFinding() throws Exception {
    String cols = "ROW_TYPE, OK, QUIESCENT, READS_CHECKED, FINDINGS, VIOLATIONS";
    try (Connection low = agent(url, "low"); Connection high = agent(url, "high")) {
      update(low, "INSERT INTO stock VALUES (1, 5)");
      rows(high, "SELECT qty FROM stock WHERE id = 1");
      assertEquals("SUMMARY|false|false|0|0|0", firstColumns(rows(operator,
          "CALL SYS.VERIFY()").get(0), 6));
      update(low, "UPDATE stock SET qty = 4 WHERE id = 1");
      Notification n = high.unwrap(CoAgentConnection.class).await(Duration.ofSeconds(5))
          .orElseThrow();
      low.commit();
      update(high, "CALL SYS.ACK(" + n.id() + ")");
      high.commit();
      List<String> report = rows(operator, "CALL SYS.VERIFY()");
      assertEquals(2, report.size(), report.toString());
      assertEquals("SUMMARY|true|true|4|1|0", firstColumns(report.get(0), 6), cols);
      assertEquals("FINDING|null|null|null|null|null|2|high|2|" + (n.readOperations().get(0))
          + "|STOCK", firstColumns(report.get(1), 11));
      assertEquals("true", report.get(1).substring(report.get(1).lastIndexOf('|') + 1));
    }
  }

  @Test
  void malformedOrUnknownCallsNameTheProcedureAndTheFix() {
    fails("42000", () -> update(operator, "CALL SYS.UNDO(5"), "malformed CALL", "SYS.UNDO(op_id");
    fails("42883", () -> update(operator, "CALL SYS.REDO(5)"), "SYS.REDO", "SYS.UNDO(op_id BIGINT)");
    fails("42883", () -> update(operator, "CALL OTHER.UNDO(5)"), "OTHER.UNDO");
    fails("42883", () -> update(operator, "CALL SYS.UNDO()"), "takes 1 argument, not 0");
    fails("42883", () -> update(operator, "CALL SYS.VERIFY(1)"), "takes 0 arguments");
    fails("42804", () -> update(operator, "CALL SYS.UNDO('abc')"), "op_id", "'abc'", "VARCHAR");
    fails("42804", () -> update(operator, "CALL SYS.ACK(1.5)"), "id", "whole number");
    fails("22004", () -> update(operator, "CALL SYS.UNDO(NULL)"), "NULL");
    fails("22003", () -> update(operator, "CALL SYS.UNDO(99999999999999999999)"), "BIGINT");
    fails("0A000", () -> update(operator, "CALL SYS.UNDO(1 + 2)"), "expression", "literal");
  }

  private static String firstColumns(String row, int n) {
    String[] parts = row.split("\\|", -1);
    return String.join("|", java.util.Arrays.copyOf(parts, n));
  }
}
