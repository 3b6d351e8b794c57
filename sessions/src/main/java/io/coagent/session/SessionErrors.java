package io.coagent.session;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.Notification;
import io.coagent.engine.SqlState;
import io.coagent.sql.StatementControl;
import java.sql.SQLException;
import java.time.DateTimeException;

/**
 * The error boundary of every session (the embedded driver, the server, the MCP server): whatever
 * crosses from a client into the SQL layer or the engine comes back as an {@link SQLException}
 * with a SQLState of the failure's class, from the one catalogue {@link SqlState} (see
 * docs/reference/jdbc.md, "Error contract").
 *
 * <ul>
 *   <li>{@link #of(CoAgentException)}: engine errors keep the engine's SQLState, message and
 *       notifications (chained as next exceptions);
 *   <li>{@link #translate}: whatever the SQL layer or the engine let escape (a runtime exception,
 *       a stack overflow, an assertion, a SQLException without a state or with the internal state
 *       XX000 where the cause has a class of its own) becomes a classified SQLException. XX000 is
 *       left only for what is truly internal (a bug).
 * </ul>
 */
public final class SessionErrors {
  private SessionErrors() {}

  /** A call that crosses the session boundary into the SQL layer or the engine. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws SQLException;
  }

  /** The SQLException of an engine error: its state, message and notifications. */
  public static SQLException of(CoAgentException e) {
    SQLException s = e.code().state().exception(e.getMessage(), e);
    for (Notification n : e.notifications()) {
      s.setNextException(new SQLException(n.toString(), e.code().sqlState()));
    }
    return s;
  }

  /** A call without result that crosses the session boundary. */
  @FunctionalInterface
  public interface VoidCall {
    void run() throws SQLException;
  }

  /** As {@link #guard} for a call without result. */
  public static void run(String what, VoidCall call) throws SQLException {
    guard(what, () -> {
      call.run();
      return null;
    });
  }

  /** Runs {@code call}, translating anything that escapes it (see {@link #translate}). */
  public static <T> T guard(String what, Call<T> call) throws SQLException {
    try {
      return call.run();
    } catch (SQLException e) {
      throw translate(e, what);
    } catch (StatementControl.Exceeded e) {
      throw e; // a timeout, cancel or row budget: the statement's caller reports its own state
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError
        | LinkageError e) {
      throw translate(e, what);
    }
  }

  /**
   * A classified SQLException for {@code t}, raised while doing {@code what} (a statement text or
   * "DatabaseMetaData.getTables" ...). A SQLException that already has a state of its own (not
   * null, not XX000, not HY000) is returned unchanged.
   */
  public static SQLException translate(Throwable t, String what) {
    if (t instanceof SQLException e && e.getSQLState() != null
        && !SqlState.INTERNAL_ERROR.is(e.getSQLState())
        && !SqlState.GENERAL_ERROR.is(e.getSQLState())) {
      return e;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CoAgentException e) {
        return of(e);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      SqlState state = classify(c);
      if (state != null) {
        return state.exception(message(state, c, what), t);
      }
      if (c != t && c instanceof SQLException e && e.getSQLState() != null
          && !SqlState.INTERNAL_ERROR.is(e.getSQLState())
          && !SqlState.GENERAL_ERROR.is(e.getSQLState())) {
        return SqlState.of(e.getSQLState()) != null
            ? SqlState.of(e.getSQLState()).exception(e.getMessage(), t) : e;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    if (t instanceof SQLException e && e.getSQLState() != null) {
      return e; // HY000 or XX000 with no better class in its causes
    }
    String detail = t.getMessage() == null ? t.getClass().getName()
        : t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
    return SqlState.INTERNAL_ERROR.exception("internal error in CoAgent while running " + what
        + ": " + detail + "; this is a bug, please report it with the statement", t);
  }

  /** The state of a failure's class, or null if {@code c} says nothing about the class. */
  private static SqlState classify(Throwable c) {
    if (c instanceof StatementControl.Exceeded x) {
      return x.state(); // wrapped by the planner or an enumerator on its way out
    }
    if (c instanceof StackOverflowError) {
      return SqlState.STATEMENT_TOO_COMPLEX;
    }
    if (c instanceof OutOfMemoryError) {
      return SqlState.OUT_OF_MEMORY;
    }
    if (c instanceof ArithmeticException) {
      return String.valueOf(c.getMessage()).contains("by zero") ? SqlState.DIVISION_BY_ZERO
          : SqlState.NUMERIC_VALUE_OUT_OF_RANGE;
    }
    if (c instanceof NumberFormatException) {
      return SqlState.INVALID_CHARACTER_VALUE_FOR_CAST;
    }
    if (c instanceof DateTimeException) {
      return SqlState.INVALID_DATETIME_FORMAT;
    }
    if (c instanceof UnsupportedOperationException) {
      return SqlState.FEATURE_NOT_SUPPORTED;
    }
    return null;
  }

  private static String message(SqlState state, Throwable c, String what) {
    String detail = c.getMessage() == null ? c.getClass().getSimpleName() : firstLine(c.getMessage());
    return switch (state) {
      case STATEMENT_TOO_COMPLEX -> "the statement is too complex for the planner (it nests too "
          + "deeply: stack overflow): " + shorten(what) + "; split it into smaller statements, or "
          + "pass long value lists as parameters or rows of a table";
      case OUT_OF_MEMORY -> "out of memory while running " + shorten(what)
          + "; reduce the statement or its result (LIMIT, narrower WHERE)";
      case FEATURE_NOT_SUPPORTED -> "not supported: " + detail + " in: " + shorten(what);
      default -> detail + " in: " + shorten(what);
    };
  }

  private static String shorten(String what) {
    return what.length() <= 200 ? what : what.substring(0, 200) + "... (" + what.length()
        + " characters)";
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
