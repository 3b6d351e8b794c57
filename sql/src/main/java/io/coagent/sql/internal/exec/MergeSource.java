package io.coagent.sql.internal.exec;

import io.coagent.engine.ColumnType;
import io.coagent.sql.internal.SqlErrors;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * The {@code USING} side of a MERGE: its alias, its column names and how to produce its rows.
 * {@code (VALUES (?, ?), ...) AS s(a, b)} with literal or parameter cells is evaluated directly
 * (no planning, and parameters need no type); a table name, a subquery or a VALUES list with
 * expressions is planned once as a Calcite query, whose reads go through the MERGE's operation.
 */
final class MergeSource {
  private final String alias;
  private final List<String> columns;
  private final List<ColumnType> types;
  private final LiteralRows literals;
  private final Fragment query;
  private final PreparedStatement plan;

  private MergeSource(String alias, List<String> columns, List<ColumnType> types,
      LiteralRows literals, Fragment query, PreparedStatement plan) {
    this.alias = alias;
    this.columns = columns;
    this.types = types;
    this.literals = literals;
    this.query = query;
    this.plan = plan;
  }

  static MergeSource of(CalciteSession calcite, SqlNode ref, String target) throws SQLException {
    SqlNode inner = ref;
    String alias;
    List<String> names = new ArrayList<>();
    if (ref.getKind() == SqlKind.AS) {
      List<SqlNode> ops = ((SqlCall) ref).getOperandList();
      inner = ops.get(0);
      alias = DdlStatement.name((SqlIdentifier) ops.get(1));
      for (SqlNode n : ops.subList(2, ops.size())) {
        names.add(DdlStatement.name((SqlIdentifier) n));
      }
    } else if (ref instanceof SqlIdentifier id) {
      alias = DdlStatement.name(id);
    } else {
      throw SqlErrors.syntax("MERGE INTO " + target + ": give the source an alias, e.g. "
          + "USING (VALUES (?, ?)) AS s(k, v)");
    }
    if (alias.equals(target)) {
      throw SqlErrors.syntax("MERGE INTO " + target + ": the source alias " + alias
          + " hides the target; give the source another alias");
    }
    LiteralRows literals = inner.getKind() == SqlKind.VALUES ? LiteralRows.of(inner) : null;
    if (literals != null) {
      if (literals.ragged()) {
        throw SqlErrors.syntax("MERGE INTO " + target + ": the rows of the VALUES source "
            + alias + " differ in length");
      }
      if (names.isEmpty()) {
        throw SqlErrors.syntax("MERGE INTO " + target + ": name the columns of the VALUES "
            + "source, e.g. USING (VALUES (?, ?)) AS " + alias + "(k, v)");
      }
      checkWidth(target, alias, names, literals.width());
      List<ColumnType> types = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        types.add(literalType(literals.firstRowConstant(i)));
      }
      return new MergeSource(alias, List.copyOf(names), types, literals, null, null);
    }
    Fragment query = inner instanceof SqlIdentifier
        ? Fragment.builder().text("SELECT * FROM ").node(inner).build() : Fragment.of(inner);
    PreparedStatement plan = calcite.plan(query.sql());
    ResultSetMetaData md = plan.getMetaData();
    if (names.isEmpty()) {
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnLabel(i));
      }
    }
    checkWidth(target, alias, names, md.getColumnCount());
    List<ColumnType> types = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      types.add(jdbcType(md.getColumnType(i)));
    }
    return new MergeSource(alias, List.copyOf(names), types, null, query, plan);
  }

  /** The type of a literal source cell (null: a parameter, NULL or a timestamp: unknown). */
  private static ColumnType literalType(Object[] constant) {
    Object v = constant == null ? null : constant[0];
    return v instanceof String ? ColumnType.VARCHAR : v instanceof Boolean ? ColumnType.BOOLEAN
        : v instanceof BigDecimal d ? (d.scale() <= 0 ? ColumnType.BIGINT : ColumnType.DECIMAL)
        : null;
  }

  private static ColumnType jdbcType(int t) {
    return switch (t) {
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> ColumnType.INTEGER;
      case Types.BIGINT -> ColumnType.BIGINT;
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> ColumnType.DOUBLE;
      case Types.DECIMAL, Types.NUMERIC -> ColumnType.DECIMAL;
      case Types.VARCHAR, Types.CHAR -> ColumnType.VARCHAR;
      case Types.BOOLEAN -> ColumnType.BOOLEAN;
      case Types.TIMESTAMP -> ColumnType.TIMESTAMP;
      case Types.DATE -> ColumnType.DATE;
      case Types.TIME -> ColumnType.TIME;
      case Types.TIMESTAMP_WITH_TIMEZONE -> ColumnType.TIMESTAMP_TZ;
      case Types.BINARY, Types.VARBINARY -> ColumnType.BINARY;
      default -> null;
    };
  }

  private static void checkWidth(String target, String alias, List<String> names, int width)
      throws SQLException {
    if (names.size() != width) {
      throw SqlErrors.syntax("MERGE INTO " + target + ": source " + alias + " names "
          + names.size() + " columns but produces " + width + " values per row");
    }
  }

  String alias() {
    return alias;
  }

  List<String> columns() {
    return columns;
  }

  /** The engine type of each source column where known, else null. */
  List<ColumnType> types() {
    return types;
  }

  /** The source rows for one execution, read through the current operation. */
  List<Object[]> rows(CalciteSession calcite, List<Object> params) throws SQLException {
    return literals != null ? literals.evaluate(params)
        : calcite.run(plan, query.bind(params, null), query.sql());
  }
}
