package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.Key;
import io.coagent.engine.OpKind;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * UPDATE (with {@code targets}) or DELETE (without): runs the planned selection query (see {@link
 * DmlStatements}) through the statement's operation, so the WHERE clause and any subquery register
 * read footprints, materializes it (no Halloween problem), then writes each selected row by key:
 * {@code op.update}, or delete + insert when the primary key changes, or {@code op.delete}.
 */
final class UpdateStatement implements PreparedSql {
  private final CoStore store;
  private final CalciteSession calcite;
  private final String sql;
  private final TableDef def;
  private final int[] targets;
  private final String query;
  private final PreparedStatement plan;

  UpdateStatement(CoStore store, CalciteSession calcite, String sql, TableDef def, int[] targets,
      String query) throws SQLException {
    this.store = store;
    this.calcite = calcite;
    this.sql = sql;
    this.def = def;
    this.targets = targets;
    this.query = query;
    this.plan = calcite.plan(query);
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
      return plan.getParameterMetaData().getParameterCount();
    } catch (SQLException e) {
      return 0;
    }
  }

  @Override
  public List<io.coagent.sql.SqlColumn> parameters() throws SQLException {
    return CalciteSession.parameters(plan);
  }

  /** Applies the foreign keys that reference this table to a row about to be deleted. */
  private boolean deletable(io.coagent.engine.Operation op, Key key) throws SQLException {
    ForeignKeys.beforeDelete(store, op, def, key, null);
    return true;
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    if (store.table(def.name()).isEmpty()) {
      throw SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "table " + def.name() + " no longer exists");
    }
    OpKind kind = targets == null ? OpKind.DELETE : OpKind.UPDATE;
    return Ops.run(trajectory, kind, sql, op -> {
      List<Object[]> rows = calcite.run(plan, parameters, query);
      long count = 0;
      int n = def.columns().size();
      for (Object[] r : rows) {
        if (targets != null) {
          count += KeyedWrites.update(store, op, def, targets, r);
        } else if (deletable(op, (Key) r[0]) && op.delete(def.name(), (Key) r[0])) {
          count++;
          if (r.length > n) { // the row was selected whole: a RETURNING body
            Object[] old = new Object[n];
            for (int c = 0; c < n; c++) {
              old[c] = ValueCoercer.coerce(def, c, r[1 + c], false);
            }
            Returning.written(old);
          }
        }
      }
      return SqlResult.count(count);
    });
  }
}
