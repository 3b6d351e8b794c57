package io.coagent.server.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a statement is to the session: transaction control and session settings are the session's
 * own (PostgreSQL's spelling, mapped onto the JDBC connection's trajectory control); everything
 * else is SQL for the CoAgent SQL layer.
 */
record Command(Kind kind, String name, String value) {
  enum Kind {
    BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO, RELEASE, SET, SHOW, LISTEN, UNLISTEN,
    RESET, FUNCTION, SQL,
    /** A query whose result is known to be empty ({@link EmptyCatalogQuery}); value: columns. */
    EMPTY
  }

  /** The empty result of a query with these result columns. */
  static Command empty(List<String> columns) {
    return new Command(Kind.EMPTY, null, String.join("\0", columns));
  }

  List<String> emptyColumns() {
    return List.of(value.split("\0", -1));
  }

  private static final Pattern SET = Pattern.compile(
      "(?is)SET\\s+(?:SESSION\\s+|LOCAL\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:=|\\s+TO\\s+)\\s*(.*?)\\s*");
  private static final Pattern SET_TZ =
      Pattern.compile("(?is)SET\\s+(?:SESSION\\s+|LOCAL\\s+)?TIME\\s+ZONE\\s+(.*?)\\s*");
  /** The few argument-less functions clients ask for before they do anything else. */
  private static final Pattern FUNCTION = Pattern.compile(
      "(?is)SELECT\\s+(version\\s*\\(\\s*\\)|current_database\\s*\\(\\s*\\)|current_schema"
          + "\\s*\\(\\s*\\)|pg_backend_pid\\s*\\(\\s*\\)|current_user|session_user)\\s*");

  static Command of(String sql) {
    String verb = PgSql.verb(sql);
    List<String> w = PgSql.words(sql);
    String second = w.size() > 1 ? w.get(1).toUpperCase(Locale.ROOT) : "";
    String stripped = PgSql.stripComments(sql).strip();
    switch (verb) {
      case "BEGIN":
        return new Command(Kind.BEGIN, null, null);
      case "START":
        if (second.equals("TRANSACTION")) {
          return new Command(Kind.BEGIN, null, null);
        }
        break;
      case "COMMIT":
      case "END":
        return new Command(Kind.COMMIT, null, null);
      case "ROLLBACK":
      case "ABORT":
        int to = indexOfWord(w, "TO");
        if (to > 0) {
          return new Command(Kind.ROLLBACK_TO, unquote(w.get(w.size() - 1)), null);
        }
        return new Command(Kind.ROLLBACK, null, null);
      case "SAVEPOINT":
        return new Command(Kind.SAVEPOINT, w.size() == 2 ? unquote(w.get(1)) : null, null);
      case "RELEASE":
        return new Command(Kind.RELEASE, w.size() >= 2 ? unquote(w.get(w.size() - 1)) : null,
            null);
      case "SET":
        if (second.equals("TRANSACTION") || second.equals("SESSION") && w.size() > 2
            && w.get(2).equalsIgnoreCase("CHARACTERISTICS")) {
          return new Command(Kind.SET, null, null); // isolation is MTPO; accepted and ignored
        }
        Matcher tz = SET_TZ.matcher(stripped);
        if (tz.matches()) {
          return new Command(Kind.SET, "timezone", unquote(tz.group(1)));
        }
        Matcher m = SET.matcher(stripped);
        if (m.matches()) {
          return new Command(Kind.SET, m.group(1).toLowerCase(Locale.ROOT), unquote(m.group(2)));
        }
        return new Command(Kind.SET, "", stripped);
      case "SHOW":
        String what = w.size() > 1
            ? String.join(" ", w.subList(1, w.size())).toLowerCase(Locale.ROOT) : "";
        what = what.endsWith(";") ? what.substring(0, what.length() - 1).strip() : what;
        return new Command(Kind.SHOW, what.equals("transaction isolation level")
            ? "transaction_isolation" : what, null);
      case "LISTEN":
        return new Command(Kind.LISTEN, w.size() > 1 ? unquote(w.get(1)) : "", null);
      case "UNLISTEN":
        return new Command(Kind.UNLISTEN, w.size() > 1 ? unquote(w.get(1)) : "", null);
      case "RESET":
      case "DISCARD":
        return new Command(Kind.RESET, second.toLowerCase(Locale.ROOT), null);
      case "SELECT":
        Matcher f = FUNCTION.matcher(stripped);
        if (f.matches()) {
          String fn = f.group(1).replaceAll("[\\s()]", "").toLowerCase(Locale.ROOT);
          return new Command(Kind.FUNCTION, fn, null);
        }
        break;
      default:
        break;
    }
    return new Command(Kind.SQL, null, null);
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

  private static int indexOfWord(List<String> w, String word) {
    for (int i = 0; i < w.size(); i++) {
      if (w.get(i).equalsIgnoreCase(word)) {
        return i;
      }
    }
    return -1;
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
