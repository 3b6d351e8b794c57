package io.coagent.sql.internal.schema;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableIntList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The scan of a {@link CoAgentTable} in Calcite's Enumerable convention, so that a plan over the
 * store compiles to Java once (when Calcite prepares the statement) and each execution only runs
 * that code. The Bindable alternative ({@code BindableTableScan} under an
 * {@code EnumerableInterpreter}) built an interpreter, and Janino-compiled its expressions, at
 * every execution of a cached plan.
 *
 * <p>Invariants: {@link #filters} are conjuncts over the <em>table's</em> row type (never over the
 * projected row), deterministic and free of correlation variables; they only choose the key
 * access path and the engine predicate (so the footprint) of {@link CoAgentTable#scan}, which may
 * return rows that fail them: the rule that pushes them ({@link CoAgentScanRules}) keeps the
 * Filter above the scan, so results are exact. {@link #projects} (null: every column) lists the
 * table columns the scan returns, in order; every column a Filter or Project above uses is among
 * them, so the footprint's column set (projection plus filter columns) is what the query reads.
 * The generated code calls {@link CoAgentTable#scan} with the statement's {@code DataContext}, so
 * dynamic parameters are bound at execution, as before.
 */
public final class CoAgentTableScan extends TableScan implements EnumerableRel {
  final CoAgentTable coTable;
  final ImmutableList<RexNode> filters;
  final @Nullable ImmutableIntList projects;

  CoAgentTableScan(RelOptCluster cluster, RelOptTable table, CoAgentTable coTable,
      List<RexNode> filters, @Nullable List<Integer> projects) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), ImmutableList.of(), table);
    this.coTable = coTable;
    this.filters = ImmutableList.copyOf(filters);
    this.projects = projects == null ? null : ImmutableIntList.copyOf(projects);
  }

  /** The same scan with other pushed filters and columns. */
  CoAgentTableScan with(List<RexNode> newFilters, @Nullable List<Integer> newProjects) {
    return new CoAgentTableScan(getCluster(), table, coTable, newFilters, newProjects);
  }

  /** The table column returned at position {@code field} of this scan's row. */
  int column(int field) {
    return projects == null ? field : projects.get(field);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelDataType deriveRowType() {
    if (projects == null) {
      return table.getRowType();
    }
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    RelDataTypeFactory.Builder b = getCluster().getTypeFactory().builder();
    for (int p : projects) {
      b.add(fields.get(p));
    }
    return b.build();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .itemIf("filters", filters, !filters.isEmpty())
        .itemIf("projects", projects, projects != null)
        .itemIf("index", index(), index() != null);
  }

  /**
   * The secondary index the scan reads, as far as the plan shows it: chosen from the filters'
   * literal bounds (a bound given by a dynamic parameter is known at execution only, when
   * {@link CoAgentTable#scan} makes the same choice with the value).
   */
  private @Nullable String index() {
    if (filters.isEmpty() || coTable.indexes().isEmpty()) {
      return null;
    }
    try {
      return FilterTranslator.translate(coTable.def(), coTable.indexes(),
          new java.util.ArrayList<>(filters), null).index();
    } catch (RuntimeException e) {
      return null; // a filter the translator cannot read without a DataContext
    }
  }

  @Override
  public void register(RelOptPlanner planner) {
    planner.addRule(CoAgentScanRules.FILTER);
    planner.addRule(CoAgentScanRules.PROJECT);
    planner.addRule(CoAgentScanRules.AGGREGATE);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = super.estimateRowCount(mq);
    if (filters.isEmpty()) {
      return rows;
    }
    RexNode all = RexUtil.composeConjunction(getCluster().getRexBuilder(), filters);
    return rows * RelMdUtil.guessSelectivity(all);
  }

  /** Fewer rows (pushed filters) and fewer columns (pushed projection) make a cheaper scan. */
  @Override
  public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double columns = table.getRowType().getFieldCount();
    double returned = projects == null ? columns : projects.size();
    return planner.getCostFactory().makeCost(estimateRowCount(mq), 0, 0)
        .multiplyBy((returned + 2) / (columns + 2));
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // Calcite's consumers re-derive their input's format with the scalar/list optimization, so
    // the rows follow it: Object[] for 2+ columns, the bare value for 1, an empty list for 0
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
    Expression projection = projects == null ? Expressions.constant(null, int[].class)
        : Expressions.constant(projects.toIntArray());
    Expression scan = Expressions.call(implementor.stash(coTable, CoAgentTable.class), "scan",
        implementor.getRootExpression(), implementor.stash(filters, List.class), projection);
    if (physType.getFormat() == JavaRowFormat.SCALAR) {
      scan = Expressions.call(CoAgentTable.class, "scalars", scan);
    } else if (physType.getFormat() == JavaRowFormat.LIST) {
      scan = Expressions.call(CoAgentTable.class, "emptyLists", scan);
    }
    return implementor.result(physType, Blocks.toBlock(scan));
  }
}
