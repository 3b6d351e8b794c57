package io.coagent.session;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A statement that the session carries out itself rather than the SQL layer: transaction control
 * and session settings, spelled as PostgreSQL spells them. The embedded JDBC driver and the server
 * parse with this one parser and run the result through {@link TransactionBlock}, so {@code BEGIN}
 * means the same in a Java agent and in a psql session.
 *
 * <p>Grammar (keywords case-insensitive, comments and one trailing {@code ;} ignored):
 *
 * <pre>
 * BEGIN [WORK | TRANSACTION] [mode [, ...]]      START TRANSACTION [mode [, ...]]
 * COMMIT | END [WORK | TRANSACTION] [AND NO CHAIN]
 * ROLLBACK | ABORT [WORK | TRANSACTION] [AND NO CHAIN]
 * ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name
 * SAVEPOINT name                                 RELEASE [SAVEPOINT] name
 * SET [SESSION | LOCAL] name { = | TO } value    SET [SESSION | LOCAL] TIME ZONE value
 * SET TRANSACTION mode [, ...]                   SET SESSION CHARACTERISTICS AS TRANSACTION mode
 * SHOW name | SHOW ALL | SHOW TIME ZONE | SHOW TRANSACTION ISOLATION LEVEL
 * mode: ISOLATION LEVEL { SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED }
 *       | READ WRITE | [NOT] DEFERRABLE
 * </pre>
 *
 * Isolation levels are accepted and ignored: every trajectory runs under MTPO. {@code READ ONLY}
 * and {@code AND CHAIN} are refused (0A000) rather than ignored, since ignoring them would let a
 * write or a new transaction happen that the client asked not to. Unquoted names fold to lower
 * case, quoted names keep their case, as in PostgreSQL.
 *
 * @param kind what the statement does
 * @param name the savepoint or setting name (lower case unless quoted); null where none applies
 *     ({@code SET TRANSACTION} has none; {@code SHOW ALL} has {@code "all"})
 * @param value a SET's value text, quotes removed from a single literal; {@code null} for DEFAULT
 */
public record Control(Kind kind, String name, String value) {

  /** What a control statement does. */
  public enum Kind {
    BEGIN,
    COMMIT,
    ROLLBACK,
    SAVEPOINT,
    ROLLBACK_TO,
    RELEASE,
    SET,
    SHOW
  }

  /** Words of a transaction mode list, for a light check that it is one. */
  private static final Set<String> MODE_WORDS = Set.of("ISOLATION", "LEVEL", "SERIALIZABLE",
      "REPEATABLE", "READ", "COMMITTED", "UNCOMMITTED", "WRITE", "DEFERRABLE", "NOT", ",");

  /** Bound on the text scanned: control statements are short; longer text is SQL. */
  private static final int MAX_LENGTH = 4096;

