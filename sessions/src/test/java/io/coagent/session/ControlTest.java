package io.coagent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.session.Control.Kind;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one parser of transaction control and settings, rule by rule. */
class ControlTest {
  private static Control parse(String sql) throws SQLException {
    Optional<Control> c = Control.parse(sql);
    assertTrue(c.isPresent(), () -> "not parsed as control: " + sql);
    return c.get();
  }

  private static void notControl(String sql) throws SQLException {
    assertEquals(Optional.empty(), Control.parse(sql), sql);
  }

  private static void refused(String state, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> Control.parse(sql), sql);
    assertEquals(state, e.getSQLState(), e.getMessage());
  }

  @Test
  void beginSpellings_allBegin() throws SQLException {
    for (String s : new String[] {"BEGIN", "begin;", "BEGIN WORK", "BEGIN TRANSACTION",
        "START TRANSACTION", " -- c\n start transaction /* x */ ;",
        "BEGIN ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION ISOLATION LEVEL READ COMMITTED,"
            + " READ WRITE, NOT DEFERRABLE"}) {
      assertEquals(new Control(Kind.BEGIN, null, null), parse(s), s);
    }
  }

  @Test
  void readOnlyOrChain_refusedNotIgnored() {
    refused("0A000", "BEGIN READ ONLY");
    refused("0A000", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY");
    refused("0A000", "SET TRANSACTION READ ONLY");
    refused("0A000", "COMMIT AND CHAIN");
    refused("0A000", "ROLLBACK AND CHAIN");
  }

  @Test
  void commitAndRollbackSpellings() throws SQLException {
    for (String s : new String[] {"COMMIT", "END", "commit work", "END TRANSACTION",
        "COMMIT AND NO CHAIN"}) {
      assertEquals(Kind.COMMIT, parse(s).kind(), s);
    }
    for (String s : new String[] {"ROLLBACK", "ABORT", "rollback transaction;",
        "ROLLBACK AND NO CHAIN"}) {
      assertEquals(Kind.ROLLBACK, parse(s).kind(), s);
    }
  }

  @Test
  void savepointNames_foldUnlessQuoted() throws SQLException {
    assertEquals(new Control(Kind.SAVEPOINT, "sp1", null), parse("SAVEPOINT Sp1"));
    assertEquals(new Control(Kind.SAVEPOINT, "Sp 1", null), parse("SAVEPOINT \"Sp 1\""));
    assertEquals(new Control(Kind.ROLLBACK_TO, "a", null), parse("ROLLBACK TO a"));
    assertEquals(new Control(Kind.ROLLBACK_TO, "a", null), parse("ROLLBACK WORK TO SAVEPOINT a"));
    assertEquals(new Control(Kind.RELEASE, "a", null), parse("RELEASE a"));
    assertEquals(new Control(Kind.RELEASE, "a", null), parse("RELEASE SAVEPOINT A;"));
  }

  @Test
  void malformedControl_isSyntaxErrorNamingTheForm() {
    for (String s : new String[] {"SAVEPOINT", "SAVEPOINT a b", "ROLLBACK TO", "RELEASE",
        "COMMIT now", "BEGIN foo", "SET x", "SET x 1", "SET = 1", "SHOW", "SHOW a b",
        "SAVEPOINT 'lit'", "SAVEPOINT \"unterminated"}) {
      SQLException e = assertThrows(SQLException.class, () -> Control.parse(s), s);
      assertEquals("42601", e.getSQLState(), s);
      assertTrue(e.getMessage().contains("form") || e.getMessage().contains("close it"),
          e.getMessage());
    }
  }

  @Test
  void set_namesValuesAndDefault() throws SQLException {
    assertEquals(new Control(Kind.SET, "application_name", "agent x"),
        parse("SET application_name = 'agent x'"));
    assertEquals(new Control(Kind.SET, "extra_float_digits", "3"),
        parse("SET SESSION extra_float_digits TO 3"));
    assertEquals(new Control(Kind.SET, "extra_float_digits", "-1"),
        parse("SET extra_float_digits = -1"));
    assertEquals(new Control(Kind.SET, "search_path", "a, \"B\""),
        parse("SET search_path TO a, \"B\""));
    assertEquals(new Control(Kind.SET, "timezone", "Europe/Paris"),
        parse("SET TIME ZONE 'Europe/Paris'"));
    assertEquals(new Control(Kind.SET, "datestyle", null), parse("SET DateStyle TO DEFAULT"));
    assertEquals(new Control(Kind.SET, "it's", "x"), parse("SET \"it's\" = x"));
    assertEquals(new Control(Kind.SET, null, null),
        parse("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
    assertEquals(new Control(Kind.SET, null, null),
        parse("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED"));
  }

  @Test
  void show_forms() throws SQLException {
    assertEquals(new Control(Kind.SHOW, "all", null), parse("SHOW ALL"));
    assertEquals(new Control(Kind.SHOW, "transaction_isolation", null),
        parse("show transaction isolation level"));
    assertEquals(new Control(Kind.SHOW, "timezone", null), parse("SHOW TIME ZONE"));
    assertEquals(new Control(Kind.SHOW, "server_version", null), parse("SHOW server_version;"));
  }

  @Test
  void ordinarySql_isNotControl() throws SQLException {
    for (String s : new String[] {"SELECT 1", "INSERT INTO t VALUES (1)", "START", "STARTS",
        "BEGINNING", "\"BEGIN\"", "", "  ", "-- only a comment", "CALL SYS.ACK(1)",
        "UPDATE t SET a = 1", "'unterminated"}) {
      notControl(s);
    }
    notControl("SET x = " + "1".repeat(5000)); // longer than any control statement
  }

  @Test
  void twoStatements_areNotOneControl() {
    refused("42601", "COMMIT; BEGIN");
  }
}
