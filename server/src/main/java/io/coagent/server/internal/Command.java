package io.coagent.server.internal;

import io.coagent.session.Control;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a statement is to the session: transaction control and session settings are the session
 * layer's ({@link Control}, run by the session's {@link io.coagent.session.TransactionBlock}, the
 * same parser and rules as the embedded driver's); LISTEN/UNLISTEN, RESET/DISCARD and the few
 * argument-less functions clients ask for at connect are the server's own; everything else is SQL
 * for the CoAgent SQL layer.
 *
 * @param control the session-layer statement, for the kinds that have one; else null
 */
record Command(Kind kind, String name, String value, Control control) {
  enum Kind {
    BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO, RELEASE, SET, SHOW, LISTEN, UNLISTEN,
    RESET, FUNCTION, SQL,
    /** A query whose result is known to be empty ({@link EmptyCatalogQuery}); value: columns. */
    EMPTY
  }

  /** The empty result of a query with these result columns. */
  static Command empty(List<String> columns) {
    return new Command(Kind.EMPTY, null, String.join("\0", columns), null);
  }

  List<String> emptyColumns() {
    return List.of(value.split("\0", -1));
  }

  /** The few argument-less functions clients ask for before they do anything else. */
  private static final Pattern FUNCTION = Pattern.compile(
      "(?is)SELECT\\s+(version\\s*\\(\\s*\\)|current_database\\s*\\(\\s*\\)|current_schema"
          + "\\s*\\(\\s*\\)|pg_backend_pid\\s*\\(\\s*\\)|current_user|session_user)\\s*;?\\s*");

  /**
   * What {@code sql} is.
   *
   * @throws SQLException a malformed control statement (42601, 0A000; see {@link Control})
   */
  static Command of(String sql) throws SQLException {
    Optional<Control> control = Control.parse(sql);
    if (control.isPresent()) {
      Control c = control.get();
      return new Command(Kind.valueOf(c.kind().name()), c.name(), c.value(), c);
    }
    String verb = PgSql.verb(sql);
    List<String> w = PgSql.words(sql);
    String second = w.size() > 1 ? w.get(1).toUpperCase(Locale.ROOT) : "";
    String stripped = PgSql.stripComments(sql).strip();
    switch (verb) {
      case "LISTEN":
        return new Command(Kind.LISTEN, w.size() > 1 ? unquote(w.get(1)) : "", null, null);
      case "UNLISTEN":
        return new Command(Kind.UNLISTEN, w.size() > 1 ? unquote(w.get(1)) : "", null, null);
      case "RESET":
      case "DISCARD":
        return new Command(Kind.RESET, second.toLowerCase(Locale.ROOT), null, null);
      case "SELECT":
        Matcher f = FUNCTION.matcher(stripped);
        if (f.matches()) {
          String fn = f.group(1).replaceAll("[\\s()]", "").toLowerCase(Locale.ROOT);
          return new Command(Kind.FUNCTION, fn, null, null);
        }
        break;
      default:
        break;
    }
    return new Command(Kind.SQL, null, null, null);
  }

  /** The result columns of a SHOW or FUNCTION; empty for other kinds. */
  List<String> resultColumns() {
    return switch (kind) {
      case SHOW -> name.equals("all") ? List.of("name", "setting") : List.of(name);
      case FUNCTION -> List.of(name);
      default -> List.of();
    };
  }

  /** The tag PostgreSQL clients expect for a command of this kind. */
  String tag() {
    return switch (kind) {
      case BEGIN -> "BEGIN";
      case COMMIT -> "COMMIT";
      case ROLLBACK, ROLLBACK_TO -> "ROLLBACK";
      case SAVEPOINT -> "SAVEPOINT";
      case RELEASE -> "RELEASE";
      case SET -> "SET";
      case SHOW, FUNCTION -> "SHOW";
      case EMPTY -> "SELECT 0";
      case LISTEN -> "LISTEN";
      case UNLISTEN -> "UNLISTEN";
      case RESET -> "RESET";
      case SQL -> "";
    };
  }

  static String unquote(String s) {
    String t = s.strip();
    if (t.endsWith(";")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'")
        || t.startsWith("\"") && t.endsWith("\""))) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }
}
