package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A statement that fails because of what a lower rank wrote acted on that write: when the lower
 * rank undoes it, the agent is notified (naming the failed operation) and cannot commit blindly.
 */
class FailedStatementReadsTest {
  private static CoAgentConnection co(Connection c) throws SQLException {
    return c.unwrap(CoAgentConnection.class);
  }

  @Test
  void duplicateKeyAgainstALowerRanksRow_notifies_whenThatRowIsUndone() throws Exception {
    String url = "jdbc:coagent:mem:failed-dup-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url)) {
      op.createStatement().execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
      try (Connection low = DriverManager.getConnection(url + ";agent=low");
          Connection high = DriverManager.getConnection(url + ";agent=high")) {
        low.createStatement().executeUpdate("INSERT INTO t VALUES (1, 10)");
        SQLException dup = assertThrows(SQLException.class,
            () -> high.createStatement().executeUpdate("INSERT INTO t VALUES (1, 20)"));
        assertEquals("23505", dup.getSQLState());
        assertEquals(List.of(), co(high).pendingNotifications());
        low.rollback(); // the row the failure was about is gone
        List<Notification> told = co(high).pendingNotifications();
        assertFalse(told.isEmpty(), "the failed INSERT read the key's existence");
        assertEquals("T", told.get(0).table());
        SQLException commit = assertThrows(SQLException.class, high::commit);
        assertEquals("MT004", commit.getSQLState());
        high.rollback();
      }
    }
  }

  @Test
  void divisionByZeroOnALowerRanksValue_notifies_whenThatValueIsUndone() throws Exception {
    String url = "jdbc:coagent:mem:failed-div-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url)) {
      op.createStatement().execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, w INTEGER)");
      op.createStatement().executeUpdate("INSERT INTO t VALUES (1, 5, 0)");
      try (Connection low = DriverManager.getConnection(url + ";agent=low");
          Connection high = DriverManager.getConnection(url + ";agent=high")) {
        low.createStatement().executeUpdate("UPDATE t SET v = 0 WHERE id = 1");
        SQLException div = assertThrows(SQLException.class,
            () -> high.createStatement().executeUpdate("UPDATE t SET w = 10 / v WHERE id = 1"));
        assertEquals("22012", div.getSQLState());
        low.rollback(); // v is 5 again: the serial run would have divided
        assertFalse(co(high).pendingNotifications().isEmpty(),
            "the failed UPDATE read v; its undo must reach the agent");
        high.rollback();
      }
    }
  }
}
