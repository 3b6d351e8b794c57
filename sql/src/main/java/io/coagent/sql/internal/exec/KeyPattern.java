package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.Key;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.CoAgentSchema;
import io.coagent.sql.internal.schema.Values;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.NlsString;

/**
 * A WHERE clause that binds the whole primary key by equality and nothing else ({@code id = ?},
 * {@code a = ? AND b = 'x'}), recognized on the parse tree, plus the name resolution the key-lookup
 * fast path needs (a column named bare or qualified by the table or its alias).
 */
final class KeyPattern {
  /** Key column types the fast path binds itself; others stay with Calcite's conversions. */
  private static final java.util.Set<ColumnType> FAST = java.util.EnumSet.of(ColumnType.INTEGER,
      ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.DECIMAL, ColumnType.VARCHAR,
      ColumnType.JSON, ColumnType.BOOLEAN);

  /** One key column's value: a literal (already exact for the column type) or a parameter. */
  private record Part(Object literal, int param) {}

  private final TableDef def;
  private final Part[] parts;

  private KeyPattern(TableDef def, Part[] parts) {
    this.def = def;
    this.parts = parts;
  }

  /** The pattern of {@code where} over {@code def}, or null if it is anything else. */
  static KeyPattern match(TableDef def, String qualifier, SqlNode where) {
    List<Integer> pk = def.primaryKey();
    if (where == null || pk.isEmpty()) {
      return null;
    }
    List<SqlNode> conjuncts = new ArrayList<>();
    flattenAnd(where, conjuncts);
    if (conjuncts.size() != pk.size()) {
      return null;
    }
    Part[] parts = new Part[pk.size()];
    for (SqlNode c : conjuncts) {
      if (c.getKind() != SqlKind.EQUALS || !(c instanceof SqlBasicCall call)) {
        return null;
      }
      SqlNode l = call.operand(0);
      SqlNode r = call.operand(1);
      if (!(l instanceof SqlIdentifier)) {
        SqlNode t = l;
        l = r;
        r = t;
      }
      int column = l instanceof SqlIdentifier id ? column(def, qualifier, id) : -1;
      int pos = pk.indexOf(column);
      if (pos < 0 || parts[pos] != null || !FAST.contains(def.columns().get(column).type())) {
        return null; // (temporal types: Calcite converts them through the session time zone)
      }
      if (r instanceof SqlDynamicParam p) {
        parts[pos] = new Part(null, p.getIndex());
      } else {
        Object v = r instanceof SqlLiteral lit ? literal(lit) : null;
        Object exact = v == null ? null : Values.exact(def.columns().get(column), v);
        if (exact == null) {
          return null;
        }
        parts[pos] = new Part(exact, -1);
      }
    }
    return new KeyPattern(def, parts);
  }

  private static void flattenAnd(SqlNode n, List<SqlNode> out) {
    if (n.getKind() == SqlKind.AND && n instanceof SqlCall c) {
      for (SqlNode o : c.getOperandList()) {
        flattenAnd(o, out);
      }
    } else {
      out.add(n);
    }
  }

  private static Object literal(SqlLiteral lit) {
    Object v = lit.getValue();
    if (v instanceof NlsString s) {
      return s.getValue();
    }
    return v instanceof BigDecimal || v instanceof Boolean ? v : null;
  }

  /**
   * The index of the column {@code id} names: bare, or qualified by {@code qualifier} (the alias,
   * else the table name); -1 if it names no column of {@code def}.
   */
  static int column(TableDef def, String qualifier, SqlIdentifier id) {
    if (id.isStar() || id.names.size() > 2
        || id.names.size() == 2 && !id.names.get(0).equals(qualifier)) {
      return -1;
    }
    String name = id.names.get(id.names.size() - 1);
    int i = def.columnIndex(name);
    return i >= 0 && def.columns().get(i).name().equals(name) ? i : -1;
  }

  /** The table named by {@code id} if it is a table of the default schema, else null. */
  static String tableName(SqlIdentifier id) {
    if (id.isStar() || id.names.size() > 2
        || id.names.size() == 2 && !id.names.get(0).equals(CoAgentSchema.NAME)) {
      return null;
    }
    return id.names.get(id.names.size() - 1);
  }

  /**
   * The key for these parameter values, or null when a parameter is null or not exactly a value
   * of its key column's type (the general path then runs, with its own conversions and errors).
   */
  Key key(List<Object> params) {
    Object[] k = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Part p = parts[i];
      if (p.param() < 0) {
        k[i] = p.literal();
        continue;
      }
      Object v = p.param() < params.size() ? params.get(p.param()) : null;
      ColumnDef c = def.columns().get(def.primaryKey().get(i));
      k[i] = v == null ? null
          : c.type() != ColumnType.DECIMAL && c.type().javaClass().isInstance(v) ? v // common
          : Values.exact(c, v);
      if (k[i] == null) {
        return null;
      }
    }
    return Key.of(k);
  }

  /** Fails unless {@code def} is still the table's definition (DROP and CREATE change it). */
  static void checkTable(CoStore store, TableDef def) throws SQLException {
    TableDef now = store.table(def.name()).orElse(null);
    if (now == def || def.equals(now)) {
      return;
    }
    throw SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "table " + def.name() + (now == null
        ? " no longer exists" : " was dropped and created again; prepare the statement again"));
  }

  /** Key columns, for the read footprint. */
  List<Integer> columns() {
    return def.primaryKey();
  }
}
