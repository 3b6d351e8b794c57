package io.coagent.sql.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * Maps every failure of the SQL layer to an {@link SQLException} with a standard SQLState and a
 * message that names the object at fault: engine errors keep their {@code ErrorCode}'s state,
 * Calcite parse and validation errors are classified by their message (unknown table 42S02,
 * unknown column 42S22, type errors 42804, other syntax 42000), runtime errors by their type.
 * Errors are classified too, so none escapes as such: a stack overflow or a generated method past
 * the JVM's 64 KB limit is a statement too complex (54001), running out of memory 53200, an
 * assertion inside Calcite a statement it cannot accept (42000), an unsupported operation 0A000, a
 * scalar subquery of several rows 21000. A statement ended by its limits
 * ({@link io.coagent.sql.StatementControl}) keeps their state: 57014 canceled, 54000 budget.
 */
public final class SqlErrors {
  public static final String SYNTAX = SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION.code();
  public static final String UNKNOWN_TABLE = SqlState.UNDEFINED_TABLE.code();
  public static final String UNKNOWN_COLUMN = SqlState.UNDEFINED_COLUMN.code();
  public static final String TYPE_MISMATCH = SqlState.DATATYPE_MISMATCH.code();
  public static final String BAD_CAST = SqlState.INVALID_CHARACTER_VALUE_FOR_CAST.code();
  public static final String DIVISION_BY_ZERO = SqlState.DIVISION_BY_ZERO.code();
  public static final String NOT_NULL = SqlState.NOT_NULL_VIOLATION.code();
  public static final String FEATURE = SqlState.FEATURE_NOT_SUPPORTED.code();
  public static final String INTERNAL = SqlState.INTERNAL_ERROR.code();

  private static final Pattern OBJECT = Pattern.compile("Object '([^']*)' not found");
  private static final Pattern TABLE = Pattern.compile("Table '([^']*)' not found");
  private static final Pattern COLUMN = Pattern.compile("Column '([^']*)' not found");

  private SqlErrors() {}

  public static SQLException syntax(String message) {
    return new SQLSyntaxErrorException(message, SYNTAX);
  }

  public static SQLException of(String state, String message) {
    return state.startsWith("42")
        ? new SQLSyntaxErrorException(message, state)
        : new SQLException(message, state);
  }

  /** A quoted UUID, e.g. {@code '6f1c1c1e-1111-4a2b-9c3d-000000000001'}. */
  private static final java.util.regex.Pattern UUID_LITERAL = java.util.regex.Pattern.compile(
      "'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'");

