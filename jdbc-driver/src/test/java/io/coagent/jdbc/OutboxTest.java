package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.agent;
import static io.coagent.jdbc.SysFixtures.fails;
import static io.coagent.jdbc.SysFixtures.lastOp;
import static io.coagent.jdbc.SysFixtures.newStore;
import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox of irreversible effects end to end: an entry is held while its trajectory can still
 * be undone, released when it commits (after every lower rank), discarded by undo, rollback and
 * abort, taken exactly once by an operator, and never writable by a statement.
 */
class OutboxTest {
  private String url;
  private Connection operator;

  @BeforeEach
  void open() throws SQLException {
    url = newStore("outbox");
    operator = DriverManager.getConnection(url);
    update(operator, "CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
    update(operator, "INSERT INTO stock VALUES (1, 10)");
  }

  @AfterEach
  void close() throws SQLException {
    operator.close();
  }

  private static long put(Connection c, String tool, String payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("CALL SYS.OUTBOX_PUT(?, ?)")) {
      ps.setString(1, tool);
      ps.setString(2, payload);
      assertEquals(1, ps.executeUpdate());
    }
    return lastOp(c);
  }

  private String state(long id) throws SQLException {
    return one(operator, "SELECT STATE FROM SYS.OUTBOX WHERE ID = " + id);
  }

