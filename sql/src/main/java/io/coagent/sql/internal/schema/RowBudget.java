package io.coagent.sql.internal.schema;

import io.coagent.sql.StatementControl;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Join;

/**
 * Counts the rows a join makes against the statement's row budget ({@link StatementControl}):
 * a join's output can dwarf its inputs (a cartesian product, or an equality every row meets),
 * and when an aggregate or a sort consumes it, neither the scans nor the result would count
 * those rows, so such a query ran unbounded (past its timeout too, which is checked as rows are
 * counted). {@link #addTo} puts this node above every join and correlate of a finished plan; it
 * passes its input's rows through unchanged and prints as its input does, so EXPLAIN shows the
 * plan as Calcite chose it.
 */
public final class RowBudget extends SingleRel implements EnumerableRel {
  private RowBudget(RelNode join) {
    super(join.getCluster(), join.getTraitSet(), join);
  }

  /** {@code plan} with every join's and correlate's output counted. */
  public static RelNode addTo(RelNode plan) {
    return plan.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        return visited instanceof EnumerableRel
            && (visited instanceof Join || visited instanceof Correlate)
            ? new RowBudget(visited) : visited;
      }
    });
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new RowBudget(sole(inputs));
  }

  @Override
  public void explain(RelWriter pw) {
    getInput().explain(pw);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
    BlockBuilder block = new BlockBuilder();
    Expression rows = block.append("rows", input.block);
    block.add(Expressions.call(RowBudget.class, "counted", rows));
    return implementor.result(input.physType, block.toBlock());
  }

  /** {@code rows}, each counted against the limits bound when it is enumerated. */
  public static <T> Enumerable<T> counted(Enumerable<T> rows) {
    return new AbstractEnumerable<T>() {
      @Override
      public Enumerator<T> enumerator() {
        StatementControl control = StatementControl.current();
        return control == null ? rows.enumerator() : counted(rows, control).enumerator();
      }
    };
  }

  /** {@code rows}, checking {@code control} at every row each enumeration yields. */
  static <T> Enumerable<T> counted(Enumerable<T> rows, StatementControl control) {
    return new AbstractEnumerable<T>() {
      @Override
      public Enumerator<T> enumerator() {
        Enumerator<T> e = rows.enumerator();
        return new Enumerator<T>() {
          @Override
          public T current() {
            return e.current();
          }

          @Override
          public boolean moveNext() {
            control.row();
            return e.moveNext();
          }

          @Override
          public void reset() {
            e.reset();
          }

          @Override
          public void close() {
            e.close();
          }
        };
      }
    };
  }
}