  /** Translates any throwable raised while preparing or running {@code sql}. */
  public static SQLException translate(Throwable t, String sql) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CoAgentException e) {
        return new SQLException(e.getMessage(), e.code().sqlState(), e);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof io.coagent.sql.StatementControl.Exceeded e) {
        return with(new SQLException(e.getMessage() + ": " + ExpressionDepth.abbreviate(sql),
            e.state().code()), t);
      }
      if (c instanceof StackOverflowError) {
        return with(new SQLException("statement too complex: planning it overflowed the stack;"
            + " split it or nest fewer terms: " + ExpressionDepth.abbreviate(sql),
            SqlState.STATEMENT_TOO_COMPLEX.code()), t);
      }
      if (c instanceof OutOfMemoryError) {
        return with(new SQLException("out of memory while running: " + ExpressionDepth.abbreviate(sql)
            + "; narrow the query (fewer rows, joins or columns)", SqlState.OUT_OF_MEMORY.code()), t);
      }
      String m = c.getMessage();
      if (m != null && m.contains("more than one value in agg SINGLE_VALUE")) {
        return with(new SQLException("a scalar subquery returned more than one row; make it"
            + " return one (an aggregate, a key filter, or FETCH FIRST 1 ROW ONLY): "
            + ExpressionDepth.abbreviate(sql), SqlState.CARDINALITY_VIOLATION.code()), t);
      }
      if (m != null && m.contains("No applicable constructor/method")
          && UUID_LITERAL.matcher(sql).find()) {
        // Calcite compares a UUID column with a character literal by converting the UUID to text,
        // and its generated code for that conversion does not compile (Calcite 1.41).
        return with(new SQLException("cannot compare a UUID column with a string here; cast the "
            + "literal: CAST('...' AS UUID), in: " + ExpressionDepth.abbreviate(sql),
            SqlState.UNDEFINED_FUNCTION.code()), t);
      }
      if (m != null && (m.contains("grows beyond 64 KB") || m.contains("too large"))) {
        return with(new SQLException("statement too complex: its generated code exceeds the JVM's"
            + " 64 KB method limit (e.g. an IN list of thousands of values); put the values in a"
            + " table and join it: " + ExpressionDepth.abbreviate(sql),
            SqlState.STATEMENT_TOO_COMPLEX.code()), t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SqlParseException e) {
        return with(new SQLSyntaxErrorException(
            "SQL syntax error: " + firstLine(e.getMessage()) + " in: " + sql, SYNTAX), t);
      }
      if (c instanceof CalciteContextException || c instanceof SqlValidatorException) {
        return validation(c, sql, t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException e && e.getSQLState() != null
          && e.getSQLState().length() == 5 && !SqlState.GENERAL_ERROR.code().equals(e.getSQLState())) {
        return e;
      }
      if (c instanceof NumberFormatException) {
        return with(new SQLException("invalid number in a conversion: " + c.getMessage()
            + " in: " + sql, BAD_CAST), t);
      }
      if (c instanceof ArithmeticException) {
        String msg = String.valueOf(c.getMessage());
        return with(new SQLException(msg + " in: " + sql,
            msg.contains("by zero") ? DIVISION_BY_ZERO : SqlState.NUMERIC_VALUE_OUT_OF_RANGE.code()), t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnsupportedOperationException) {
        return with(new SQLException("not supported: " + firstLine(String.valueOf(c.getMessage()))
            + " in: " + sql, FEATURE), t);
      }
      if (c instanceof AssertionError) {
        // Calcite asserts its invariants on input it did not expect, e.g. SELECT EXISTS column
        return with(new SQLSyntaxErrorException("the statement is not valid SQL here ("
            + firstLine(String.valueOf(c.getMessage())) + ") in: " + sql, SYNTAX), t);
      }
    }
    String msg = t.getMessage() == null ? t.toString() : t.getMessage();
    return with(new SQLException(firstLine(msg) + " in: " + sql, INTERNAL), t);
  }

  private static SQLException validation(Throwable c, String sql, Throwable root) {
    String msg = c.getMessage() == null ? "" : c.getMessage();
    Throwable inner = c.getCause() != null && c.getCause().getMessage() != null ? c.getCause() : c;
    String detail = inner.getMessage();
    Matcher m = OBJECT.matcher(msg);
    if (m.find() || (m = TABLE.matcher(msg)).find()) {
      return with(new SQLSyntaxErrorException(
          "table " + m.group(1) + " does not exist (" + detail + "); check the name or CREATE it",
          UNKNOWN_TABLE), root);
    }
    m = COLUMN.matcher(msg);
    if (m.find()) {
      return with(new SQLSyntaxErrorException(
          "column " + m.group(1) + " does not exist (" + detail + ")", UNKNOWN_COLUMN), root);
    }
    String lower = msg.toLowerCase(java.util.Locale.ROOT);
    String state = lower.contains("cannot apply") || lower.contains("cannot convert")
        || lower.contains("cannot assign") || lower.contains("type mismatch")
        || lower.contains("incompatible") ? TYPE_MISMATCH : SYNTAX;
    return with(new SQLSyntaxErrorException(detail + " in: " + sql, state), root);
  }

  private static SQLException with(SQLException e, Throwable cause) {
    e.initCause(cause);
    return e;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
