package io.coagent.sql.internal;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements CoAgent recognizes but deliberately does not execute, rejected with SQLState 0A000
 * and the reason, before parsing (Calcite's parser does not know them, and a syntax error would
 * suggest a typo).
 *
 * <p>{@code CREATE INDEX}: there are no secondary indexes. Making one is not a SQL-layer job: an
 * index entry must be versioned per rank exactly like the row it points to, and an index scan must
 * register a footprint on the indexed range, so that a lower rank's write moving a row into or out
 * of the scanned range notifies (spec rule 4); it also has to be built over rows that active
 * trajectories wrote speculatively. Accepting the statement and doing nothing would hide that
 * filters on the column still scan the table. Until the engine has such indexes, the fix is to
 * lead the PRIMARY KEY with the column (prefix ranges are indexed reads) or drop the statement.
 */
final class UnsupportedStatements {
  private static final Pattern CREATE_INDEX = Pattern.compile(
      "(?is)^\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\S+)\\s+ON\\s+([^\\s(]+).*");
  private static final Pattern DROP_INDEX =
      Pattern.compile("(?is)^\\s*DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?([^\\s;]+).*");

  private UnsupportedStatements() {}

  static void reject(String sql) throws SQLException {
    Matcher m = CREATE_INDEX.matcher(sql);
    if (m.matches()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "CREATE INDEX " + m.group(1) + " ON " + m.group(2)
          + " is not supported: CoAgent has no secondary indexes yet (an index must be versioned "
          + "per rank and register MTPO read footprints, which the engine does not provide). "
          + "Filters on that column scan the table with a predicate footprint; to get an indexed "
          + "read, make the column the leading PRIMARY KEY column, else remove the statement");
    }
    m = DROP_INDEX.matcher(sql);
    if (m.matches()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "DROP INDEX " + m.group(1) + " is not supported: "
          + "CoAgent has no secondary indexes, so there is none to drop; remove the statement");
    }
  }
}
