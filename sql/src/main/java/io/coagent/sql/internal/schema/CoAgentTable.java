package io.coagent.sql.internal.schema;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.IndexDef;
import io.coagent.engine.Operation;
import io.coagent.engine.Row;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.TableDef;
import io.coagent.sql.StatementControl;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.FlatLists;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * An engine table as Calcite sees it. Every scan reads through the current statement's engine
 * {@link Operation} ({@link ScanContext}), so each read registers a footprint: a point read when
 * the filters bind the whole primary key, else a key-range predicate scan, or, when the key gives
 * no bound and a secondary index's leading column is compared with a constant, an index scan
 * (whose footprint is a predicate scan of the whole table) ({@link FilterTranslator}), restricted to the columns the query uses (projection plus filter columns),
 * so writes to other columns notify no one.
 *
 * <p>Calcite plans it as a {@link CoAgentTableScan} (Enumerable convention: code generated once
 * per plan), into which the planner pushes filters and the projection; the generated code calls
 * {@link #scan}. The filters only choose the access path and the footprint: the Filter above the
 * scan stays in the plan, so a row the scan returns may still fail them.
 *
 * <p>A scan's engine predicate carries a {@link ReferencePredicate#reference() reference}, the
 * filters as Calcite evaluates them, which {@code SYS.VERIFY} uses to check the compiled one.
 *
 * <p>Rows reach Calcite through an enumerator that checks the statement's {@link
 * StatementControl} (cancel, timeout, row budget) at every row, each time a join re-reads them.
 *
 * <p>The DML variant ({@code withKey}) has one extra trailing column, {@link #KEY_COLUMN}, holding
 * the engine {@code Key} of each row; UPDATE and DELETE plan their row selection over it.
 */
public final class CoAgentTable extends AbstractTable implements TranslatableTable {
  public static final String KEY_COLUMN = "$KEY";

  private final TableDef def;
  private final List<IndexDef> indexes;
  private final boolean withKey;

  public CoAgentTable(TableDef def, boolean withKey) {
    this(def, List.of(), withKey);
  }

  public CoAgentTable(TableDef def, List<IndexDef> indexes, boolean withKey) {
    this.def = def;
    this.indexes = List.copyOf(indexes);
    this.withKey = withKey;
  }

  /** The secondary indexes a scan may use (as of when this table object was made). */
  List<IndexDef> indexes() {
    return indexes;
  }

  public TableDef def() {
    return def;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (ColumnDef c : def.columns()) {
      b.add(c.name(), TypeMapping.toRel(f, c));
    }
    if (withKey) {
      b.add(KEY_COLUMN, f.createSqlType(SqlTypeName.ANY)).nullable(false);
    }
    return b.build();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return new CoAgentTableScan(context.getCluster(), relOptTable, this, List.of(), null);
  }

  /**
   * Reads the rows {@code filters} may keep (key range or point, engine predicate), returning the
   * table columns {@code projects} (null: all), through the statement's operation. Called by the
   * code generated for {@link CoAgentTableScan}; {@code root} binds dynamic parameters.
   */
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    Operation op = ScanContext.current();
    ScanPlan plan = FilterTranslator.translate(def, indexes, new ArrayList<>(filters), root);
    int[] columns = footprint(projects, plan.filterColumns());
    List<Row> rows;
    if (plan.point() != null) {
      Row r = op.get(def.name(), plan.point(), columns);
      rows = r == null || !plan.predicate().test(r.values()) ? List.of() : List.of(r);
    } else {
      RowPredicate predicate = filters.isEmpty() ? plan.predicate()
          : ReferencePredicate.of(plan.predicate(), filters, getRowType(root.getTypeFactory()),
              def.columns().size(), root);
      rows = plan.index() != null
          ? op.scanIndex(def.name(), plan.index(), plan.indexRange(), predicate, columns)
          : op.scan(def.name(), plan.range(), predicate, columns);
    }
    int n = def.columns().size();
    List<Object[]> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (projects == null) {
        Object[] v = withKey ? java.util.Arrays.copyOf(r.values(), n + 1)
            : Values.toCalcite(r.values());
        if (withKey) {
          v = Values.toCalcite(v);
          v[n] = r.key();
        }
        out.add(v);
      } else {
        Object[] v = new Object[projects.length];
        for (int i = 0; i < projects.length; i++) {
          v[i] = projects[i] == n ? r.key() : Values.toCalcite(r.values()[projects[i]]);
        }
        out.add(v);
      }
    }
    StatementControl control = StatementControl.current();
    return control == null ? Linq4j.asEnumerable(out)
        : RowBudget.counted(Linq4j.asEnumerable(out), control);
  }

  /** Rows of one column as bare values (Calcite's SCALAR row format). */
  public static Enumerable<Object> scalars(Enumerable<Object[]> rows) {
    return rows.select(r -> r[0]);
  }

  /** Rows of no column as empty lists (Calcite's LIST row format, used for width 0). */
  public static Enumerable<FlatLists.ComparableList<Object>> emptyLists(
      Enumerable<Object[]> rows) {
    return rows.select(r -> FlatLists.of());
  }

  /** Columns the read depends on: null (all) without a projection, else projected + filtered. */
  private int[] footprint(int[] projects, BitSet filterColumns) {
    if (projects == null) {
      return null;
    }
    int n = def.columns().size();
    BitSet cols = (BitSet) filterColumns.clone();
    for (int p : projects) {
      if (p < n) {
        cols.set(p);
      }
    }
    cols.clear(n, Math.max(n, cols.length()));
    return cols.stream().toArray();
  }
}
