package io.coagent.sql;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.CoStore;
import io.coagent.sql.internal.schema.TypeMapping;
import io.coagent.sql.internal.sys.SysCatalog;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlJdbcFunctionCall;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * What the SQL front end accepts and holds, for catalog listings such as JDBC's {@code
 * DatabaseMetaData}: how a store column is typed in SQL, the {@code SYS} tables and procedures,
 * the built-in functions and the parser's keywords. Stateless; every answer is computed from the
 * parser, the operator table or the live schema when asked, never a copied list.
 */
public final class SqlCatalog {
  /** A SYS procedure: its name, a usage example, and its IN parameters (label, type) in order. */
  public record Procedure(String name, String example, List<SqlColumn> parameters) {}

  /**
   * A FOREIGN KEY constraint: child {@code table}'s {@code columns} reference {@code parent}'s
   * primary-key {@code parentColumns} (same order); the actions are SQL keywords ({@code NO
   * ACTION}, {@code RESTRICT}, {@code CASCADE}, {@code SET NULL}).
   */
  public record ForeignKey(String name, String table, List<String> columns, String parent,
      List<String> parentColumns, String onDelete, String onUpdate) {}

  private SqlCatalog() {}

  /** Every FOREIGN KEY of the store's tables, by child table name, then in declaration order. */
  public static List<ForeignKey> foreignKeys(CoStore store) {
    List<io.coagent.engine.TableDef> tables = new java.util.ArrayList<>(store.tables());
    tables.sort(java.util.Comparator.comparing(io.coagent.engine.TableDef::name));
    List<ForeignKey> out = new java.util.ArrayList<>();
    for (io.coagent.engine.TableDef t : tables) {
      for (io.coagent.sql.internal.exec.ForeignKeys.Fk fk
          : io.coagent.sql.internal.exec.ForeignKeys.outgoing(t)) {
        out.add(new ForeignKey(fk.name(), fk.table(), fk.columnNames(), fk.parent(),
            fk.parentColumns(), fk.onDelete().sql(), fk.onUpdate().sql()));
      }
    }
    return out;
  }

  /** Column {@code c} as SQL types it (label: the column's name). */
  public static SqlColumn describe(ColumnDef c) {
    SqlColumn d = TypeMapping.describe(c);
    return new SqlColumn(c.name(), "", d.jdbcType(), d.typeName(), d.precision(), d.scale(),
        d.nullable(), d.className());
  }

  /**
   * Whether column {@code c} takes generated values: its DEFAULT is {@code NEXTVAL('s')} (an
   * identity or SERIAL column, or a default on a sequence); JDBC's {@code IS_AUTOINCREMENT}.
   */
  public static boolean autoIncrement(ColumnDef c) {
    return io.coagent.sql.internal.exec.Sequences.sequenceOf(c.defaultSql()) != null;
  }

  /**
   * Every type name CREATE TABLE accepts, as a user spells it, with the column it makes (label:
   * the type name; DECIMAL at its largest precision).
   */
  public static java.util.Map<String, SqlColumn> declarableTypes() {
    java.util.Map<String, SqlColumn> out = new java.util.LinkedHashMap<>();
    TypeMapping.DECLARABLE.forEach((name, type) -> {
      ColumnDef c = type == io.coagent.engine.ColumnType.DECIMAL
          ? ColumnDef.of("X", type).withPrecision(TypeMapping.DECIMAL_PRECISION, 0)
          : ColumnDef.of("X", type);
      SqlColumn d = TypeMapping.describe(c);
      out.put(name, new SqlColumn(name, "", d.jdbcType(), d.typeName(), d.precision(),
          d.scale(), true, d.className()));
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The tables of schema {@code SYS} a user may query by name, in name order. */
  public static List<String> systemTables(CoStore store) {
    return SysCatalog.tables(store);
  }

  /** The SYS procedures, in name order. */
  public static List<Procedure> procedures() {
    return SysCatalog.procedures().stream()
        .map(p -> new Procedure(p.name(), p.example(), p.parameters())).toList();
  }

  /** The names of the built-in functions (Calcite's standard operator table), sorted. */
  public static List<String> functions() {
    TreeSet<String> names = new TreeSet<>();
    for (SqlOperator op : SqlStdOperatorTable.instance().getOperatorList()) {
      if (op instanceof SqlFunction f && f.getFunctionType() != SqlFunctionCategory.USER_DEFINED_FUNCTION
          && f.getName().matches("[A-Za-z_][A-Za-z_0-9]*")) {
        names.add(f.getName().toUpperCase(Locale.ROOT));
      }
    }
    return List.copyOf(names);
  }

  /** The parser's keywords that are not SQL:2003 keywords, comma-separated, as JDBC wants them. */
  public static String sqlKeywords() {
    return SqlParser.create("").getMetadata().getJdbcKeywords();
  }

  /** The JDBC escape ({@code {fn ...}}) numeric functions, comma-separated. */
  public static String numericFunctions() {
    return SqlJdbcFunctionCall.getNumericFunctions();
  }

  /** The JDBC escape string functions, comma-separated. */
  public static String stringFunctions() {
    return SqlJdbcFunctionCall.getStringFunctions();
  }

  /** The JDBC escape system functions, comma-separated. */
  public static String systemFunctions() {
    return SqlJdbcFunctionCall.getSystemFunctions();
  }

  /** The JDBC escape time and date functions, comma-separated. */
  public static String timeDateFunctions() {
    return SqlJdbcFunctionCall.getTimeDateFunctions();
  }
}
