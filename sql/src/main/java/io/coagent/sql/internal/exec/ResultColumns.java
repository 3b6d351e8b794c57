package io.coagent.sql.internal.exec;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The store column a query's result column would be as a table column: the column it is read
 * straight from when there is one (its type, precision and scale kept, nullable), else the store
 * type of its SQL type. Used where a query's result becomes a relation: CREATE TABLE AS, and the
 * catalog's description of a view.
 */
public final class ResultColumns {
  private ResultColumns() {}

  /** Column {@code name} holding result column {@code c}; null if no store type holds it. */
  static ColumnDef of(CoStore store, String name, SqlColumn c) {
    ColumnDef origin = origin(store, c);
    if (origin != null) {
      return new ColumnDef(name, origin.type(), true, null, origin.precision(), origin.scale());
    }
    ColumnType t = switch (c.jdbcType()) {
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> ColumnType.INTEGER;
      case Types.BIGINT -> ColumnType.BIGINT;
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> ColumnType.DOUBLE;
      case Types.DECIMAL, Types.NUMERIC -> ColumnType.DECIMAL;
      case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NULL -> ColumnType.VARCHAR;
      case Types.BOOLEAN, Types.BIT -> ColumnType.BOOLEAN;
      case Types.TIMESTAMP -> ColumnType.TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE -> ColumnType.TIMESTAMP_TZ;
      case Types.DATE -> ColumnType.DATE;
      case Types.TIME -> ColumnType.TIME;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> ColumnType.BINARY;
      default -> "UUID".equalsIgnoreCase(c.typeName()) ? ColumnType.UUID : null;
    };
    if (t == null) {
      return null;
    }
    ColumnDef d = new ColumnDef(name, t, true);
    if (t == ColumnType.DECIMAL && c.precision() > 0
        && c.precision() <= TypeMapping.DECIMAL_PRECISION && c.scale() >= 0
        && c.scale() <= c.precision()) {
      d = d.withPrecision(c.precision(), c.scale());
    }
    return d;
  }

  /**
   * The columns of view {@code view} as the catalog describes them, by planning {@code SELECT *}
   * from it; a column of a type no table could hold is described as VARCHAR, its text form.
   */
  public static List<ColumnDef> ofView(CoStore store, CalciteSession calcite, String view)
      throws SQLException {
    QueryStatement q = new QueryStatement(calcite, "SELECT * FROM " + DmlStatements.quote(view));
    List<ColumnDef> out = new ArrayList<>();
    for (SqlColumn c : q.columns()) {
      ColumnDef d = of(store, c.label(), c);
      out.add(d != null ? d : new ColumnDef(c.label(), ColumnType.VARCHAR, true));
    }
    return out;
  }

  /** The store column {@code c} is read straight from, if its table has one of its name and type. */
  private static ColumnDef origin(CoStore store, SqlColumn c) {
    if (c.table() == null || c.table().isEmpty()) {
      return null;
    }
    TableDef t = store.table(c.table()).orElse(null);
    int i = t == null ? -1 : t.columnIndex(c.label());
    if (i < 0) {
      return null;
    }
    ColumnDef d = t.columns().get(i);
    return TypeMapping.describe(d).jdbcType() == c.jdbcType()
        || d.type() == ColumnType.TIMESTAMP_TZ && c.jdbcType() == Types.TIMESTAMP ? d : null;
  }
}
