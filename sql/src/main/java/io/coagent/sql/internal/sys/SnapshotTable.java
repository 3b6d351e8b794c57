package io.coagent.sql.internal.sys;

import io.coagent.sql.internal.schema.Values;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Row;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.schema.FilterTranslator;
import io.coagent.sql.internal.schema.ScanPlan;
import io.coagent.sql.internal.schema.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A table as it was or as a rank sees it: the columns of the table, rows from an engine history
 * read ({@code CoStore.scanAsOf} for {@code FOR SYSTEM_TIME AS OF}, {@code CoStore.scanAtRank}
 * for {@code SYS.AT_RANK}). Key filters narrow the engine's key range as for live scans, and
 * those the key range enforces exactly are consumed; Calcite applies the rest. No operation, no
 * footprint: this is history, not state.
 */
final class SnapshotTable extends AbstractTable implements ProjectableFilterableTable {
  private final TableDef def;
  private final Function<KeyRange, List<Row>> read;

  SnapshotTable(TableDef def, Function<KeyRange, List<Row>> read) {
    this.def = def;
    this.read = read;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    return TypeMapping.rowType(f, def);
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    KeyRange range = KeyRange.ALL;
    if (!def.hasHiddenKey()) {
      ScanPlan plan = FilterTranslator.translate(def, filters, root);
      range = plan.point() != null ? KeyRange.point(plan.point()) : plan.range();
    }
    List<Row> rows = read.apply(range);
    List<Object[]> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (projects == null) {
        out.add(Values.toCalcite(r.values()));
      } else {
        Object[] v = new Object[projects.length];
        for (int i = 0; i < projects.length; i++) {
          v[i] = Values.toCalcite(r.values()[projects[i]]);
        }
        out.add(v);
      }
    }
    return Linq4j.asEnumerable(out);
  }
}
