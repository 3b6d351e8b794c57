package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.StatementFactory;
import io.coagent.sql.internal.schema.CoAgentSchema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.ddl.SqlCreateTable;

/**
 * ALTER TABLE [COAGENT.]t, as PostgreSQL spells it: {@code ADD [COLUMN] [IF NOT EXISTS] c type
 * [DEFAULT lit] [NOT NULL]}, {@code RENAME [COLUMN] a TO b}, {@code RENAME TO u}, {@code ADD
 * [CONSTRAINT n] UNIQUE (cols)} (a unique index, as in CREATE TABLE). Calcite's parser has no
 * ALTER TABLE, so the statement is matched here and the added column's definition is parsed as
 * the column of a CREATE TABLE (same types, DEFAULT rules and errors).
 *
 * <p>Rows are positional in the engine: an added column is appended, and every row version
 * written before it (live rows, history, undone versions, the operation log that UNDO_SQL is
 * derived from) reads the column's DEFAULT, evaluated once at the ALTER, or NULL ({@link
 * CoStore#alterTable}). NOT NULL needs a DEFAULT, as the existing rows need a value.
 *
 * <p>Not supported (0A000, naming the way round): {@code DROP COLUMN} (positions would shift under
 * the recorded read footprints and the log's row images), {@code ALTER COLUMN} (type changes) and
 * other constraints. A table or column that a view reads cannot be renamed while the view exists
 * (2BP01): views are stored as query text, so the rename would break them.
 */