  @Test
  void higherRankEntry_isHeldUntilLowerRankCommits_thenReleasedAndTakenOnce() throws Exception {
    rows(operator, "CALL SYS.LAUNCH('planner,mailer')");
    try (Connection planner = agent(url, "planner"); Connection mailer = agent(url, "mailer")) {
      planner.setAutoCommit(false);
      mailer.setAutoCommit(false);
      update(planner, "UPDATE stock SET qty = 7 WHERE id = 1");
      long id = put(mailer, "send_email", "{\"to\":\"ops@example.com\"}");
      assertEquals("mailer|3|send_email|{\"to\":\"ops@example.com\"}|HELD", one(operator,
          "SELECT AGENT, \"RANK\", TOOL, PAYLOAD, STATE FROM SYS.OUTBOX WHERE ID = " + id));
      assertEquals(List.of(), rows(planner, "SELECT ID FROM SYS.OUTBOX"),
          "an agent sees only its own entries");
      assertEquals(String.valueOf(id), one(mailer, "SELECT ID FROM SYS.OUTBOX"));
      fails("55000", () -> rows(operator, "CALL SYS.OUTBOX_TAKE(" + id + ")"), "is held",
          "agent mailer (rank 3)", "RELEASED");

      CompletableFuture<Void> mailerCommit = CompletableFuture.runAsync(() -> {
        try {
          mailer.commit();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(300);
      assertFalse(mailerCommit.isDone(), "rule 8: mailer's commit waits for planner");
      assertEquals("HELD", state(id), "held while the lower rank is open");
      planner.commit();
      mailerCommit.get(10, TimeUnit.SECONDS);
      assertEquals("RELEASED", state(id));
      assertEquals("1", one(operator, "SELECT count(*) FROM SYS.OUTBOX WHERE ID = " + id
          + " AND RELEASED IS NOT NULL AND TAKEN IS NULL"));

      assertEquals(List.of(id + "|send_email|{\"to\":\"ops@example.com\"}|mailer|3"),
          takeRow(id));
      assertEquals("CONSUMED", state(id));
      fails("55000", () -> rows(operator, "CALL SYS.OUTBOX_TAKE(" + id + ")"), "already taken");
      assertTrue(rows(operator, "CALL SYS.VERIFY()").get(0).startsWith("SUMMARY|true|true|"),
          "the outbox's writes are certified like any other");
    }
  }

  private List<String> takeRow(long id) throws SQLException {
    List<String> r = rows(operator, "CALL SYS.OUTBOX_TAKE(" + id + ")");
    assertEquals(1, r.size());
    String row = r.get(0);
    return List.of(row.substring(0, row.lastIndexOf('|')));
  }

  @Test
  void undoRollbackAndAbort_discardTheEntry_andItIsNeverReleased() throws SQLException {
    try (Connection a = agent(url, "a")) {
      a.setAutoCommit(false);
      long undone = put(a, "deploy", "{\"env\":\"prod\"}");
      update(a, "CALL SYS.UNDO(" + undone + ")");
      assertEquals("DISCARDED", state(undone));
      long rolledBack = put(a, "deploy", "{\"env\":\"staging\"}");
      a.rollback();
      assertEquals("DISCARDED", state(rolledBack));
      long kept = put(a, "deploy", "{\"env\":\"dev\"}");
      a.commit();
      assertEquals("RELEASED", state(kept));
      fails("55000", () -> rows(operator, "CALL SYS.OUTBOX_TAKE(" + undone + ")"),
          "discarded", "do not perform it");
    }
    try (Connection b = agent(url, "b")) {
      b.setAutoCommit(false);
      long aborted = put(b, "pay", "{\"eur\":5}");
      update(operator, "CALL SYS.ABORT('b')");
      assertEquals("DISCARDED", state(aborted));
    }
  }

  @Test
  void savepointRollback_discardsOnlyTheEntriesAfterIt() throws SQLException {
    try (Connection a = agent(url, "a")) {
      a.setAutoCommit(false);
      long before = put(a, "notify", "1");
      java.sql.Savepoint sp = a.setSavepoint();
      long after = put(a, "notify", "2");
      a.rollback(sp);
      a.commit();
      assertEquals("RELEASED", state(before));
      assertEquals("DISCARDED", state(after));
    }
  }

  @Test
  void autoCommitAgentEntry_isReleasedWhenItsStatementCommits() throws SQLException {
    try (Connection a = agent(url, "a")) {
      a.setAutoCommit(true); // agent connections start with it off
      long id = put(a, "notify", "{}");
      assertEquals("RELEASED", state(id));
    }
  }

  @Test
  void outboxTable_isInvisibleToStatements_andOnlyOperatorsTake() throws SQLException {
    try (Connection a = agent(url, "a")) {
      a.setAutoCommit(false);
      long id = put(a, "notify", "{}");
      a.commit();
      for (String sql : List.of("SELECT * FROM \"SYS$OUTBOX\"",
          "UPDATE \"SYS$OUTBOX\" SET PAYLOAD = 'x' WHERE ID = " + id,
          "DELETE FROM \"SYS$OUTBOX\" WHERE ID = " + id,
          "INSERT INTO \"SYS$OUTBOX\" VALUES (99, 't', 'p')")) {
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
            () -> update(operator, sql), sql);
        assertEquals("42", e.getSQLState().substring(0, 2), sql + ": " + e.getMessage());
      }
      fails("42939", () -> update(operator, "CREATE TABLE \"SYS$X\" (id INTEGER PRIMARY KEY)"),
          "SYS$", "choose a name");
      fails("42S02", () -> update(operator, "DROP TABLE \"SYS$OUTBOX\""), "SYS$OUTBOX");
      fails("42501", () -> rows(a, "CALL SYS.OUTBOX_TAKE(" + id + ")"), "operator");
      fails("42501", () -> update(operator, "CALL SYS.OUTBOX_PUT('t', 'p')"), "agent");
      fails("42704", () -> rows(operator, "CALL SYS.OUTBOX_TAKE(424242)"), "424242",
          "STATE = 'RELEASED'");
      fails("22023", () -> update(a, "CALL SYS.OUTBOX_PUT('', 'p')"), "tool name");
      a.setReadOnly(true);
      fails("25006", () -> update(a, "CALL SYS.OUTBOX_PUT('t', 'p')"), "read-only");
      a.setReadOnly(false);
      assertEquals("RELEASED", state(id), "the entry is unchanged");
      assertTrue(rows(operator, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES").stream()
          .noneMatch(t -> t.contains("$")), "the catalog does not list the store's own table");
    }
  }

  @Test
  void takenAndReleasedStates_surviveReopen_andAnActiveEntryStaysHeldForItsAgent(
      @TempDir Path dir) throws SQLException {
    String file = "jdbc:coagent:file:" + dir.resolve("o.coagent");
    long taken;
    long released;
    long active;
    try (Connection op = DriverManager.getConnection(file);
        Connection a = DriverManager.getConnection(file + ";agent=a")) {
      a.setAutoCommit(false);
      taken = put(a, "notify", "1");
      released = put(a, "notify", "2");
      a.commit();
      rows(op, "CALL SYS.OUTBOX_TAKE(" + taken + ")");
      active = put(a, "notify", "3");
      // the store closes with a's trajectory active (the last connection closes it)
    }
    try (Connection op = DriverManager.getConnection(file)) {
      assertEquals(List.of(taken + "|CONSUMED", released + "|RELEASED", active + "|HELD"),
          rows(op, "SELECT ID, STATE FROM SYS.OUTBOX ORDER BY ID"),
          "an active trajectory comes back active at reopen, with its entry held");
      fails("55000", () -> rows(op, "CALL SYS.OUTBOX_TAKE(" + taken + ")"), "already taken");
      try (Connection a = DriverManager.getConnection(file + ";agent=a")) {
        a.setAutoCommit(false);
        a.rollback(); // the agent rejoins its trajectory and abandons it
      }
      assertEquals("DISCARDED", one(op, "SELECT STATE FROM SYS.OUTBOX WHERE ID = " + active));
    }
  }
}