  /**
   * The control statement {@code sql} is, or empty if it is not one (it is then SQL for the SQL
   * layer).
   *
   * @throws SQLException 42601 if it starts like a control statement but is malformed, 0A000 for
   *     the refused modes
   */
  public static Optional<Control> parse(String sql) throws SQLException {
    if (sql == null || sql.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    List<Token> t = tokens(sql);
    if (t.isEmpty() || t.get(0).quoted) {
      return Optional.empty();
    }
    String verb = t.get(0).upper();
    return Optional.ofNullable(switch (verb) {
      case "BEGIN" -> begin(sql, t, 1 + optional(t, 1, "WORK", "TRANSACTION"));
      case "START" -> t.size() > 1 && t.get(1).is("TRANSACTION") ? begin(sql, t, 2) : null;
      case "COMMIT", "END" -> end(sql, t, Kind.COMMIT);
      case "ROLLBACK", "ABORT" -> rollback(sql, t);
      case "SAVEPOINT" -> new Control(Kind.SAVEPOINT, name(sql, t, 1, "SAVEPOINT name"), null);
      case "RELEASE" -> new Control(Kind.RELEASE,
          name(sql, t, 1 + optional(t, 1, "SAVEPOINT"), "RELEASE [SAVEPOINT] name"), null);
      case "SET" -> set(sql, t);
      case "SHOW" -> show(sql, t);
      default -> null;
    });
  }

  private static Control begin(String sql, List<Token> t, int from) throws SQLException {
    modes(sql, t, from);
    return new Control(Kind.BEGIN, null, null);
  }

  private static Control end(String sql, List<Token> t, Kind kind) throws SQLException {
    int i = 1 + optional(t, 1, "WORK", "TRANSACTION");
    if (i < t.size() && t.get(i).is("AND")) {
      if (i + 3 == t.size() && t.get(i + 1).is("NO") && t.get(i + 2).is("CHAIN")) {
        i += 3;
      } else if (i + 2 == t.size() && t.get(i + 1).is("CHAIN")) {
        throw SqlState.FEATURE_NOT_SUPPORTED.exception("AND CHAIN is not supported: " + sql
            + "; end the transaction, then BEGIN a new one");
      }
    }
    if (i != t.size()) {
      throw syntax(sql, t.get(0).upper() + " [WORK | TRANSACTION] [AND NO CHAIN]");
    }
    return new Control(kind, null, null);
  }

  private static Control rollback(String sql, List<Token> t) throws SQLException {
    int i = 1 + optional(t, 1, "WORK", "TRANSACTION");
    if (i < t.size() && t.get(i).is("TO")) {
      i += 1 + optional(t, i + 1, "SAVEPOINT");
      return new Control(Kind.ROLLBACK_TO,
          name(sql, t, i, "ROLLBACK TO [SAVEPOINT] name"), null);
    }
    return end(sql, t, Kind.ROLLBACK);
  }

  private static Control set(String sql, List<Token> t) throws SQLException {
    int i = 1 + optional(t, 1, "SESSION", "LOCAL");
    if (i < t.size() && t.get(i).is("TRANSACTION")) {
      modes(sql, t, i + 1);
      return new Control(Kind.SET, null, null);
    }
    if (i + 3 < t.size() && t.get(i).is("CHARACTERISTICS") && t.get(i + 1).is("AS")
        && t.get(i + 2).is("TRANSACTION")) {
      modes(sql, t, i + 3);
      return new Control(Kind.SET, null, null);
    }
    String form = "SET name { = | TO } value";
    if (i + 1 < t.size() && t.get(i).is("TIME") && t.get(i + 1).is("ZONE")) {
      return new Control(Kind.SET, "timezone", value(sql, t, i + 2, form));
    }
    String name = name(sql, t, i, form, true);
    if (i + 1 >= t.size() || !(t.get(i + 1).is("=") || t.get(i + 1).is("TO"))) {
      throw syntax(sql, form);
    }
    return new Control(Kind.SET, name, value(sql, t, i + 2, form));
  }

  private static Control show(String sql, List<Token> t) throws SQLException {
    if (t.size() == 4 && t.get(1).is("TRANSACTION") && t.get(2).is("ISOLATION")
        && t.get(3).is("LEVEL")) {
      return new Control(Kind.SHOW, "transaction_isolation", null);
    }
    if (t.size() == 3 && t.get(1).is("TIME") && t.get(2).is("ZONE")) {
      return new Control(Kind.SHOW, "timezone", null);
    }
    return new Control(Kind.SHOW, name(sql, t, 1, "SHOW name | SHOW ALL"), null);
  }

  /** 1 if token {@code i} is one of {@code words}, else 0. */
  private static int optional(List<Token> t, int i, String... words) {
    if (i < t.size()) {
      for (String w : words) {
        if (t.get(i).is(w)) {
          return 1;
        }
      }
    }
    return 0;
  }

  private static void modes(String sql, List<Token> t, int from) throws SQLException {
    for (int i = from; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.quoted || !MODE_WORDS.contains(k.upper())) {
        if (k.is("ONLY") && i > from && t.get(i - 1).is("READ")) {
          throw SqlState.FEATURE_NOT_SUPPORTED.exception("READ ONLY transactions are not "
              + "supported in SQL: " + sql + "; use Connection.setReadOnly(true), or a role "
              + "without write statements");
        }
        throw syntax(sql, "transaction modes: ISOLATION LEVEL level, READ WRITE, [NOT] DEFERRABLE");
      }
    }
  }

