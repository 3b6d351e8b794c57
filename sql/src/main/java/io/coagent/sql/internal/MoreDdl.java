package io.coagent.sql.internal;

import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.internal.exec.AlterTable;
import io.coagent.sql.internal.exec.CalciteSession;
import io.coagent.sql.internal.exec.DmlStatements;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlDelete;

/**
 * The DDL-like statements Calcite's parser does not know, recognized by their leading keywords
 * before parsing: {@code TRUNCATE}, {@code CREATE SCHEMA} and {@code ALTER TABLE} ({@link
 * AlterTable}).
 *
 * <p>{@code TRUNCATE [TABLE] [ONLY] t [, u ...] [CONTINUE IDENTITY] [RESTRICT | CASCADE]} is a
 * versioned write, exactly {@code DELETE FROM t} (one operation per table, logged with the
 * TRUNCATE text): under MTPO a DDL-style reset would erase rows that lower and higher ranks have
 * read or written speculatively, with no notification and no undo. As a DELETE, readers of the
 * rows are notified, CALL SYS.UNDO and ROLLBACK restore them, and history keeps them. {@code
 * RESTART IDENTITY} is refused: under MTPO a value handed out may still be in use by a rank that
 * has not committed. As a DELETE, the foreign keys that reference the table act on each row as
 * for DELETE ({@link io.coagent.sql.internal.exec.ForeignKeys}: NO ACTION refuses, CASCADE
 * deletes the children), whether the statement says {@code RESTRICT} or {@code CASCADE}.
 *
 * <p>{@code CREATE SCHEMA} is refused with 0A000: a store has one namespace of tables ({@code
 * COAGENT}, the default schema) beside the read-only {@code SYS}, {@code pg_catalog} and {@code
 * information_schema}; half a namespace feature (names that DDL accepts but the catalog, history
 * relations and UNDO_SQL do not qualify) would be worse than none.
 */
final class MoreDdl {
  private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$.]*)";
  private static final Pattern TRUNCATE = Pattern.compile("(?is)^\\s*TRUNCATE\\s+(?:TABLE\\s+)?"
      + "(?:ONLY\\s+)?(" + NAME + "(?:\\s*,\\s*" + NAME + ")*)\\s*((?:CONTINUE|RESTART)\\s+"
      + "IDENTITY)?\\s*(RESTRICT|CASCADE)?\\s*$");
  private static final Pattern TRUNCATE_WORD = Pattern.compile("(?is)^\\s*TRUNCATE\\b.*");
  private static final Pattern CREATE_SCHEMA = Pattern.compile(
      "(?is)^\\s*CREATE\\s+SCHEMA\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\S+).*");
  private static final Pattern ONE_NAME = Pattern.compile(NAME);

  private MoreDdl() {}

  /** The statement for {@code text} if it is one of this class's, else null. */
  static PreparedSql create(StatementFactory factory, SqlEngine engine, CalciteSession calcite,
      String text) throws SQLException {
    Matcher m = CREATE_SCHEMA.matcher(text);
    if (m.matches()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "CREATE SCHEMA " + m.group(1) + " is not supported:"
          + " a CoAgent store has one namespace of tables (schema COAGENT, the default); name "
          + "tables without a schema (CREATE TABLE t ...), or use a prefix (" + m.group(1)
          + "_t) or another store (jdbc:coagent:file:..., a server database) to separate them");
    }
    if (AlterTable.matches(text)) {
      return AlterTable.create(engine, text);
    }
    if (!TRUNCATE_WORD.matcher(text).matches()) {
      return null;
    }
    m = TRUNCATE.matcher(text);
    if (!m.matches()) {
      throw SqlErrors.syntax("TRUNCATE takes [TABLE] name [, name ...] [CONTINUE IDENTITY] "
          + "[RESTRICT | CASCADE]: " + text);
    }
    if (m.group(2) != null && m.group(2).toUpperCase(java.util.Locale.ROOT).startsWith("RESTART")) {
      throw SqlErrors.of(SqlErrors.FEATURE, "TRUNCATE ... RESTART IDENTITY is not supported: "
          + "under MTPO an identity value already handed out may belong to a rank that has not "
          + "committed, so values are never reused; use TRUNCATE without it (CONTINUE IDENTITY)");
    }
    List<String> deletes = new ArrayList<>();
    Matcher n = ONE_NAME.matcher(m.group(1));
    while (n.find()) {
      deletes.add("DELETE FROM " + n.group());
    }
    if (deletes.size() > 1) {
      return ScriptStatement.of(factory, text, deletes);
    }
    SqlDelete delete = (SqlDelete) StatementFactory.parse(deletes.get(0));
    return DmlStatements.delete(engine.store(), calcite, text, delete);
  }
}
