package io.coagent.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calcite's DDL parser accepts PRIMARY KEY only as a table constraint. This rewrites the common
 * column form {@code CREATE TABLE t (id INTEGER PRIMARY KEY, ...)} into {@code CREATE TABLE t (id
 * INTEGER NOT NULL, ..., PRIMARY KEY (id))} before parsing; any other text is returned unchanged.
 */
final class InlineKeyRewriter {
  private static final Pattern CREATE =
      Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s.*?\\(");
  private static final Pattern INLINE = Pattern.compile("(?i)\\s+PRIMARY\\s+KEY\\b");
  private static final Pattern NOT_NULL = Pattern.compile("(?i)\\bNOT\\s+NULL\\b");

  private InlineKeyRewriter() {}

  static String rewrite(String sql) {
    Matcher m = CREATE.matcher(sql);
    if (!m.find() || !INLINE.matcher(sql).find()) {
      return sql;
    }
    int open = m.end() - 1;
    int close = matching(sql, open);
    if (close < 0) {
      return sql;
    }
    List<String> parts = split(sql.substring(open + 1, close));
    List<String> keys = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      String head = p.strip().toUpperCase(Locale.ROOT);
      Matcher k = INLINE.matcher(p);
      if (!head.startsWith("PRIMARY") && !head.startsWith("CONSTRAINT") && k.find()) {
        keys.add(p.strip().split("\\s+")[0]);
        // "id INTEGER NOT NULL PRIMARY KEY" (Flyway's history table) is already NOT NULL
        out.add(k.replaceFirst(NOT_NULL.matcher(p).find() ? "" : " NOT NULL"));
      } else {
        out.add(p);
      }
    }
    if (keys.isEmpty()) {
      return sql;
    }
    out.add(" PRIMARY KEY (" + String.join(", ", keys) + ")");
    return sql.substring(0, open + 1) + String.join(",", out) + sql.substring(close);
  }

  /** Index of the parenthesis closing the one at {@code open}, skipping quoted text. */
  private static int matching(String s, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Splits at top-level commas. */
  private static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
