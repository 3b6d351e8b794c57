package io.coagent.jdbc;

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

/**
 * What the constraint tests share: a fresh in-memory store per test, an operator connection to
 * it, agent connections at given ranks, and the failure and quiescence assertions.
 */
abstract class ConstraintFixture {
  protected String url;
  protected Connection op;

  @BeforeEach
  void openStore() throws SQLException {
    url = "jdbc:coagent:mem:constraints-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
  }

  @AfterEach
  void closeStore() throws SQLException {
    op.close();
  }

  /** An agent connection at {@code rank}, auto-commit off. */
  protected Connection agent(String agent, long rank) throws SQLException {
    Connection c = DriverManager.getConnection(url + ";agent=" + agent + ";rank=" + rank);
    c.setAutoCommit(false);
    return c;
  }

  protected static SQLException fails(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> update(c, sql), sql);
  }

  /** The quiescence check (rule 10) certifies the run: the footprints covered every read. */
  protected void assertVerified() throws SQLException {
    List<String> report = query(op, "CALL SYS.VERIFY()");
    assertEquals(1, report.size(), report.toString());
    assertTrue(report.get(0).startsWith("SUMMARY|true|true|"), report.toString());
  }
}
