package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.Key;
import io.coagent.engine.OpKind;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;

/**
 * INSERT ... VALUES / INSERT ... SELECT. Literal VALUES lists are evaluated directly ({@link
 * LiteralRows}); any other source is planned as a Calcite query, whose reads go through the
 * statement's operation. Columns the INSERT omits get their DEFAULT ({@link ColumnDefaults}; an
 * identity column the next value of its sequence, taken per row as it is written, so a re-run
 * takes fresh values); an explicit value for a GENERATED ALWAYS identity needs {@code OVERRIDING
 * SYSTEM VALUE}.
 * Each row is coerced to the column types and written with {@code op.insert}; generated keys are
 * the engine keys of the inserted rows.
 */
final class InsertStatement implements PreparedSql {
  private final CoStore store;
  private final CalciteSession calcite;
  private final String sql;
  private final TableDef def;
  private final int[] targets;
  private final LiteralRows literals;
  private final String sourceSql;
  private final PreparedStatement plan;
  private final ColumnDefaults defaults;
  private final boolean[] given;

  InsertStatement(CoStore store, CalciteSession calcite, String sql, TableDef def, SqlInsert i,
      boolean overriding) throws SQLException {
    this.store = store;
    this.calcite = calcite;
    this.sql = sql;
    this.def = def;
    if (i.getTargetColumnList() == null) {
      targets = new int[def.columns().size()];
      for (int k = 0; k < targets.length; k++) {
        targets[k] = k;
      }
    } else {
      targets = new int[i.getTargetColumnList().size()];
      for (int k = 0; k < targets.length; k++) {
        String col = DdlStatement.name((SqlIdentifier) i.getTargetColumnList().get(k));
        targets[k] = DmlStatements.column(def, col);
        for (int j = 0; j < k; j++) {
          if (targets[j] == targets[k]) {
            throw SqlErrors.syntax("INSERT INTO " + def.name() + " names column " + col + " twice");
          }
        }
      }
    }
    this.defaults = ColumnDefaults.of(def);
    this.given = defaults.given(targets);
    defaults.checkExplicit(store, targets, overriding);
    SqlNode source = i.getSource();
    this.literals = LiteralRows.of(source);
    if (literals != null) {
      if (literals.ragged() || literals.width() != targets.length) {
        throw degree(literals.width());
      }
      this.sourceSql = null;
      this.plan = null;
    } else {
      this.sourceSql = DmlStatements.unparse(source);
      this.plan = calcite.plan(sourceSql);
      int width = plan.getMetaData().getColumnCount();
      if (width != targets.length) {
        throw degree(width);
      }
    }
  }

  private SQLException degree(int width) {
    return SqlErrors.syntax("INSERT INTO " + def.name() + " has " + targets.length
        + " target columns but its source has " + width + " values per row");
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return Kind.UPDATE;
  }

  @Override
  public int parameterCount() {
    try {
      return literals != null ? literals.parameterCount()
          : plan.getParameterMetaData().getParameterCount();
    } catch (SQLException e) {
      return 0;
    }
  }

  @Override
  public List<SqlColumn> parameters() throws SQLException {
    if (literals == null) {
      return CalciteSession.parameters(plan);
    }
    List<SqlColumn> out = new ArrayList<>();
    for (int p = 0; p < literals.parameterCount(); p++) {
      int pos = literals.parameterPosition(p);
      out.add(pos < 0 ? SqlColumn.unknownParameter()
          : TypeMapping.describe(def.columns().get(targets[pos])));
    }
    return out;
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    if (store.table(def.name()).isEmpty()) {
      throw SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "table " + def.name() + " no longer exists");
    }
    Checks checks = Checks.of(def);
    List<ForeignKeys.Fk> fks = ForeignKeys.outgoing(def);
    return Ops.run(trajectory, OpKind.INSERT, sql, op -> {
      List<Object[]> rows = literals != null ? literals.evaluate(parameters)
          : calcite.run(plan, parameters, sourceSql);
      List<Object[]> keys = new ArrayList<>(rows.size());
      int n = def.columns().size();
      long now = System.currentTimeMillis();
      for (Object[] r : rows) {
        Object[] values = new Object[n];
        defaults.fill(store, values, given, now);
        for (int k = 0; k < targets.length; k++) {
          values[targets[k]] = r[k];
        }
        for (int c = 0; c < n; c++) {
          values[c] = ValueCoercer.coerce(def, c, values[c]);
        }
        checks.verify(def, values);
        ForeignKeys.checkParents(op, fks, values, null);
        Key key = op.insert(def.name(), values);
        Returning.written(values);
        keys.add(key.toArray());
      }
      return SqlResult.count(rows.size(), keys);
    });
  }
}
