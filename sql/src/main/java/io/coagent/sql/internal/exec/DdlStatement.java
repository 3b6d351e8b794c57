package io.coagent.sql.internal.exec;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlDropTable;
import org.apache.calcite.sql.ddl.SqlKeyConstraint;

/**
 * CREATE TABLE and DROP TABLE, executed directly against the engine catalog (DDL is not
 * versioned and needs no trajectory). Column types map through {@link TypeMapping}; a table
 * without PRIMARY KEY gets the engine's hidden row id; DEFAULT clauses are checked and stored as
 * text ({@link ColumnDefaults}).
 */
public final class DdlStatement implements PreparedSql {
  /** What a DDL statement does when executed. */
  @FunctionalInterface
  public interface Action {
    void run() throws SQLException;
  }

  private final SqlEngine engine;
  private final String sql;
  private final Action action;

  private DdlStatement(SqlEngine engine, String sql, Action action) {
    this.engine = engine;
    this.sql = sql;
    this.action = action;
  }

  /** A DDL statement that runs {@code action} (then bumps the SQL catalog version). */
  public static DdlStatement of(SqlEngine engine, String sql, Action action) {
    return new DdlStatement(engine, sql, action);
  }

  /**
   * CREATE TABLE; {@code constraints} are the CHECK and FOREIGN KEY texts {@link
   * ConstraintRewriter} took out of the statement. Each UNIQUE constraint becomes a unique
   * secondary index named after the constraint, created with the table (if one cannot be
   * created, the table is dropped again).
   */
  public static DdlStatement create(SqlEngine engine, String sql, SqlCreateTable c,
      List<String> constraints) throws SQLException {
    List<UniqueConstraint> uniques = new ArrayList<>();
    TableDef def = definition(sql, c, uniques);
    if (!constraints.isEmpty()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "table " + def.name() + ": CHECK and FOREIGN KEY "
          + "constraints are not supported yet: " + constraints.get(0));
    }
    String name = def.name();
    boolean ifNotExists = c.ifNotExists;
    return new DdlStatement(engine, sql, () -> {
      if (ifNotExists && engine.store().table(name).isPresent()) {
        return;
      }
      List<String> names = uniqueNames(engine, def, uniques);
      engine.store().createTable(def);
      try {
        for (int i = 0; i < uniques.size(); i++) {
          IndexStatement.create(engine, names.get(i), name, uniques.get(i).columns(), true, false);
        }
      } catch (SQLException | RuntimeException e) {
        engine.store().dropTable(name);
        throw e;
      }
    });
  }

  /** A UNIQUE constraint of a CREATE TABLE: its name (null if none given) and columns. */
  record UniqueConstraint(String name, List<String> columns) {}

  /**
   * The index name of each UNIQUE constraint: its own name, else {@code TABLE_COL1_COL2_KEY} (as
   * PostgreSQL names them), numbered if an index of that name exists. A given name that an index
   * already has fails (42S11).
   */
  static List<String> uniqueNames(SqlEngine engine, TableDef def, List<UniqueConstraint> uniques)
      throws SQLException {
    java.util.Set<String> taken = new java.util.HashSet<>();
    engine.store().indexes().forEach(i -> taken.add(i.name().toUpperCase(java.util.Locale.ROOT)));
    List<String> out = new ArrayList<>();
    for (UniqueConstraint u : uniques) {
      String n = u.name();
      if (n != null && !taken.add(n.toUpperCase(java.util.Locale.ROOT))) {
        throw SqlErrors.of(SqlState.INDEX_EXISTS.code(), "table " + def.name()
            + ": constraint " + n + " cannot be created, an index of that name exists; choose "
            + "another constraint name");
      }
      if (n == null) {
        String base = def.name() + "_" + String.join("_", u.columns()) + "_KEY";
        n = base;
        for (int k = 1; !taken.add(n.toUpperCase(java.util.Locale.ROOT)); k++) {
          n = base + k;
        }
      }
      out.add(n);
    }
    return out;
  }

  /** The table a CREATE TABLE (with columns) defines, its defaults checked. */
  static TableDef definition(String sql, SqlCreateTable c) throws SQLException {
    return definition(sql, c, null);
  }

  /**
   * The table a CREATE TABLE (with columns) defines, its defaults checked; its UNIQUE
   * constraints go to {@code uniques} (null: refused).
   */
  private static TableDef definition(String sql, SqlCreateTable c,
      List<UniqueConstraint> uniques) throws SQLException {
    if (c.query != null || c.columnList == null) {
      throw SqlErrors.of(SqlErrors.FEATURE, "CREATE TABLE ... AS query is not supported: " + sql);
    }
    String name = name(c.name);
    List<ColumnDef> cols = new ArrayList<>();
    List<Integer> pk = new ArrayList<>();
    List<SqlNodeList> keys = new ArrayList<>();
    for (SqlNode n : c.columnList) {
      if (n instanceof SqlColumnDeclaration d) {
        String type = d.dataType.getTypeName().getSimple();
        ColumnType t = TypeMapping.fromSqlName(type);
        if (t == null) {
          throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, "column " + name(d.name) + " of table "
              + name + ": type " + type + " is not supported (use INTEGER, BIGINT, DOUBLE, "
              + "DECIMAL, VARCHAR, BOOLEAN, TIMESTAMP, TIMESTAMP WITH TIME ZONE, DATE, TIME, "
              + "UUID, VARBINARY or JSON)");
        }
        Boolean nullable = d.dataType.getNullable();
        ColumnDef col = new ColumnDef(name(d.name), t, nullable == null || nullable);
        if (t == ColumnType.DECIMAL
            && d.dataType.getTypeNameSpec() instanceof SqlBasicTypeNameSpec spec
            && spec.getPrecision() > 0) {
          col = decimal(name, col, spec.getPrecision(), Math.max(spec.getScale(), 0));
        }
        if (d.expression != null && d.strategy != ColumnStrategy.DEFAULT) {
          throw SqlErrors.of(SqlErrors.FEATURE, "column " + col.name() + " of table " + name
              + ": generated columns are not supported; compute the value in the INSERT");
        }
        if (indexOf(cols, col.name()) >= 0) {
          throw SqlErrors.of(SqlState.DUPLICATE_COLUMN.code(), "table " + name
              + " declares column " + col.name() + " twice; give each column its own name");
        }
        cols.add(d.expression == null ? col
            : col.withDefault(ColumnDefaults.text(name, col, d.expression)));
      } else if (n instanceof SqlKeyConstraint k && k.getOperator().getKind() == SqlKind.PRIMARY_KEY) {
        keys.add((SqlNodeList) k.getOperandList().get(1));
      } else if (n instanceof SqlKeyConstraint k && k.getOperator().getKind() == SqlKind.UNIQUE
          && uniques != null) {
        SqlIdentifier cn = (SqlIdentifier) k.getOperandList().get(0);
        List<String> columns = new ArrayList<>();
        for (SqlNode col : (SqlNodeList) k.getOperandList().get(1)) {
          columns.add(name((SqlIdentifier) col));
        }
        uniques.add(new UniqueConstraint(cn == null ? null : name(cn), columns));
      } else {
        throw SqlErrors.of(SqlErrors.FEATURE, "table " + name + ": only PRIMARY KEY, UNIQUE, "
            + "CHECK and FOREIGN KEY constraints are supported, not " + n);
      }
    }
    if (keys.size() > 1) {
      throw SqlErrors.syntax("table " + name + " declares more than one PRIMARY KEY");
    }
    for (SqlNodeList key : keys) {
      for (SqlNode k : key) {
        String col = name((SqlIdentifier) k);
        int i = indexOf(cols, col);
        if (i < 0) {
          throw SqlErrors.of(SqlErrors.UNKNOWN_COLUMN, "PRIMARY KEY of table " + name
              + " names column " + col + ", which the table does not declare");
        }
        pk.add(i);
      }
    }
    TableDef def = new TableDef(name, cols, pk);
    ColumnDefaults.of(def);
    return def;
  }

  public static DdlStatement drop(SqlEngine engine, String sql, SqlDropTable d) {
    String name = name(d.name);
    boolean ifExists = d.ifExists;
    return new DdlStatement(engine, sql, () -> {
      if (engine.store().view(name).isPresent()) {
        throw SqlErrors.of(SqlState.WRONG_OBJECT_TYPE.code(), name + " is a view, not a table;"
            + " use DROP VIEW " + name);
      }
      if (ifExists && engine.store().table(name).isEmpty()) {
        return;
      }
      ViewDdl.refuseDependents(engine.store(), name, "table");
      if (engine.store().table(name).isEmpty()) {
        throw SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "table " + name + " does not exist; cannot DROP it");
      }
      engine.store().dropTable(name);
    });
  }

  private static ColumnDef decimal(String table, ColumnDef col, int precision, int scale)
      throws SQLException {
    if (precision > TypeMapping.DECIMAL_PRECISION || scale > precision) {
      throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, "column " + col.name() + " of table " + table
          + ": DECIMAL(" + precision + ", " + scale + ") is out of range; use a precision up to "
          + TypeMapping.DECIMAL_PRECISION + " and a scale no larger than the precision");
    }
    return col.withPrecision(precision, scale);
  }

  /**
   * {@code sql} (a CREATE TABLE) with the type names Calcite's parser reserves ({@link
   * TypeMapping#KEYWORD_TYPES}) quoted, outside string literals and quoted names, so they parse
   * as type names; null if there is none.
   */
  public static String quoteKeywordTypes(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    boolean changed = false;
    int i = 0;
    while (i < sql.length()) {
      char ch = sql.charAt(i);
      if (ch == '\'' || ch == '"') {
        int end = sql.indexOf(ch, i + 1);
        while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == ch) {
          end = sql.indexOf(ch, end + 2);
        }
        end = end < 0 ? sql.length() : end + 1;
        out.append(sql, i, end);
        i = end;
      } else if (Character.isLetter(ch)) {
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end))
            || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
          end++;
        }
        String word = sql.substring(i, end);
        String upper = word.toUpperCase(java.util.Locale.ROOT);
        if (TypeMapping.KEYWORD_TYPES.contains(upper)) {
          out.append('"').append(upper).append('"');
          changed = true;
        } else {
          out.append(word);
        }
        i = end;
      } else {
        out.append(ch);
        i++;
      }
    }
    return changed ? out.toString() : null;
  }

  private static int indexOf(List<ColumnDef> cols, String name) {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  static String name(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return Kind.DDL;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    try {
      action.run();
    } catch (CoAgentException e) {
      throw SqlErrors.translate(e, sql);
    } finally {
      engine.schemaChanged();
    }
    return SqlResult.count(0);
  }
}
