package io.coagent.sql.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical helpers over raw SQL text that respect string literals ({@code '...'} with {@code ''}),
 * quoted identifiers ({@code "..."} with {@code ""}) and comments ({@code --} to end of line,
 * {@code /* ... *}{@code /}): splitting a script on {@code ;} and telling whether a position is
 * code. Used before Calcite parses anything, since its parser takes one statement at a time.
 */
public final class SqlText {
  private static final byte CODE = 0;
  private static final byte QUOTED = 1;
  private static final byte COMMENT = 2;

  private SqlText() {}

  /**
   * The statements of a {@code ;}-separated script, stripped, without empty or comment-only
   * pieces. A text with one statement (and optional trailing semicolons) gives one element.
   */
  public static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    byte[] kind = classify(sql);
    int start = 0;
    boolean content = false;
    for (int i = 0; i <= sql.length(); i++) {
      if (i == sql.length() || (kind[i] == CODE && sql.charAt(i) == ';')) {
        if (content) {
          out.add(sql.substring(start, i).strip());
        }
        start = i + 1;
        content = false;
      } else if (kind[i] != COMMENT && !Character.isWhitespace(sql.charAt(i))) {
        content = true;
      }
    }
    return out;
  }

  /** True when the character at {@code pos} is outside literals, quoted names and comments. */
  public static boolean isCode(String sql, int pos) {
    return classify(sql)[pos] == CODE;
  }

  /** For every position of {@code sql}: true where it is code ({@link #isCode}). */
  public static boolean[] codeMask(String sql) {
    byte[] kind = classify(sql);
    boolean[] code = new boolean[kind.length];
    for (int i = 0; i < kind.length; i++) {
      code[i] = kind[i] == CODE;
    }
    return code;
  }

  /** For every position: code, quoted (literal or quoted name, quotes included) or comment. */
  private static byte[] classify(String sql) {
    int n = sql.length();
    byte[] kind = new byte[n];
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      byte k;
      if (c == '\'' || c == '"') {
        end = closingQuote(sql, i);
        k = QUOTED;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int j = sql.indexOf('\n', i);
        end = j < 0 ? n : j;
        k = COMMENT;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int j = sql.indexOf("*/", i + 2);
        end = j < 0 ? n : j + 2;
        k = COMMENT;
      } else {
        end = i + 1;
        k = CODE;
      }
      for (int j = i; j < end; j++) {
        kind[j] = k;
      }
      i = end;
    }
    return kind;
  }

  /** Position after the quote closing the one at {@code open} (doubled quotes are escapes). */
  public static int closingQuote(String sql, int open) {
    char q = sql.charAt(open);
    int j = open + 1;
    while (j < sql.length()) {
      if (sql.charAt(j) == q) {
        if (j + 1 < sql.length() && sql.charAt(j + 1) == q) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return sql.length();
  }
}
