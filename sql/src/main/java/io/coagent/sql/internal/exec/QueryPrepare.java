package io.coagent.sql.internal.exec;

import java.lang.reflect.Type;
import java.util.List;
import io.coagent.sql.internal.schema.RowBudget;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Calcite's statement preparation with CoAgent's optimizer program: Calcite's standard sequence
 * (sub-query removal, decorrelation, measures, field trimming, the cost-based Volcano search,
 * Calc formation), plus heuristic join ordering for queries that join many tables, and every
 * join's output counted against the statement's row budget ({@link RowBudget}).
 *
 * <p>Volcano's join rules (commute, associate, push-through) enumerate every join order, which
 * for a FROM list of a dozen tables or more (sqllogictest's {@code select5} has up to 64) never
 * finishes, and before it does, the cartesian products it starts from can exhaust memory. When
 * the query holds {@link #MIN_HEURISTIC_JOINS} joins or more, a Hep phase first pushes WHERE's
 * conditions into the joins, gathers each tree of inner (and left/right outer) joins into one
 * {@code MultiJoin}, and orders it with {@link CoreRules#MULTI_JOIN_OPTIMIZE} (Calcite's
 * {@code LoptOptimizeJoinRule}: greedy, joins connected by conditions first, smallest
 * estimated result first); the Volcano phase then runs without the exhaustive join rules, so it
 * still chooses each join's algorithm (hash join for equalities), pushes filters and projections
 * into the scans, and plans everything else as before. Smaller joins are planned exactly as
 * Calcite's standard program plans them.
 *
 * <p>The rewrite only reorders joins and moves conditions between joins and the scans' inputs;
 * every table still has its own {@code CoAgentTableScan}, and the conditions on one table alone
 * still reach it as pushed filters, so read footprints are as precise as before.
 */
final class QueryPrepare extends CalcitePrepareImpl {
  /** Joins (tables minus one) from which the join order is chosen heuristically: 6 tables. */
  static final int MIN_HEURISTIC_JOINS = 5;

  /** The rules that make Volcano search all join orders. */
  private static final List<RelOptRule> JOIN_ORDER_RULES = List.of(CoreRules.JOIN_COMMUTE,
      CoreRules.JOIN_ASSOCIATE, JoinPushThroughJoinRule.LEFT, JoinPushThroughJoinRule.RIGHT);

  private static final HepProgram MULTI_JOIN = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
      .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
      .build();

  /**
   * The same with the bushy join-order rule, when {@link CoreRules#MULTI_JOIN_OPTIMIZE} fails;
   * it leaves a multi-way join with outer joins unordered, which then fails to plan.
   */
  private static final HepProgram MULTI_JOIN_BUSHY = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
      .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE_BUSHY)
      .build();

  private static final Program PROGRAM = program(DefaultRelMetadataProvider.INSTANCE);

  private static Program program(RelMetadataProvider metadata) {
    return Programs.sequence(Programs.subQuery(metadata), Programs.decorrelate(),
        Programs.measure(metadata), Programs.trim(), QueryPrepare::orderJoins,
        QueryPrepare::search, Programs.calc(metadata),
        (planner, rel, traits, materializations, lattices) -> RowBudget.addTo(rel));
  }

  /**
   * With many joins, the Hep phase that orders them, and the Volcano planner stripped of the
   * exhaustive join-order rules; otherwise {@code rel} unchanged.
   */
  private static RelNode orderJoins(RelOptPlanner planner, RelNode rel, RelTraitSet traits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    if (RelOptUtil.countJoins(rel) < MIN_HEURISTIC_JOINS) {
      return rel;
    }
    for (RelOptRule rule : JOIN_ORDER_RULES) {
      planner.removeRule(rule);
    }
    try {
      return Programs.of(MULTI_JOIN, false, DefaultRelMetadataProvider.INSTANCE)
          .run(planner, rel, traits, materializations, lattices);
    } catch (IllegalArgumentException e) {
      // LoptOptimizeJoinRule sorts the factors by cost with a comparator that is not a total
      // order (VolcanoCost: isLt compares rows, equals rows, cpu and io), which Java's sort
      // detects, and rejects, from 32 factors up
      if (e.getMessage() == null || !e.getMessage().contains("general contract")) {
        throw e;
      }
      return Programs.of(MULTI_JOIN_BUSHY, false, DefaultRelMetadataProvider.INSTANCE)
          .run(planner, rel, traits, materializations, lattices);
    }
  }

  /** The cost-based search for the cheapest plan in the required (Enumerable) convention. */
  private static RelNode search(RelOptPlanner planner, RelNode rel, RelTraitSet traits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    // No merge joins: Calcite 1.41 lets an outer merge join claim its output sorted on the
    // null-generating side's key, so a merge join above it read unsorted input and lost rows
    // (an 8-table mix answered none where H2 answers 12; MultiWayJoinTest pins the seed). Every
    // input is in memory anyway, where a hash join is as good.
    planner.removeRule(org.apache.calcite.adapter.enumerable.EnumerableRules
        .ENUMERABLE_MERGE_JOIN_RULE);
    // No semi-join over a grand total's input (GrandTotalSemiJoinRules says why)
    if (planner.removeRule(CoreRules.PROJECT_TO_SEMI_JOIN)) {
      planner.addRule(GrandTotalSemiJoinRules.PROJECT_TO_SEMI_JOIN);
    }
    if (planner.removeRule(CoreRules.JOIN_TO_SEMI_JOIN)) {
      planner.addRule(GrandTotalSemiJoinRules.JOIN_TO_SEMI_JOIN);
    }
    materializations.forEach(planner::addMaterialization);
    lattices.forEach(planner::addLattice);
    planner.setRoot(rel);
    if (!rel.getTraitSet().equals(traits)) {
      planner.setRoot(planner.changeTraits(rel, traits));
    }
    RelNode best = planner.chooseDelegate().findBestExp();
    if (best == null) {
      throw new IllegalStateException("the planner found no plan for " + RelOptUtil.toString(rel));
    }
    return best;
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    JavaTypeFactory typeFactory = context.getTypeFactory();
    EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY
        : EnumerableRel.Prefer.CUSTOM;
    return new CalcitePreparingStmt(this, context, catalogReader, typeFactory,
        context.getRootSchema(), prefer, createCluster(planner, new RexBuilder(typeFactory)),
        EnumerableConvention.INSTANCE, createConvertletTable()) {
      @Override
      protected Program getProgram() {
        return PROGRAM;
      }
    };
  }
}
