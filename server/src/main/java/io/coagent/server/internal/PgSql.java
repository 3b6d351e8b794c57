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
      Map.entry("timestamp", "TIMESTAMP"), Map.entry("time", "TIME"));

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
      if (skip > i && !(c == '$' && skip == i)) {
        out.append(sql, i, skip);
        i = skip;
        continue;
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
        int k = j;
        while (k < sql.length() && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_')) {
          k++;
        }
        String type = TYPES.get(sql.substring(j, k).toLowerCase(Locale.ROOT));
        int operand = operandStart(out);
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
          while (s > 0 && (Character.isLetterOrDigit(out.charAt(s - 1)) || out.charAt(s - 1) == '_')) {
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
