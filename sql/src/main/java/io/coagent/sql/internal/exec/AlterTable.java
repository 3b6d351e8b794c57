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
 * [CONSTRAINT n] UNIQUE (cols)} (a unique index, as in CREATE TABLE), {@code ADD [CONSTRAINT n]
 * CHECK (e)} (refused with 23514 while a row violates it), {@code DROP CONSTRAINT [IF EXISTS] n}
 * (a CHECK, or a UNIQUE constraint's index), {@code ADD [CONSTRAINT n] FOREIGN KEY ...} ({@link
 * ForeignKeys}); a column rename rewrites the CHECKs that name it. Calcite's parser has no
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
  private static final Pattern ADD_CHECK = Pattern.compile(
      "(?is)^ADD\\s+((?:CONSTRAINT\\s+" + NAME + "\\s+)?CHECK\\s*\\(.*\\))\\s*$");
  private static final Pattern ADD_FOREIGN = Pattern.compile(
      "(?is)^ADD\\s+((?:CONSTRAINT\\s+" + NAME + "\\s+)?FOREIGN\\s+KEY\\b.*)$");
  private static final Pattern DROP_CONSTRAINT = Pattern.compile(
      "(?is)^DROP\\s+CONSTRAINT\\s+(IF\\s+EXISTS\\s+)?" + NAME
      + "(?:\\s+(?:CASCADE|RESTRICT))?\\s*$");
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
          ForeignKeys.refuseReferenced(store, def.name(), null, "rename table " + def.name());
          store.alterTable(def.name(), def.with(to, def.columns()),
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
        String what = "rename column " + from + " of table " + def.name();
        ForeignKeys.refuseReferenced(store, def.name(), from, what);
        for (ForeignKeys.Fk fk : ForeignKeys.outgoing(def)) {
          if (fk.columnNames().contains(from)) {
            throw SqlErrors.of(SqlState.DEPENDENT_OBJECTS_STILL_EXIST.code(), "cannot " + what
                + ": its foreign key " + fk.name() + " uses it; drop the constraint first "
                + "(ALTER TABLE " + DmlStatements.quote(def.name()) + " DROP CONSTRAINT "
                + DmlStatements.quote(fk.name()) + "), rename, then add it again");
          }
        }
        List<ColumnDef> cols = new ArrayList<>(def.columns());
        ColumnDef c = cols.get(i);
        cols.set(i, new ColumnDef(to, c.type(), c.nullable(), c.defaultSql(), c.precision(),
            c.scale()));
        store.alterTable(def.name(), def.with(def.name(), cols)
            .withConstraints(Checks.renameColumn(def, def.columns().get(i).name(), to)),
            List.of());
      });
    }
    if ((a = ADD_CHECK.matcher(action)).matches()) {
      String[] written = Checks.written(a.group(1));
      return DdlStatement.of(engine, sql, () -> {
        TableDef def = target(store, table, ifExists, sql);
        if (def != null) {
          addCheck(store, def, written[0], written[1]);
        }
      });
    }
    if ((a = ADD_FOREIGN.matcher(action)).matches()) {
      String text = a.group(1);
      return DdlStatement.of(engine, sql, () -> {
        TableDef def = target(store, table, ifExists, sql);
        if (def != null) {
          ForeignKeys.Fk fk = ForeignKeys.define(store, def, text, constraintNames(def));
          List<String> constraints = new ArrayList<>(def.constraints());
          constraints.add(fk.text());
          ForeignKeys.refuseOrphans(store, fk);
          store.alterTable(def.name(), def.withConstraints(constraints), List.of());
          try {
            ForeignKeys.refuseOrphans(store, fk);
          } catch (SQLException e) {
            store.alterTable(def.name(), def, List.of());
            throw e;
          }
        }
      });
    }
    if ((a = DROP_CONSTRAINT.matcher(action)).matches()) {
      boolean ifConstraintExists = a.group(1) != null;
      String constraint = name(a.group(2));
      return DdlStatement.of(engine, sql, () -> {
        TableDef def = target(store, table, ifExists, sql);
        if (def != null) {
          dropConstraint(store, def, constraint, ifConstraintExists);
        }
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
          + "has its primary key from CREATE TABLE; ALTER TABLE adds [CONSTRAINT name] UNIQUE "
          + "(columns), CHECK (condition) or FOREIGN KEY (columns) REFERENCES ...: " + sql);
    }
    if ((a = ADD.matcher(action)).matches()) {
      boolean ifNotExists = a.group(1) != null;
      String column = name(a.group(2));
      String create = "CREATE TABLE " + DmlStatements.quote(table) + " (";
      ConstraintRewriter.Rewrite rw =
          ConstraintRewriter.rewrite(create + a.group(2) + " " + a.group(3) + ")");
      ColumnDef added = column(table, rw.sql().substring(create.length(), rw.sql().length() - 1));
      List<ConstraintRewriter.Extracted> extracted = rw.constraints();
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
        TableDef changed = def.with(def.name(), cols);
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
        List<String> taken = new ArrayList<>(constraintNames(def));
        List<String> constraints = new ArrayList<>(def.constraints());
        List<Checks.Check> fresh = new ArrayList<>();
        for (ConstraintRewriter.Extracted x : extracted) {
          String[] written = Checks.written(x.text());
          if (written == null) {
            throw SqlErrors.of(SqlErrors.FEATURE, "ALTER TABLE " + def.name() + " ADD "
                + column + ": add the column, then its foreign key (ALTER TABLE ... ADD FOREIGN "
                + "KEY (" + column + ") REFERENCES ...): " + x.text());
          }
          Checks.Check c = Checks.define(changed,
              Checks.name(changed, taken, written[0], column), written[1]);
          taken.add(c.name());
          fresh.add(c);
          constraints.add(c.text());
        }
        refuseViolations(store, changed, fresh, fill);
        List<Object> fills = new ArrayList<>();
        fills.add(fill);
        store.alterTable(def.name(), changed.withConstraints(constraints), fills);
      });
    }
    if (DROP.matcher(action).matches()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "ALTER TABLE " + table + " DROP COLUMN is not "
          + "supported: rows are positional in the engine, and recorded reads and the log's row "
          + "images name columns by position; create a new table without the column (CREATE "
          + "TABLE t2 AS SELECT the other columns FROM " + table + "), or leave it unused");
    }
    throw SqlErrors.of(SqlErrors.FEATURE, "ALTER TABLE " + table + " " + action.split("\\s+")[0]
        + " ... is not supported; ALTER TABLE supports ADD [COLUMN], ADD [CONSTRAINT n] UNIQUE "
        + "(cols), ADD [CONSTRAINT n] CHECK (condition), DROP CONSTRAINT n, RENAME [COLUMN] a TO "
        + "b and RENAME TO name: " + sql);
  }

  /**
   * ADD CHECK: refused (23514) if the newest version of a row violates it, judged before the
   * definition changes and again after (a write that raced the first scan is caught by the
   * second, and the definition is put back).
   */
  private static void addCheck(CoStore store, TableDef def, String given, String expression)
      throws SQLException {
    Checks.Check check = Checks.define(def, Checks.name(def, constraintNames(def), given, null),
        expression);
    List<String> constraints = new ArrayList<>(def.constraints());
    constraints.add(check.text());
    TableDef changed = def.withConstraints(constraints);
    refuseViolations(store, changed, List.of(check));
    store.alterTable(def.name(), changed, List.of());
    try {
      refuseViolations(store, changed, List.of(check));
    } catch (SQLException e) {
      store.alterTable(def.name(), def, List.of());
      throw e;
    }
  }

  /**
   * Refuses (23514) when the newest version of a row of {@code def} makes one of {@code added}
   * FALSE; {@code fill} is the value of a column being added (the last one), for rows written
   * before it (pass none when no column is added).
   */
  private static void refuseViolations(CoStore store, TableDef def, List<Checks.Check> added,
      Object... fill) throws SQLException {
    if (added.isEmpty()) {
      return;
    }
    Checks only = Checks.of(def.withConstraints(added.stream().map(Checks.Check::text).toList()));
    int width = def.columns().size();
    for (io.coagent.engine.Row r : store.scanLive(def.name(), io.coagent.engine.KeyRange.ALL,
        null)) {
      Object[] values = r.values();
      if (values.length < width) {
        values = java.util.Arrays.copyOf(values, width);
        System.arraycopy(fill, 0, values, width - fill.length, fill.length);
      }
      Checks.Check check = only.violated(values);
      if (check != null) {
        throw new SQLException("ALTER TABLE " + def.name() + " ADD CONSTRAINT " + check.name()
            + ": existing " + Checks.show(def, values) + " violates CHECK "
            + check.expression() + "; update or delete the rows that violate it first, then add "
            + "the constraint", SqlState.CHECK_VIOLATION.code());
      }
    }
  }

  /** The names of {@code def}'s CHECK and FOREIGN KEY constraints. */
  private static List<String> constraintNames(TableDef def) {
    return def.constraints().stream().map(Checks::nameOf).toList();
  }

  /** DROP CONSTRAINT: a CHECK or FOREIGN KEY of the table, or a UNIQUE one (its index). */
  private static void dropConstraint(CoStore store, TableDef def, String constraint,
      boolean ifExists) throws SQLException {
    List<String> kept = new ArrayList<>();
    boolean found = false;
    for (String text : def.constraints()) {
      boolean match = constraint.equals(Checks.nameOf(text));
      found |= match;
      if (!match) {
        kept.add(text);
      }
    }
    if (found) {
      store.alterTable(def.name(), def.withConstraints(kept), List.of());
      return;
    }
    for (io.coagent.engine.IndexDef ix : store.indexes()) {
      if (ix.unique() && ix.table().equals(def.name()) && ix.name().equals(constraint)) {
        store.dropIndex(ix.name());
        return;
      }
    }
    if (!ifExists) {
      throw SqlErrors.of(SqlState.UNDEFINED_OBJECT.code(), "table " + def.name()
          + " has no constraint " + constraint + "; its CHECK and FOREIGN KEY constraints are "
          + constraintNames(def)
          + " (DROP CONSTRAINT IF EXISTS skips a missing one)");
    }
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

  static String name(String token) {
    return token.startsWith("\"") ? token.substring(1, token.length() - 1).replace("\"\"", "\"")
        : token.toUpperCase(Locale.ROOT);
  }
}