public final class AlterTable {
  private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)";
  private static final Pattern ALTER = Pattern.compile(
      "(?is)^\\s*ALTER\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(?:" + NAME + "\\s*\\.\\s*)?"
      + NAME + "\\s+(.*)$");
  private static final Pattern ADD = Pattern.compile(
      "(?is)^ADD\\s+(?:COLUMN\\s+)?(IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s+(.+)$");
  private static final Pattern ADD_UNIQUE = Pattern.compile(
      "(?is)^ADD\\s+(?:CONSTRAINT\\s+" + NAME + "\\s+)?UNIQUE\\s*\\((.*)\\)\\s*$");
  private static final Pattern RENAME_COLUMN = Pattern.compile(
      "(?is)^RENAME\\s+(?:COLUMN\\s+)?" + NAME + "\\s+TO\\s+" + NAME + "\\s*$");
  private static final Pattern RENAME_TABLE = Pattern.compile(
      "(?is)^RENAME\\s+TO\\s+" + NAME + "\\s*$");
  private static final Pattern ADD_CONSTRAINT = Pattern.compile(
      "(?is)^ADD\\s+(CONSTRAINT|PRIMARY\\s+KEY|FOREIGN\\s+KEY|UNIQUE|CHECK)\\b.*$");
  private static final Pattern DROP = Pattern.compile(
      "(?is)^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?" + NAME + ".*$");

  private static final Pattern DEFAULT_THEN_NOT_NULL =
      Pattern.compile("(?is)^(.*?)\\s+DEFAULT\\s+(.+?)\\s+NOT\\s+NULL$");

  private AlterTable() {}

  /** Whether {@code text} is an ALTER TABLE statement. */
  public static boolean matches(String text) {
    return ALTER.matcher(text).matches();
  }

  public static DdlStatement create(SqlEngine engine, String sql) throws SQLException {
    Matcher m = ALTER.matcher(sql);
    if (!m.matches()) {
      throw SqlErrors.syntax("not an ALTER TABLE statement: " + sql);
    }
    boolean ifExists = m.group(1) != null;
    if (m.group(2) != null && !name(m.group(2)).equals(CoAgentSchema.NAME)) {
      throw SqlErrors.of(SqlState.INVALID_SCHEMA_NAME.code(), "schema " + name(m.group(2))
          + " does not exist; tables are in schema " + CoAgentSchema.NAME + ": write ALTER TABLE "
          + m.group(3) + " or " + CoAgentSchema.NAME + "." + m.group(3));
    }
    String table = name(m.group(3));
    String action = m.group(4).strip();
    CoStore store = engine.store();
    Matcher a;
    if ((a = RENAME_TABLE.matcher(action)).matches()) {
      String to = name(a.group(1));
      return DdlStatement.of(engine, sql, () -> {
        TableDef def = target(store, table, ifExists, sql);
        if (def != null) {
          ViewDdl.refuseDependents(store, def.name(), "table");
          store.alterTable(def.name(), new TableDef(to, def.columns(), def.primaryKey()),
              List.of());
        }
      });
    }
    if ((a = RENAME_COLUMN.matcher(action)).matches()) {
      String from = name(a.group(1));
      String to = name(a.group(2));
      return DdlStatement.of(engine, sql, () -> {
        TableDef def = target(store, table, ifExists, sql);
        if (def == null) {
          return;
        }
        int i = DmlStatements.column(def, from);
        if (def.columnIndex(to) >= 0) {
          throw SqlErrors.of(SqlState.DUPLICATE_COLUMN.code(), "column " + to + " of table "
              + def.name() + " already exists; choose another name for " + from);
        }
        ViewDdl.refuseDependents(store, def.name(), "table");
        List<ColumnDef> cols = new ArrayList<>(def.columns());
        ColumnDef c = cols.get(i);
        cols.set(i, new ColumnDef(to, c.type(), c.nullable(), c.defaultSql(), c.precision(),
            c.scale()));
        store.alterTable(def.name(), new TableDef(def.name(), cols, def.primaryKey()),
            List.of());
      });
    }
    if ((a = ADD_UNIQUE.matcher(action)).matches()) {
      String constraint = a.group(1) == null ? null : name(a.group(1));
      List<String> columns = new ArrayList<>();
      for (String c : TextScan.splitTopLevel(a.group(2))) {
        columns.add(name(c.strip()));
      }
      return DdlStatement.of(engine, sql, () -> {
        TableDef def = target(store, table, ifExists, sql);
        if (def != null) {
          DdlStatement.UniqueConstraint u = new DdlStatement.UniqueConstraint(constraint, columns);
          String index = DdlStatement.uniqueNames(engine, def, List.of(u)).get(0);
          IndexStatement.create(engine, index, def.name(), columns, true, false);
        }
      });
    }
    if (ADD_CONSTRAINT.matcher(action).matches()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "ALTER TABLE " + table + " ADD " + action.substring(3)
          .strip().split("\\s+")[0].toUpperCase(Locale.ROOT) + " ... is not supported: a table "
          + "has its primary key from CREATE TABLE, no foreign keys and no CHECK constraints; the "
          + "one constraint ALTER TABLE adds is ADD [CONSTRAINT name] UNIQUE (columns): " + sql);
    }
    if ((a = ADD.matcher(action)).matches()) {
      boolean ifNotExists = a.group(1) != null;
      String column = name(a.group(2));
      ColumnDef added = column(table, a.group(2) + " " + a.group(3));
      return DdlStatement.of(engine, sql, () -> {
        TableDef def = target(store, table, ifExists, sql);
        if (def == null) {
          return;
        }
        if (def.columnIndex(column) >= 0) {
          if (ifNotExists) {
            return;
          }
          throw SqlErrors.of(SqlState.DUPLICATE_COLUMN.code(), "column " + column + " of table "
              + def.name() + " already exists; use ADD COLUMN IF NOT EXISTS or another name");
        }
        List<ColumnDef> cols = new ArrayList<>(def.columns());
        cols.add(added);
        TableDef changed = new TableDef(def.name(), cols, def.primaryKey());
        Object[] probe = new Object[cols.size()];
        boolean[] given = new boolean[cols.size()];
        java.util.Arrays.fill(given, 0, cols.size() - 1, true);
        ColumnDefaults.of(changed).fill(store, probe, given, System.currentTimeMillis());
        Object fill = probe[cols.size() - 1];
        if (fill == null && !added.nullable()) {
          throw SqlErrors.of(SqlErrors.NOT_NULL, "column " + column + " added to table "
              + def.name() + " is NOT NULL, so the existing rows need a value: give it a DEFAULT "
              + "(ADD COLUMN " + column + " ... DEFAULT value NOT NULL) or add it nullable");
        }
        java.util.List<Object> fills = new ArrayList<>();
        fills.add(fill);
        store.alterTable(def.name(), changed, fills);
      });
    }
    if (DROP.matcher(action).matches()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "ALTER TABLE " + table + " DROP COLUMN is not "
          + "supported: rows are positional in the engine, and recorded reads and the log's row "
          + "images name columns by position; create a new table without the column (CREATE "
          + "TABLE t2 AS SELECT the other columns FROM " + table + "), or leave it unused");
    }
    throw SqlErrors.of(SqlErrors.FEATURE, "ALTER TABLE " + table + " " + action.split("\\s+")[0]
        + " ... is not supported; ALTER TABLE supports ADD [COLUMN], RENAME [COLUMN] a TO b and "
        + "RENAME TO name: " + sql);
  }

  private static TableDef target(CoStore store, String table, boolean ifExists, String sql)
      throws SQLException {
    TableDef def = store.table(table).orElse(null);
    if (def != null || ifExists) {
      return def;
    }
    if (store.view(table).isPresent()) {
      throw SqlErrors.of(SqlState.WRONG_OBJECT_TYPE.code(), table + " is a view, not a table; "
          + "ALTER TABLE cannot change it (CREATE OR REPLACE VIEW " + table + " can)");
    }
    throw SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "table " + table + " does not exist; check the "
        + "name (ALTER TABLE IF EXISTS skips it): " + sql);
  }

  /** The column {@code definition} ("name type [DEFAULT ...] [NOT NULL]") of table {@code t}. */
  private static ColumnDef column(String table, String definition) throws SQLException {
    if (definition.matches("(?is).*\\bPRIMARY\\s+KEY\\b.*")) {
      throw SqlErrors.of(SqlErrors.FEATURE, "ALTER TABLE " + table + " ADD: a primary key "
          + "cannot be added to an existing table; create a new table with it and copy the rows");
    }
    // PostgreSQL takes NOT NULL after DEFAULT too; Calcite's parser only before it
    Matcher late = DEFAULT_THEN_NOT_NULL.matcher(definition.strip());
    String column = late.matches() ? late.group(1) + " NOT NULL DEFAULT " + late.group(2)
        : definition;
    String create = "CREATE TABLE " + DmlStatements.quote(table) + " (" + column + ")";
    String quoted = DdlStatement.quoteKeywordTypes(create);
    SqlCreateTable c = (SqlCreateTable) StatementFactory.parse(quoted == null ? create : quoted);
    TableDef def = DdlStatement.definition(create, c);
    if (def.columns().size() != 1) {
      throw SqlErrors.syntax("ALTER TABLE " + table + " ADD takes one column: " + definition);
    }
    return def.columns().get(0);
  }

  private static String name(String token) {
    return token.startsWith("\"") ? token.substring(1, token.length() - 1).replace("\"\"", "\"")
        : token.toUpperCase(Locale.ROOT);
  }
}
