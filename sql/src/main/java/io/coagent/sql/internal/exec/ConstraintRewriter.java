package io.coagent.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calcite's DDL parser knows PRIMARY KEY and UNIQUE only as table constraints, and FOREIGN KEY not
 * at all. This rewrites a {@code CREATE TABLE} before parsing:
 *
 * <ul>
 *   <li>a column's {@code PRIMARY KEY} becomes {@code NOT NULL} plus a table {@code PRIMARY KEY
 *       (col)};
 *   <li>a column's {@code [CONSTRAINT n] UNIQUE} becomes a table {@code [CONSTRAINT n] UNIQUE
 *       (col)};
 *   <li>a column's {@code [CONSTRAINT n] CHECK (e)} and {@code [CONSTRAINT n] REFERENCES p [(c)]
 *       [ON DELETE a] [ON UPDATE a]}, and the table elements {@code [CONSTRAINT n] CHECK (e)} and
 *       {@code [CONSTRAINT n] FOREIGN KEY (cols) REFERENCES ...}, are taken out of the text and
 *       returned as {@link Rewrite#constraints()} (table-constraint text, a column's written with
 *       its column), for {@code DdlStatement} to interpret.
 * </ul>
 *
 * Any other statement is returned unchanged, with no constraints.
 */
public final class ConstraintRewriter {
  private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[^\\s(\"]+)";
  /** {@code CREATE TABLE [IF NOT EXISTS] name (}, the name maybe qualified ("COAGENT"."t"). */
  private static final Pattern CREATE = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+"
      + "(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "(?:\\s*\\.\\s*" + NAME + ")?\\s*\\(");

  /** {@code sql} as Calcite can parse it, and the constraints taken out of it. */
  public record Rewrite(String sql, List<Extracted> constraints) {}

  /**
   * A constraint taken out of a CREATE TABLE, as table-constraint text; {@code column} is the
   * column it was written with (as written, possibly quoted), null for a table constraint.
   */
  public record Extracted(String text, String column) {}

  private ConstraintRewriter() {}

  /** One lexical token of a table element: its text span. */
  private record Token(int start, int end, String upper) {}

  public static Rewrite rewrite(String sql) {
    Matcher m = CREATE.matcher(sql);
    if (!m.find()) {
      return new Rewrite(sql, List.of());
    }
    int open = m.end() - 1;
    int close = TextScan.matching(sql, open);
    if (close < 0) {
      return new Rewrite(sql, List.of());
    }
    List<String> keys = new ArrayList<>();
    List<String> tableLevel = new ArrayList<>();
    List<Extracted> extracted = new ArrayList<>();
    List<String> out = new ArrayList<>();
    boolean changed = false;
    for (String p : TextScan.splitTopLevel(sql.substring(open + 1, close))) {
      List<Token> ts = tokens(p);
      if (ts.isEmpty()) {
        out.add(p);
        continue;
      }
      int first = 0;
      if (ts.get(0).upper.equals("CONSTRAINT") && ts.size() > 2) {
        first = 2;
      }
      String head = ts.get(first).upper;
      if (head.equals("PRIMARY") || head.equals("UNIQUE") || head.equals("LIKE")) {
        out.add(p);
        continue;
      }
      if (head.equals("CHECK") || head.equals("FOREIGN")) {
        extracted.add(new Extracted(p.strip(), null));
        changed = true;
        continue;
      }
      // a column: cut its inline constraints out
      String column = p.substring(ts.get(0).start, ts.get(0).end);
      StringBuilder kept = new StringBuilder();
      int from = 0;
      int i = 1;
      while (i < ts.size()) {
        int start = i;
        String name = null;
        if (ts.get(i).upper.equals("CONSTRAINT") && i + 1 < ts.size()) {
          name = p.substring(ts.get(i + 1).start, ts.get(i + 1).end);
          i += 2;
        }
        String w = i < ts.size() ? ts.get(i).upper : "";
        String prefix = name == null ? "" : "CONSTRAINT " + name + " ";
        int end;
        if (w.equals("PRIMARY") && i + 1 < ts.size() && ts.get(i + 1).upper.equals("KEY")) {
          keys.add(column);
          end = i + 2;
          // "id INTEGER NOT NULL PRIMARY KEY" (Flyway's history table) is NOT NULL already
          kept.append(p, from, ts.get(start).start).append(notNull(ts) ? " " : " NOT NULL ");
          from = ts.get(end - 1).end;
          changed = true;
          i = end;
          continue;
        } else if (w.equals("UNIQUE")) {
          tableLevel.add(prefix + "UNIQUE (" + column + ")");
          end = i + 1;
        } else if (w.equals("CHECK") && i + 1 < ts.size() && ts.get(i + 1).upper.startsWith("(")) {
          extracted.add(new Extracted(prefix + "CHECK " + text(p, ts.get(i + 1)), column));
          end = i + 2;
        } else if (w.equals("REFERENCES")) {
          end = referencesEnd(ts, i);
          extracted.add(new Extracted(prefix + "FOREIGN KEY (" + column + ") "
              + p.substring(ts.get(i).start, ts.get(end - 1).end), column));
        } else {
          i = start + 1;
          continue;
        }
        kept.append(p, from, ts.get(start).start);
        from = ts.get(end - 1).end;
        changed = true;
        i = end;
      }
      kept.append(p.substring(from));
      out.add(kept.toString());
    }
    if (!changed) {
      return new Rewrite(sql, List.of());
    }
    if (!keys.isEmpty()) {
      out.add(" PRIMARY KEY (" + String.join(", ", keys) + ")");
    }
    for (String t : tableLevel) {
      out.add(" " + t);
    }
    return new Rewrite(sql.substring(0, open + 1) + String.join(",", out) + sql.substring(close),
        List.copyOf(extracted));
  }

  /** Whether the element's tokens say {@code NOT NULL}. */
  private static boolean notNull(List<Token> ts) {
    for (int i = 0; i + 1 < ts.size(); i++) {
      if (ts.get(i).upper.equals("NOT") && ts.get(i + 1).upper.equals("NULL")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The index after a {@code REFERENCES p [(cols)] [ON DELETE|UPDATE action]...} clause that
   * starts at token {@code i}.
   */
  private static int referencesEnd(List<Token> ts, int i) {
    int j = i + 1;
    if (j < ts.size()) {
      j++; // the parent table
    }
    if (j < ts.size() && ts.get(j).upper.startsWith("(")) {
      j++;
    }
    while (j + 2 < ts.size() && ts.get(j).upper.equals("ON")
        && (ts.get(j + 1).upper.equals("DELETE") || ts.get(j + 1).upper.equals("UPDATE"))) {
      String a = ts.get(j + 2).upper;
      j += 3;
      if ((a.equals("NO") || a.equals("SET")) && j < ts.size()) {
        j++;
      }
    }
    return j;
  }

  private static String text(String p, Token t) {
    return p.substring(t.start, t.end);
  }

  /**
   * Words (with dots, so {@code s.t} and {@code 1.5} are one token), quoted names, string
   * literals and parenthesized groups, at the top level of {@code p}; other characters are not
   * tokens.
   */
  private static List<Token> tokens(String p) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      int end;
      if (c == '(') {
        end = TextScan.matching(p, i) + 1;
        if (end == 0) {
          end = p.length();
        }
      } else if (c == '\'' || c == '"') {
        end = i + 1;
        while (end < p.length()) {
          if (p.charAt(end) == c) {
            if (end + 1 < p.length() && p.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            end++;
            break;
          }
          end++;
        }
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        end = i;
        while (end < p.length() && (Character.isLetterOrDigit(p.charAt(end))
            || p.charAt(end) == '_' || p.charAt(end) == '$' || p.charAt(end) == '.')) {
          end++;
        }
      } else {
        i++;
        continue;
      }
      out.add(new Token(i, end, p.substring(i, end).toUpperCase(Locale.ROOT)));
      i = end;
    }
    return out;
  }
}
