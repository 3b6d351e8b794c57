package io.coagent.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL-flavoured text that clients send, brought to what the CoAgent SQL layer parses:
 * several statements split at top-level semicolons, {@code $n} parameters turned into JDBC
 * {@code ?} markers (with the order they bind in), and {@code expr::type} casts turned into
 * {@code CAST(expr AS type)}. The scanner knows PostgreSQL's lexical rules for string literals
 * ({@code '...'}, {@code E'...'}), quoted identifiers, dollar-quoted strings and both comment forms,
 * so a semicolon, {@code $1} or {@code ::} inside any of them is left alone.
 *
 * <p>This is text rewriting on tokens, not parsing: a cast whose operand is not a literal,
 * identifier, parameter or parenthesised group is passed through, and the SQL layer then reports
 * the syntax error with the statement's own text.
 */
final class PgSql {
  /** Types as PostgreSQL spells them, to the names the CoAgent SQL layer accepts. */
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("int", "INTEGER"), Map.entry("int4", "INTEGER"), Map.entry("integer", "INTEGER"),
      Map.entry("int8", "BIGINT"), Map.entry("bigint", "BIGINT"), Map.entry("int2", "SMALLINT"),
      Map.entry("smallint", "SMALLINT"), Map.entry("text", "VARCHAR"),
      Map.entry("varchar", "VARCHAR"), Map.entry("float8", "DOUBLE"),
      Map.entry("float4", "REAL"), Map.entry("real", "REAL"), Map.entry("numeric", "DECIMAL"),
      Map.entry("decimal", "DECIMAL"), Map.entry("bool", "BOOLEAN"),
      Map.entry("boolean", "BOOLEAN"), Map.entry("date", "DATE"),
      Map.entry("timestamp", "TIMESTAMP"), Map.entry("time", "TIME"),
      Map.entry("oid", "INTEGER"), Map.entry("name", "VARCHAR"), Map.entry("\"char\"", "VARCHAR"),
      Map.entry("bpchar", "VARCHAR"));
  /** Casts to the object-identifier types, which are conversions: {@code PgFunctions}. */
  private static final Map<String, String> REG_TYPES = Map.of(
      "regclass", "PG_CATALOG.REGCLASS", "regtype", "PG_CATALOG.REGTYPE",
      "regnamespace", "PG_CATALOG.REGNAMESPACE");
  private static final java.util.regex.Pattern COLLATE_DEFAULT = java.util.regex.Pattern.compile(
      "(?i)\\s*COLLATE\\s+(?:pg_catalog\\.)?\"?default\"?");
  private static final java.util.regex.Pattern OPERATOR = java.util.regex.Pattern.compile(
      "(?i)OPERATOR\\s*\\(\\s*(?:pg_catalog\\.)?(!?~\\*?)\\s*\\)");

  private PgSql() {}

  /** A statement with its JDBC text and, for each {@code ?}, the 1-based {@code $n} it binds. */
  record Translated(String sql, int[] paramOrder, int maxParam) {}

  /** Splits at top-level semicolons; blank pieces are dropped. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    int i = 0;
    while (i < text.length()) {
      int skip = skipQuoted(text, i);
      if (skip > i) {
        i = skip;
        continue;
      }
      if (text.charAt(i) == ';') {
        add(out, text.substring(from, i));
        from = i + 1;
      }
      i++;
    }
    add(out, text.substring(from));
    return out;
  }

  private static void add(List<String> out, String s) {
    if (!stripComments(s).isBlank()) {
      out.add(s.strip());
    }
  }

  /** The statement without comments, for classifying it. */
  static String stripComments(String s) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("--", i)) {
        int nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length() : nl;
        b.append(' ');
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
        b.append(' ');
      } else {
        int skip = skipQuoted(s, i);
        int to = Math.max(skip, i + 1);
        b.append(s, i, to);
        i = to;
      }
    }
    return b.toString();
  }

  /**
   * If a quoted string, quoted identifier, dollar-quoted string or comment starts at {@code i},
   * the index just after it (the end of text if it is unterminated); otherwise {@code i}.
   */
  static int skipQuoted(String s, int i) {
    char c = s.charAt(i);
    if (c == '\'' || c == '"') {
      boolean backslash = c == '\'' && i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
          && (i < 2 || !Character.isLetterOrDigit(s.charAt(i - 2)));
      int j = i + 1;
      while (j < s.length()) {
        char d = s.charAt(j);
        if (backslash && d == '\\') {
          j += 2;
          continue;
        }
        if (d == c) {
          if (j + 1 < s.length() && s.charAt(j + 1) == c) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return s.length();
    }
    if (s.startsWith("--", i)) {
      int nl = s.indexOf('\n', i);
      return nl < 0 ? s.length() : nl;
    }
    if (s.startsWith("/*", i)) {
      int end = s.indexOf("*/", i + 2);
      return end < 0 ? s.length() : end + 2;
    }
    if (c == '$' && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
      int j = i + 1;
      while (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
        j++;
      }
      if (j < s.length() && s.charAt(j) == '$') {
        String tag = s.substring(i, j + 1);
        int end = s.indexOf(tag, j + 1);
        return end < 0 ? s.length() : end + tag.length();
      }
    }
    return i;
  }

  /** Rewrites {@code $n} to {@code ?} and {@code x::type} to {@code CAST(x AS type)}. */
  static Translated translate(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    List<Integer> order = new ArrayList<>();
    int max = 0;
    int i = 0;
    while (i < sql.length()) {
      int skip = skipQuoted(sql, i);
      char c = sql.charAt(i);
      if ((c == 'E' || c == 'e') && i + 1 < sql.length() && sql.charAt(i + 1) == '\''
          && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
        int end = skipQuoted(sql, i + 1);
        out.append(escapeString(sql.substring(i + 2, Math.max(i + 2, end - 1))));
        i = end;
        continue;
      }
      if (skip > i && !(c == '$' && skip == i)) {
        out.append(sql, i, skip);
        i = skip;
        continue;
      }
      java.util.regex.Matcher collate = COLLATE_DEFAULT.matcher(sql).region(i, sql.length());
      if ((c == ' ' || c == 'C' || c == 'c' || c == '\n' || c == '\t') && collate.lookingAt()
          && (collate.end() == sql.length() || !isWordChar(sql.charAt(collate.end())))) {
        i = collate.end(); // PostgreSQL's default collation is the only one
        continue;
      }
      String regex = null;
      int after = i;
      java.util.regex.Matcher op = OPERATOR.matcher(sql).region(i, sql.length());
      if ((c == 'O' || c == 'o') && (i == 0 || !isWordChar(sql.charAt(i - 1))) && op.lookingAt()) {
        regex = op.group(1);
        after = op.end();
      } else if (c == '~' || c == '!' && i + 1 < sql.length() && sql.charAt(i + 1) == '~') {
        int j = c == '!' ? i + 2 : i + 1;
        if (j < sql.length() && sql.charAt(j) == '*') {
          j++;
        }
        regex = sql.substring(i, j);
        after = j;
      }
      if (regex != null) {
        int kept = out.length();
        while (kept > 0 && Character.isWhitespace(out.charAt(kept - 1))) {
          kept--;
        }
        String space = out.substring(kept);
        out.setLength(kept);
        int operand = operandStart(out);
        if (operand < 0) {
          out.append(space); // not an operand we can delimit: left to the SQL layer
        }
        int rightEnd = operandEnd(sql, after);
        if (operand >= 0 && rightEnd > after) {
          String left = out.substring(operand);
          out.setLength(operand);
          Translated right = translate(sql.substring(after, rightEnd));
          for (int n : right.paramOrder()) {
            order.add(n);
          }
          max = Math.max(max, right.maxParam());
          out.append(regex.startsWith("!") ? "NOT " : "").append("PG_CATALOG.")
              .append(regex.endsWith("*") ? "TEXTICREGEXEQ(" : "TEXTREGEXEQ(")
              .append(left.strip()).append(", ").append(right.sql().strip()).append(')');
          i = rightEnd;
          continue;
        }
      }
      if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < sql.length() && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        int n = Integer.parseInt(sql.substring(i + 1, Math.min(j, i + 6)));
        order.add(n);
        max = Math.max(max, n);
        out.append('?');
        i = j;
        continue;
      }
      if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
        int j = i + 2;
        while (j < sql.length() && sql.charAt(j) == ' ') {
          j++;
        }
        if (sql.regionMatches(true, j, "pg_catalog.", 0, 11)) {
          j += 11;
        }
        int k = j;
        if (sql.startsWith("\"char\"", j)) {
          k = j + 6;
        }
        while (k < sql.length() && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_')) {
          k++;
        }
        String typeName = sql.substring(j, k).toLowerCase(Locale.ROOT);
        String type = TYPES.get(typeName);
        int operand = operandStart(out);
        String reg = REG_TYPES.get(typeName);
        if (reg != null && operand >= 0) {
          String expr = out.substring(operand);
          out.setLength(operand);
          out.append(reg).append('(').append(expr).append(')');
          i = k;
          continue;
        }
        if (type != null && operand >= 0) {
          // "character varying(10)" and friends keep their modifier.
          int m = k;
          if (m < sql.length() && sql.charAt(m) == '(') {
            int close = sql.indexOf(')', m);
            if (close > 0) {
              type = type + sql.substring(m, close + 1);
              m = close + 1;
            }
          }
          String expr = out.substring(operand);
          out.setLength(operand);
          out.append("CAST(").append(expr).append(" AS ").append(type).append(')');
          i = m;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    int[] o = order.stream().mapToInt(Integer::intValue).toArray();
    return new Translated(out.toString(), o, max);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** An {@code E'...'} string's body as a standard literal, its backslash escapes decoded. */
  private static String escapeString(String body) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char d = body.charAt(++i);
        b.append(switch (d) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          case 'b' -> '\b';
          case 'f' -> '\f';
          default -> d;
        });
      } else if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        b.append(c);
        i++;
      } else {
        b.append(c);
      }
      if (b.charAt(b.length() - 1) == '\'') {
        b.append('\'');
      }
    }
    return b.append('\'').toString();
  }

  /**
   * Where the right operand of a regular-expression operator starting at or after {@code from}
   * ends: a string literal (also {@code E'...'}), a {@code $n} parameter, a parenthesised group
   * or a (qualified) name; {@code from} if none.
   */
  private static int operandEnd(String sql, int from) {
    int i = from;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    if (i >= sql.length()) {
      return from;
    }
    char c = sql.charAt(i);
    if ((c == 'E' || c == 'e') && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
      return skipQuoted(sql, i + 1);
    }
    if (c == '\'') {
      return skipQuoted(sql, i);
    }
    if (c == '(') {
      int depth = 0;
      for (int j = i; j < sql.length(); j++) {
        int q = skipQuoted(sql, j);
        if (q > j) {
          j = q - 1;
          continue;
        }
        if (sql.charAt(j) == '(') {
          depth++;
        } else if (sql.charAt(j) == ')' && --depth == 0) {
          return j + 1;
        }
      }
      return from;
    }
    int j = c == '$' ? i + 1 : i;
    while (j < sql.length() && (isWordChar(sql.charAt(j)) || sql.charAt(j) == '.'
        || sql.charAt(j) == '"')) {
      j++;
    }
    return j > i ? j : from;
  }

  /** Where the operand of a {@code ::} cast ends in {@code out} begins, or -1 if unknown. */
  private static int operandStart(StringBuilder out) {
    int e = out.length();
    if (e == 0) {
      return -1;
    }
    char c = out.charAt(e - 1);
    if (c == ')') {
      int depth = 0;
      for (int i = e - 1; i >= 0; i--) {
        char d = out.charAt(i);
        if (d == ')') {
          depth++;
        } else if (d == '(' && --depth == 0) {
          // Include a function name before the parenthesis: lower(x)::text.
          int s = i;
          while (s > 0 && (isWordChar(out.charAt(s - 1)) || out.charAt(s - 1) == '.')) {
            s--;
          }
          return s;
        }
      }
      return -1;
    }
    if (c == '\'') {
      int i = e - 2;
      while (i >= 0) {
        if (out.charAt(i) == '\'') {
          if (i > 0 && out.charAt(i - 1) == '\'') {
            i -= 2;
            continue;
          }
          return i;
        }
        i--;
      }
      return -1;
    }
    if (c == '?' || Character.isLetterOrDigit(c) || c == '_' || c == '"' || c == '.') {
      int i = e - 1;
      while (i > 0) {
        char d = out.charAt(i - 1);
        if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || d == '"') {
          i--;
        } else {
          break;
        }
      }
      return i;
    }
    return -1;
  }

  /** The first keyword of a statement, upper case ("" if none). */
  static String verb(String sql) {
    String s = stripComments(sql).strip();
    int i = 0;
    while (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return s.substring(0, i).toUpperCase(Locale.ROOT);
  }

  /** The words of a short command ("ROLLBACK TO SAVEPOINT a" -> [ROLLBACK, TO, SAVEPOINT, a]). */
  static List<String> words(String sql) {
    List<String> w = new ArrayList<>();
    for (String p : stripComments(sql).strip().split("\\s+")) {
      if (!p.isEmpty()) {
        w.add(p);
      }
    }
    return w;
  }
}
