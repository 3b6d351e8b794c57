package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.StatementFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;

/**
 * Column DEFAULT clauses. The engine stores each clause's SQL text with the schema ({@code
 * ColumnDef.defaultSql}, durable and shared by every connection) without interpreting it; this
 * class gives it meaning. Supported: a literal (checked against the column's type when the table
 * is created) or {@code CURRENT_TIMESTAMP}/{@code LOCALTIMESTAMP} on a TIMESTAMP column (one value
 * per statement, UTC), or {@code NEXTVAL('s')} of a sequence (identity and SERIAL columns: one
 * fresh value per row, taken when the row is written; see {@link Sequences}). INSERT and MERGE
 * apply defaults to the columns they omit; a column without a default gets NULL.
 */
final class ColumnDefaults {
  private static final Object NOW = new Object();

  /** The default of a column whose DEFAULT is {@code NEXTVAL('sequence')}. */
  private record Next(String sequence) {}

  private final TableDef def;
  private final Object[] values;

  private ColumnDefaults(TableDef def, Object[] values) {
    this.def = def;
    this.values = values;
  }

  /** The text to store for a parsed DEFAULT expression of column {@code c} of {@code table}. */
  static String text(String table, ColumnDef c, SqlNode expr) throws SQLException {
    String sql = expr.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
    if (isNow(sql) || LiteralRows.constant(expr) != null) {
      return sql;
    }
    String seq = Sequences.sequenceOf(sql);
    if (seq != null) {
      return "NEXTVAL('" + seq + "')";
    }
    throw SqlErrors.of(SqlErrors.FEATURE, "column " + c.name() + " of table " + table
        + ": DEFAULT " + sql + " is not supported; use a literal, or CURRENT_TIMESTAMP on a "
        + "TIMESTAMP column, or NEXTVAL('sequence')");
  }

  /** The evaluated defaults of {@code def}; fails (naming the column) if one does not fit. */
  static ColumnDefaults of(TableDef def) throws SQLException {
    List<ColumnDef> cols = def.columns();
    Object[] values = new Object[cols.size()];
    for (int i = 0; i < values.length; i++) {
      String sql = cols.get(i).defaultSql();
      if (sql == null) {
        continue;
      }
      if (isNow(sql)) {
        if (cols.get(i).type() != ColumnType.TIMESTAMP) {
          throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, "column " + cols.get(i).name() + " of table "
              + def.name() + " is " + cols.get(i).type() + "; DEFAULT " + sql + " needs TIMESTAMP");
        }
        values[i] = NOW;
        continue;
      }
      String seq = Sequences.sequenceOf(sql);
      if (seq != null) {
        ColumnType t = cols.get(i).type();
        if (t != ColumnType.INTEGER && t != ColumnType.BIGINT && t != ColumnType.DECIMAL) {
          throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, "column " + cols.get(i).name()
              + " of table " + def.name() + " is " + t + "; DEFAULT " + sql
              + " needs an integer column");
        }
        values[i] = new Next(seq);
        continue;
      }
      SqlNode values1 = StatementFactory.parse("VALUES (" + sql + ")");
      SqlNode cell = ((SqlCall) ((SqlCall) values1).getOperandList().get(0)).getOperandList().get(0);
      Object[] constant = LiteralRows.constant(cell);
      if (constant == null) {
        throw SqlErrors.of(SqlErrors.FEATURE, "column " + cols.get(i).name() + " of table "
            + def.name() + ": stored DEFAULT " + sql + " is not a literal");
      }
      values[i] = ValueCoercer.coerce(def, i, constant[0]);
    }
    return new ColumnDefaults(def, values);
  }

  /**
   * Fills every column not in {@code given} with its default (NULL without one); a sequence
   * default takes the next value of its sequence in {@code store}.
   */
  void fill(CoStore store, Object[] row, boolean[] given, long nowMillis) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      if (!given[i]) {
        row[i] = values[i] == NOW ? (Object) nowMillis
            : values[i] instanceof Next n ? (Object) Sequences.of(store).next(n.sequence())
            : values[i];
      }
    }
  }

  /**
   * Refuses (428C9, as PostgreSQL) an explicit value for a {@code GENERATED ALWAYS AS IDENTITY}
   * column among {@code targets}, unless the statement says {@code OVERRIDING SYSTEM VALUE}.
   */
  void checkExplicit(CoStore store, int[] targets, boolean overriding) throws SQLException {
    if (overriding) {
      return;
    }
    for (int t : targets) {
      ColumnDef c = def.columns().get(t);
      if (values[t] instanceof Next && Sequences.of(store).identity(def.name(), c.name(),
          c.defaultSql()).filter(d -> d.identity() == 'a').isPresent()) {
        throw SqlErrors.of(SqlState.GENERATED_ALWAYS.code(), "cannot insert a non-DEFAULT value "
            + "into column " + c.name() + " of table " + def.name() + ": it is GENERATED ALWAYS "
            + "AS IDENTITY; omit the column, or write INSERT ... OVERRIDING SYSTEM VALUE");
      }
    }
  }

  /** {@code given[c]} is true for each column in {@code targets}. */
  boolean[] given(int[] targets) {
    boolean[] given = new boolean[def.columns().size()];
    for (int t : targets) {
      given[t] = true;
    }
    return given;
  }

  private static boolean isNow(String sql) {
    return sql.toUpperCase(Locale.ROOT).strip()
        .matches("(CURRENT_TIMESTAMP|LOCALTIMESTAMP)(\\s*\\(\\s*\\d\\s*\\))?");
  }
}
