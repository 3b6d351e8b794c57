package io.coagent.sql.internal.exec;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.SemiJoinRule;

/**
 * Calcite's two aggregate semi-join rules, refused for an aggregate without GROUP BY.
 *
 * <p>{@link CoreRules#PROJECT_TO_SEMI_JOIN} and {@link CoreRules#JOIN_TO_SEMI_JOIN} turn an inner
 * join with an {@code Aggregate} whose columns nobody reads into a semi-join with the
 * aggregate's <em>input</em>: right for a grouped aggregate (a group exists exactly when an input
 * row does), wrong for a grand total, which yields one row even from no input. In Calcite 1.41
 * they do it for both, so {@code SELECT pk FROM t, (SELECT COUNT(*) FROM s WHERE false)}, or a
 * plain {@code x IN (subquery) OR p} whose subquery is empty (its removal joins a
 * {@code COUNT(*)} of the subquery), answered no rows: sqllogictest's {@code index/between}
 * found it, 80 of 10,000 queries. These versions do not match a grand total, which then stays
 * a join with its one row.
 */
final class GrandTotalSemiJoinRules {
  private GrandTotalSemiJoinRules() {}

  /** {@link CoreRules#PROJECT_TO_SEMI_JOIN}, except over a grand total. */
  static final SemiJoinRule PROJECT_TO_SEMI_JOIN = new ProjectRule(
      SemiJoinRule.ProjectToSemiJoinRule.ProjectToSemiJoinRuleConfig.DEFAULT);

  /** {@link CoreRules#JOIN_TO_SEMI_JOIN}, except over a grand total. */
  static final SemiJoinRule JOIN_TO_SEMI_JOIN = new JoinRule(
      SemiJoinRule.JoinToSemiJoinRule.JoinToSemiJoinRuleConfig.DEFAULT);

  private static final class ProjectRule extends SemiJoinRule.ProjectToSemiJoinRule {
    ProjectRule(ProjectToSemiJoinRuleConfig config) {
      super(config.withDescription("SemiJoinRule:project:grouped")
          .as(ProjectToSemiJoinRuleConfig.class));
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
      return call.<Aggregate>rel(3).getGroupCount() > 0;
    }
  }

  private static final class JoinRule extends SemiJoinRule.JoinToSemiJoinRule {
    JoinRule(JoinToSemiJoinRuleConfig config) {
      super(config.withDescription("SemiJoinRule:join:grouped")
          .as(JoinToSemiJoinRuleConfig.class));
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
      return call.<Aggregate>rel(2).getGroupCount() > 0;
    }
  }
}