  private static String name(String sql, List<Token> t, int i, String form) throws SQLException {
    return name(sql, t, i, form, false);
  }

  /** Token {@code i} as a name; it must be the last token unless {@code more}. */
  private static String name(String sql, List<Token> t, int i, String form, boolean more)
      throws SQLException {
    if (i >= t.size() || (!more && i != t.size() - 1) || t.get(i).literal
        || !t.get(i).quoted && !t.get(i).word) {
      throw syntax(sql, form);
    }
    Token k = t.get(i);
    return k.quoted ? k.text : k.text.toLowerCase(Locale.ROOT);
  }

  /** The value text from token {@code i} on; a single literal unquoted; DEFAULT is null. */
  private static String value(String sql, List<Token> t, int i, String form) throws SQLException {
    if (i >= t.size()) {
      throw syntax(sql, form);
    }
    if (i == t.size() - 1) {
      Token k = t.get(i);
      if (k.literal || k.quoted) {
        return k.text;
      }
      return k.is("DEFAULT") ? null : k.text;
    }
    StringBuilder b = new StringBuilder();
    for (int j = i; j < t.size(); j++) {
      Token k = t.get(j);
      if (!k.is(",") && b.length() > 0) {
        b.append(' ');
      }
      b.append(k.literal ? k.text : k.quoted ? '"' + k.text + '"' : k.text);
    }
    return b.toString();
  }

  private static SQLException syntax(String sql, String form) {
    return SqlState.SYNTAX_ERROR.exception("syntax error in \"" + sql.strip() + "\"; the form is "
        + form);
  }

  /**
   * One token: a word (letters, digits, {@code _ $ .}, and the sign and digits of a number), a
   * quoted name (text without its quotes), a string literal (text without its quotes), or one
   * other character.
   */
  private record Token(String text, boolean word, boolean quoted, boolean literal) {
    String upper() {
      return word ? text.toUpperCase(Locale.ROOT) : text;
    }

    boolean is(String s) {
      return !quoted && !literal && text.equalsIgnoreCase(s);
    }
  }

  private static List<Token> tokens(String sql) throws SQLException {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"') {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        boolean closed = false;
        while (j < n) {
          char d = sql.charAt(j);
          if (d == c) {
            if (j + 1 < n && sql.charAt(j + 1) == c) {
              b.append(c);
              j += 2;
              continue;
            }
            closed = true;
            j++;
            break;
          }
          b.append(d);
          j++;
        }
        if (!closed) {
          if (out.isEmpty()) {
            return out; // not a control statement; the SQL layer reports it
          }
          throw SqlState.SYNTAX_ERROR.exception("unterminated " + (c == '"' ? "quoted name"
              : "string literal") + " in \"" + sql.strip() + "\"; close it with " + c);
        }
        out.add(new Token(b.toString(), false, c == '"', c == '\''));
        i = j;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.'
          || (c == '-' || c == '+') && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
            || sql.charAt(j) == '$' || sql.charAt(j) == '.')) {
          j++;
        }
        out.add(new Token(sql.substring(i, j), true, false, false));
        i = j;
      } else if (c == ';' && sql.substring(i + 1).isBlank()) {
        i = n;
      } else {
        out.add(new Token(String.valueOf(c), false, false, false));
        i++;
      }
    }
    return out;
  }
}
