package io.coagent.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small scans of SQL text for the clauses Calcite's parser does not know (RETURNING, identity
 * columns, sequences): identifier folding and splitting at top-level commas. Quoted strings and
 * identifiers are skipped whole; parentheses nest. Stateless.
 */
final class TextScan {
  private TextScan() {}

  /** A name as SQL folds it: unquoted to upper case, a quoted one as written. */
  static String name(String raw) {
    String s = raw.strip();
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1) : s.toUpperCase(Locale.ROOT);
  }

  /** The index of the parenthesis closing the one at {@code open}, or -1. */
  static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, i + 1);
        if (end < 0) {
          return -1;
        }
        i = end;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} split at the commas outside parentheses and quotes. */
  static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, i + 1);
        i = end < 0 ? s.length() : end;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(from, i));
        from = i + 1;
      }
    }
    out.add(s.substring(from));
    return out;
  }
}
