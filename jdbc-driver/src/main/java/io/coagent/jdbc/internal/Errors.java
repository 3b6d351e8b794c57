package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import java.sql.SQLException;

/**
 * The driver's error boundary: every failure that leaves a driver object is an {@link
 * SQLException} with a SQLState of the failure's class (see docs/reference/jdbc.md, "Error
 * contract").
 *
 * <p>Calls into the session, the SQL layer and the engine go through {@link
 * io.coagent.session.SessionErrors#guard}, which classifies what escapes them; this class holds
 * the driver's own errors:
 * <ul>
 *   <li>the closed-state errors: a closed connection (or any object used after its connection
 *       closed) is 08003; a statement or result set closed by itself is 55000 ({@code
 *       object_not_in_prerequisite_state}, as pgjdbc reports it);
 *   <li>{@link #unsupported}: 0A000, as a {@link java.sql.SQLFeatureNotSupportedException};
 * </ul>
 */
final class Errors {
  private Errors() {}

  /** A connection used after close (or after the store under it shut down). */
  static SQLException connectionClosed(String url) {
    return SqlState.CONNECTION_DOES_NOT_EXIST.exception("the connection to " + url
        + " is closed; open a new one with DriverManager.getConnection (a closed connection, "
        + "and every statement and result set it made, cannot be used again)");
  }

  static SQLException statementClosed() {
    return SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception("the statement is closed; create "
        + "a new one with Connection.createStatement() or Connection.prepareStatement(sql)");
  }

  static SQLException resultSetClosed() {
    return SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception("the result set is closed (by "
        + "close(), or by its statement closing or executing again); execute the query again "
        + "for a new one");
  }

  /** Unsupported feature: {@code iface.method} is not implemented by CoAgent. */
  static SQLException unsupported(String iface, String method) {
    return SqlState.FEATURE_NOT_SUPPORTED.exception("CoAgent JDBC does not support " + iface + "."
        + method + "; see docs/reference/jdbc.md for what the driver offers");
  }

  /** An argument outside the range a method accepts. */
  static SQLException invalidArgument(String message) {
    return SqlState.INVALID_PARAMETER_VALUE.exception(message);
  }
}
