package io.coagent.sql.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row limit on UPDATE and DELETE, as H2, MySQL and SQLite accept it: a trailing {@code LIMIT n}
 * or {@code FETCH FIRST|NEXT n ROW[S] ONLY}. Calcite's grammar has no such clause, so it is cut
 * off the text before parsing and applied to the row selection the statement plans (which rows
 * of the matching ones are affected is unspecified, as in those databases). {@code UNDO_SQL}
 * needs it to address one of several identical rows of a table without a primary key.
 *
 * @param statement the text to parse (the clause removed)
 * @param rows the limit, or -1 when the statement has none
 */
public record DmlLimit(String statement, long rows) {
  private static final Pattern DML = Pattern.compile("(?is)^\\s*(UPDATE|DELETE)\\b.*");
  private static final Pattern TAIL = Pattern.compile(
      "(?is)\\s+(?:LIMIT\\s+(\\d{1,18})|FETCH\\s+(?:FIRST|NEXT)\\s+(\\d{1,18})\\s+ROWS?\\s+ONLY)"
          + "\\s*$");

  /** Splits the limit clause off an UPDATE or DELETE; any other text is returned as is. */
  public static DmlLimit of(String sql) {
    if (!DML.matcher(sql).matches()) {
      return new DmlLimit(sql, -1);
    }
    Matcher m = TAIL.matcher(sql);
    if (!m.find() || !SqlText.isCode(sql, m.start())) {
      return new DmlLimit(sql, -1);
    }
    String n = m.group(1) != null ? m.group(1) : m.group(2);
    return new DmlLimit(sql.substring(0, m.start()), Long.parseLong(n));
  }
}
