package io.coagent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.time.DateTimeException;
import org.junit.jupiter.api.Test;

/** The session boundary classifies what escapes the SQL layer by the class of its cause. */
class SessionErrorsTest {
  private static String state(Throwable t) {
    return SessionErrors.translate(t, "SELECT 1").getSQLState();
  }

  @Test
  void escapedThrowables_getTheStateOfTheirClass() {
    assertEquals("54001", state(new StackOverflowError()));
    assertEquals("54001", state(new RuntimeException("planner", new StackOverflowError())));
    assertEquals("22012", state(new ArithmeticException("/ by zero")));
    assertEquals("22003", state(new ArithmeticException("BigInteger would overflow")));
    assertEquals("22018", state(new NumberFormatException("For input string: \"x\"")));
    assertEquals("22007", state(new DateTimeException("bad")));
    assertEquals("0A000", state(new UnsupportedOperationException("MERGE ... RETURNING")));
    assertEquals("42S02", state(new IllegalStateException(
        new CoAgentException(ErrorCode.UNKNOWN_TABLE, "table X does not exist"))));
  }

  @Test
  void internalStates_areReclassifiedByTheirCause_andOthersKept() {
    SQLException internal = new SQLException("wrapped", "XX000",
        new ArithmeticException("/ by zero"));
    assertEquals("22012", state(internal));
    SQLException general = new SQLException("wrapped", "HY000", new StackOverflowError());
    assertEquals("54001", state(general));
    SQLException good = new SQLSyntaxErrorException("syntax", "42601");
    assertSame(good, SessionErrors.translate(good, "x"));
    SQLException nullState = new SQLException("no state");
    assertEquals("XX000", state(nullState));
  }

  @Test
  void bugs_areInternal_withAMessageNamingTheStatement() {
    SQLException e = SessionErrors.translate(new NullPointerException("x is null"), "SELECT 2");
    assertEquals("XX000", e.getSQLState());
    assertTrue(e.getMessage().contains("SELECT 2") && e.getMessage().contains("bug"),
        e.getMessage());
    assertEquals("XX000", state(new AssertionError("not a query")));
  }

  @Test
  void translatedExceptions_areOfTheJdbcSubclassOfTheirState() {
    assertInstanceOf(SQLDataException.class, SessionErrors.translate(new NumberFormatException(), "x"));
    assertInstanceOf(SQLFeatureNotSupportedException.class,
        SessionErrors.translate(new UnsupportedOperationException(), "x"));
  }

  @Test
  void guard_letsNothingButSqlExceptionsOut() {
    SQLException e = assertThrows(SQLException.class, () -> SessionErrors.guard("SELECT 3", () -> {
      throw new IllegalArgumentException("bad");
    }));
    assertEquals("XX000", e.getSQLState());
    SQLException deep = assertThrows(SQLException.class,
        () -> SessionErrors.guard("SELECT 4", SessionErrorsTest::recurse));
    assertEquals("54001", deep.getSQLState());
    assertTrue(deep.getMessage().contains("too complex"), deep.getMessage());
  }

  private static int recurse() {
    return recurse() + 1;
  }
}
