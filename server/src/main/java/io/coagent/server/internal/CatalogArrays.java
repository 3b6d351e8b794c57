package io.coagent.server.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two PostgreSQL array idioms of catalog queries, brought to what the SQL layer runs.
 *
 * <p>Subscripts of catalog arrays: {@code con.conkey[pos.n]}, {@code i.indoption[k - 1]}. The
 * catalog keeps its arrays in their text form ({@code {1,2}}, int2vector's {@code 1 2}), so a
 * subscript of a column reference becomes {@code PG_CATALOG.PG_SUBSCRIPT(column, index)}, which
 * reads the element as PostgreSQL numbers it. Only a column reference (a name, or qualified
 * names) is rewritten: {@code ARRAY[...]} constructors, slices ({@code a[1:2]}) and subscripts of
 * other expressions ({@code (current_schemas(true))[1]}, a real array) are left alone.
 *
 * <p>{@code generate_series(a, b) alias(col)} as a FROM item (pgjdbc's imported and exported keys
 * join on {@code pg_catalog.generate_series(1, max_index_keys) pos(n)}) becomes the table
 * function call {@code TABLE(PG_CATALOG.GENERATE_SERIES(a, b)) AS alias(col)}. Arguments with
 * parentheses of their own are left to the SQL layer.
 *
 * <p>Text rewriting on PgSql's lexical rules: quoted strings, identifiers and comments are copied
 * unchanged.
 */
final class CatalogArrays {
  /** A column reference followed by an opening bracket; group 1 the reference. */
  private static final Pattern SUBSCRIPTED = Pattern.compile(
      "((?:[A-Za-z_][\\w$]*|\"(?:[^\"]|\"\")+\")(?:\\s*\\.\\s*(?:[A-Za-z_][\\w$]*|\"(?:[^\"]|\"\")+\"))*)"
      + "\\s*\\[");
  private static final Pattern SERIES = Pattern.compile("(?i)(\\bfrom|,)(\\s*)"
      + "(?:pg_catalog\\s*\\.\\s*)?generate_series\\s*\\(([^()]*)\\)\\s*(?:as\\s+)?"
      + "([A-Za-z_][\\w$]*)\\s*\\(\\s*([A-Za-z_][\\w$]*)\\s*\\)");
  /** Bounds the passes over one statement: each rewrites at least one subscript. */
  private static final int MAX_PASSES = 64;

  private CatalogArrays() {}

  static String rewrite(String sql) {
    String s = outsideQuotes(sql, part -> SERIES.matcher(part).replaceAll(m ->
        Matcher.quoteReplacement(m.group(1) + m.group(2) + "TABLE(PG_CATALOG.GENERATE_SERIES("
            + m.group(3) + ")) AS " + m.group(4) + "(" + m.group(5) + ")")));
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      String next = subscriptOnce(s);
      if (next == null) {
        return s;
      }
      s = next;
    }
    return s;
  }

  /** {@code sql} with {@code f} applied to each stretch outside quotes and comments. */
  private static String outsideQuotes(String sql, java.util.function.UnaryOperator<String> f) {
    StringBuilder out = new StringBuilder(sql.length());
    int from = 0;
    int i = 0;
    while (i < sql.length()) {
      int skip = PgSql.skipQuoted(sql, i);
      if (skip > i) {
        out.append(f.apply(sql.substring(from, i))).append(sql, i, skip);
        i = skip;
        from = i;
      } else {
        i = Math.max(i + 1, skip);
      }
    }
    return out.append(f.apply(sql.substring(from))).toString();
  }

  /** Rewrites the innermost-first subscript of a column reference, or null if none is left. */
  private static String subscriptOnce(String sql) {
    Matcher m = SUBSCRIPTED.matcher(sql);
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int skip = c == '"' ? i : PgSql.skipQuoted(sql, i);
      if (skip > i) {
        i = skip;
        continue;
      }
      boolean wordStart = (Character.isLetter(c) || c == '_' || c == '"')
          && (i == 0 || !isWordChar(sql.charAt(i - 1)) && sql.charAt(i - 1) != '.');
      if (wordStart && m.region(i, sql.length()).lookingAt()
          && !m.group(1).equalsIgnoreCase("array")) {
        int open = m.end() - 1;
        int close = closingBracket(sql, open);
        if (close > 0) {
          String index = sql.substring(open + 1, close);
          if (!index.contains("[") && !index.contains(":")) {
            return sql.substring(0, i) + "PG_CATALOG.PG_SUBSCRIPT(" + m.group(1) + ", "
                + index.strip() + ")" + sql.substring(close + 1);
          }
        }
      }
      if (c == '"') {
        int end = PgSql.skipQuoted(sql, i);
        i = end > i ? end : i + 1;
      } else {
        i++;
      }
    }
    return null;
  }

  /** The index of the bracket closing the one at {@code open}, or -1 (quotes skipped). */
  private static int closingBracket(String sql, int open) {
    int depth = 0;
    int i = open;
    while (i < sql.length()) {
      int skip = PgSql.skipQuoted(sql, i);
      if (skip > i) {
        i = skip;
        continue;
      }
      char c = sql.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
      i++;
    }
    return -1;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
