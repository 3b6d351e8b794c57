package io.coagent.sql.internal.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.RelRule.OperandTransform;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilderFactory;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.RelFactories;

/**
 * Planner rules that push a Filter and a Project into a {@link CoAgentTableScan}; the scan
 * registers them with every planner that sees it (as Calcite's example CSV adapter does), so they
 * need no change to Calcite's rule set.
 *
 * <p>{@link #FILTER}: the deterministic, uncorrelated conjuncts of a Filter directly over the scan,
 * rewritten from the scan's row to the table's columns, are added to the scan's filters; the Filter
 * stays above it, because the table treats filters as hints for the key range and the engine
 * predicate (a superset) and may return rows that fail them (see {@link FilterTranslator}). The
 * rule does nothing when every such conjunct is already pushed, which ends the rule's recursion.
 *
 * <p>{@link #PROJECT}: a Project directly over the scan makes the scan return only the columns
 * the Project uses (so the footprint holds only those, plus the filter columns), and the Project is
 * rewritten over the narrower row. Nothing happens when the Project uses every column. With
 * Calcite's own PROJECT_FILTER_TRANSPOSE, a Project over Filter over scan ends as a scan of the
 * columns the Project and the Filter use, which is the column set the Bindable scan registered.
 *
 * <p>{@link #AGGREGATE}: likewise for an Aggregate directly over the scan, so {@code count(*)}
 * with no WHERE reads no column (its footprint is the existence of rows in the range).
 */
public final class CoAgentScanRules {
  public static final RelOptRule FILTER =
      new ScanConfig(b -> b.operand(LogicalFilter.class).oneInput(s ->
          s.operand(CoAgentTableScan.class).noInputs()), "CoAgentFilterScanRule",
          FilterRule::new).toRule();
  public static final RelOptRule PROJECT =
      new ScanConfig(b -> b.operand(LogicalProject.class).oneInput(s ->
          s.operand(CoAgentTableScan.class).noInputs()), "CoAgentProjectScanRule",
          ProjectRule::new).toRule();

  public static final RelOptRule AGGREGATE =
      new ScanConfig(b -> b.operand(LogicalAggregate.class).oneInput(s ->
          s.operand(CoAgentTableScan.class).noInputs()), "CoAgentAggregateScanRule",
          AggregateRule::new).toRule();

  private CoAgentScanRules() {}

  /**
   * Narrows the scan to the columns an Aggregate over it uses (group keys, arguments, filters),
   * none for {@code count(*)}: the read then depends on which rows exist, not on their values.
   */
  static final class AggregateRule extends RelRule<ScanConfig> {
    AggregateRule(ScanConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate agg = call.rel(0);
      CoAgentTableScan scan = call.rel(1);
      int width = scan.getRowType().getFieldCount();
      ImmutableBitSet used = ImmutableBitSet.of(RelOptUtil.getAllFields(agg));
      if (used.cardinality() == width) {
        return;
      }
      Map<Integer, Integer> position = new HashMap<>();
      List<Integer> columns = new ArrayList<>();
      for (int field : used) {
        position.put(field, columns.size());
        columns.add(scan.column(field));
      }
      Mappings.TargetMapping mapping = Mappings.target(position, width, columns.size());
      List<AggregateCall> calls = new ArrayList<>();
      for (AggregateCall c : agg.getAggCallList()) {
        calls.add(c.transform(mapping));
      }
      call.transformTo(agg.copy(agg.getTraitSet(), scan.with(scan.filters, columns),
          agg.getGroupSet().permute(position),
          // the mapping keeps the order of fields, so the group sets stay in canonical order
          com.google.common.collect.ImmutableList.copyOf(
              ImmutableBitSet.permute(agg.getGroupSets(), position)), calls));
    }
  }

  /** Pushes filter conjuncts into the scan, keeping the Filter. */
  static final class FilterRule extends RelRule<ScanConfig> {
    FilterRule(ScanConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      CoAgentTableScan scan = call.rel(1);
      RelDataType tableRow = scan.getTable().getRowType();
      RexNode condition = filter.getCondition().accept(new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          int column = scan.column(ref.getIndex());
          return new RexInputRef(column, tableRow.getFieldList().get(column).getType());
        }
      });
      List<RexNode> pushed = new ArrayList<>(scan.filters);
      for (RexNode c : RelOptUtil.conjunctions(condition)) {
        if (RexUtil.isDeterministic(c) && !RexUtil.containsCorrelation(c)
            && !pushed.contains(c)) {
          pushed.add(c);
        }
      }
      if (pushed.size() == scan.filters.size()) {
        return;
      }
      call.transformTo(filter.copy(filter.getTraitSet(), scan.with(pushed, scan.projects),
          filter.getCondition()));
    }
  }

  /** Narrows the scan to the columns a Project over it uses. */
  static final class ProjectRule extends RelRule<ScanConfig> {
    ProjectRule(ScanConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      CoAgentTableScan scan = call.rel(1);
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      int width = scan.getRowType().getFieldCount();
      if (used.cardinality() == width) {
        return;
      }
      int[] position = new int[width];
      List<Integer> columns = new ArrayList<>();
      for (int field : used) {
        position[field] = columns.size();
        columns.add(scan.column(field));
      }
      CoAgentTableScan narrow = scan.with(scan.filters, columns);
      List<RexNode> exprs = new ArrayList<>();
      RexShuttle remap = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(position[ref.getIndex()], ref.getType());
        }
      };
      for (RexNode e : project.getProjects()) {
        exprs.add(e.accept(remap));
      }
      call.transformTo(project.copy(project.getTraitSet(), narrow, exprs, project.getRowType()));
    }
  }

  /** A rule's configuration without Calcite's generated Immutables classes. */
  record ScanConfig(OperandTransform operandSupplier, String description,
      Function<ScanConfig, RelOptRule> factory) implements RelRule.Config {
    @Override
    public RelOptRule toRule() {
      return factory.apply(this);
    }

    @Override
    public RelBuilderFactory relBuilderFactory() {
      return RelFactories.LOGICAL_BUILDER;
    }

    @Override
    public RelRule.Config withRelBuilderFactory(RelBuilderFactory f) {
      throw new UnsupportedOperationException("fixed builder factory");
    }

    @Override
    public RelRule.Config withDescription(String d) {
      return new ScanConfig(operandSupplier, d, factory);
    }

    @Override
    public RelRule.Config withOperandSupplier(OperandTransform t) {
      return new ScanConfig(t, description, factory);
    }
  }
}
