package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * {@code WHEN NOT MATCHED THEN INSERT [(cols)] VALUES (...)}: builds the row to insert for one
 * unmatched source row. Cells that are a source column, a parameter or a literal are taken as they
 * are; other expressions are computed by one planned {@code VALUES (CAST(e AS type), ...)} query
 * with the source columns bound as parameters. Omitted columns get their DEFAULT; values are
 * coerced like any INSERT's.
 */
final class MergeInsert {
  /** Where a cell's value comes from: a Fragment binding, a constant, or expression {@code expr}. */
  private record Cell(int binding, Object constant, int expr) {}

  private final CoStore store;
  private final TableDef def;
  private final int[] targets;
  private final Cell[] cells;
  private final Fragment exprs;
  private final PreparedStatement plan;
  private final ColumnDefaults defaults;
  private final boolean[] given;

  private MergeInsert(CoStore store, TableDef def, int[] targets, Cell[] cells, Fragment exprs,
      PreparedStatement plan) throws SQLException {
    this.store = store;
    this.defaults = ColumnDefaults.of(def);
    this.given = defaults.given(targets);
    defaults.checkExplicit(store, targets, false);
    this.def = def;
    this.targets = targets;
    this.cells = cells;
    this.exprs = exprs;
    this.plan = plan;
  }

  static MergeInsert of(CoStore store, CalciteSession calcite, TableDef def, SqlInsert ins,
      SourceRefs refs) throws SQLException {
    SqlNodeList cols = ins.getTargetColumnList();
    int[] targets = new int[cols == null ? def.columns().size() : cols.size()];
    for (int k = 0; k < targets.length; k++) {
      targets[k] = cols == null ? k : DmlStatements.column(def,
          DdlStatement.name((SqlIdentifier) cols.get(k)));
      for (int j = 0; j < k; j++) {
        if (targets[j] == targets[k]) {
          throw SqlErrors.syntax("MERGE INTO " + def.name() + ": WHEN NOT MATCHED THEN INSERT "
              + "names column " + def.columns().get(targets[k]).name() + " twice");
        }
      }
    }
    SqlNode source = ins.getSource();
    List<SqlNode> rows = ((SqlCall) source).getOperandList();
    if (source.getKind() != SqlKind.VALUES || rows.size() != 1) {
      throw SqlErrors.syntax("MERGE INTO " + def.name() + ": WHEN NOT MATCHED THEN INSERT "
          + "takes one VALUES row");
    }
    List<SqlNode> values = ((SqlCall) rows.get(0)).getOperandList();
    if (values.size() != targets.length) {
      throw SqlErrors.syntax("MERGE INTO " + def.name() + ": WHEN NOT MATCHED THEN INSERT has "
          + targets.length + " target columns but " + values.size() + " values");
    }
    Cell[] cells = new Cell[values.size()];
    Fragment.Builder q = Fragment.builder().text("VALUES (");
    int exprCount = 0;
    for (int k = 0; k < cells.length; k++) {
      SqlNode v = refs.rewrite(values.get(k));
      Object[] constant = LiteralRows.constant(v);
      if (v instanceof SqlDynamicParam p) {
        cells[k] = new Cell(p.getIndex(), null, -1);
      } else if (constant != null) {
        cells[k] = new Cell(-1, constant[0], -1);
      } else {
        q.text(exprCount == 0 ? "CAST(" : ", CAST(").node(refs.rewriteTyped(values.get(k)))
            .text(" AS "
            + TypeMapping.castTarget(def.columns().get(targets[k])) + ")");
        cells[k] = new Cell(-1, null, exprCount++);
      }
    }
    Fragment exprs = exprCount == 0 ? null : q.text(")").build();
    return new MergeInsert(store, def, targets, cells, exprs, exprs == null ? null
        : MergeStatement.plan(calcite, exprs, def, "WHEN NOT MATCHED THEN INSERT"));
  }

  /** The coerced row to insert for {@code sourceRow}. */
  Object[] row(CalciteSession calcite, List<Object> params, Object[] sourceRow)
      throws SQLException {
    Object[] computed = plan == null ? null
        : calcite.run(plan, exprs.bind(params, sourceRow), exprs.sql()).get(0);
    Object[] values = new Object[def.columns().size()];
    defaults.fill(store, values, given, System.currentTimeMillis());
    for (int k = 0; k < cells.length; k++) {
      Cell c = cells[k];
      values[targets[k]] = c.expr() >= 0 ? computed[c.expr()]
          : c.binding() < 0 ? c.constant()
          : c.binding() >= Fragment.SOURCE_BASE ? sourceRow[c.binding() - Fragment.SOURCE_BASE]
          : params.get(c.binding());
    }
    for (int c = 0; c < values.length; c++) {
      values[c] = ValueCoercer.coerce(def, c, values[c]);
    }
    return values;
  }
}
