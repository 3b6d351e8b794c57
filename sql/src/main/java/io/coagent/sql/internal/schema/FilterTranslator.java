package io.coagent.sql.internal.schema;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.TableDef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns the filters Calcite pushes into a table scan into a {@link ScanPlan}.
 *
 * <p>Conjuncts on a single-column primary key ({@code =, <, <=, >, >=}, BETWEEN) become the key
 * range and are removed from {@code filters} (the range enforces them exactly); equality on every
 * column of a composite key becomes a point read. Every conjunct is also compiled, where possible,
 * into the engine {@link RowPredicate} ({@link PredicateCompiler}); conjuncts it cannot compile
 * count as TRUE, which keeps the predicate a superset. Calcite re-applies the filters left in the
 * list, so results stay exact.
 */
public final class FilterTranslator {
  private static final RexBuilder REX = new RexBuilder(new JavaTypeFactoryImpl());

  private FilterTranslator() {}

  public static ScanPlan translate(TableDef def, List<RexNode> filters, DataContext root) {
    PredicateCompiler compiler = new PredicateCompiler(root);
    List<RowPredicate> preds = new ArrayList<>();
    BitSet used = new BitSet();
    List<Integer> pk = def.primaryKey();
    Object[] eq = new Object[pk.size()];
    Bound low = null;
    Bound high = null;
    List<RexNode> handled = new ArrayList<>();
    for (RexNode f : filters) {
      used.or(RelOptUtil.InputFinder.bits(f).toBitSet());
      RowPredicate p = compiler.compile(f);
      if (p != null) {
        preds.add(p);
      }
      RexNode e = f.getKind() == SqlKind.SEARCH ? RexUtil.expandSearch(REX, null, f) : f;
      boolean allKey = !pk.isEmpty();
      for (RexNode c : RelOptUtil.conjunctions(e)) {
        PredicateCompiler.Comparison cmp = compiler.comparison(c);
        int pos = cmp == null ? -1 : pk.indexOf(cmp.column());
        Object v = pos < 0 ? null
            : Values.exact(def.columns().get(cmp.column()).type(), cmp.value());
        if (v == null || cmp.kind() == SqlKind.NOT_EQUALS) {
          allKey = false;
          continue;
        }
        if (cmp.kind() == SqlKind.EQUALS) {
          eq[pos] = v;
        } else if (pk.size() > 1) {
          allKey = false;
        } else if (cmp.kind() == SqlKind.GREATER_THAN || cmp.kind() == SqlKind.GREATER_THAN_OR_EQUAL) {
          low = Bound.tighter(low, new Bound(v, cmp.kind() == SqlKind.GREATER_THAN_OR_EQUAL), true);
        } else {
          high = Bound.tighter(high, new Bound(v, cmp.kind() == SqlKind.LESS_THAN_OR_EQUAL), false);
        }
      }
      if (allKey && pk.size() == 1) {
        handled.add(f);
      }
    }
    RowPredicate predicate = and(preds);
    boolean fullPoint = !pk.isEmpty();
    for (Object o : eq) {
      fullPoint &= o != null;
    }
    if (fullPoint) {
      if (pk.size() > 1) {
        return new ScanPlan(Key.of(eq), null, predicate, used);
      }
      low = Bound.tighter(low, new Bound(eq[0], true), true);
      high = Bound.tighter(high, new Bound(eq[0], true), false);
    }
    filters.removeAll(handled);
    if (low != null && high != null && low.value().equals(high.value()) && low.inclusive()
        && high.inclusive()) {
      return new ScanPlan(Key.of(low.value()), null, predicate, used);
    }
    KeyRange range = new KeyRange(
        low == null ? null : Key.of(low.value()), low == null || low.inclusive(),
        high == null ? null : Key.of(high.value()), high == null || high.inclusive());
    return new ScanPlan(null, range, predicate, used);
  }

  private static RowPredicate and(List<RowPredicate> preds) {
    if (preds.isEmpty()) {
      return RowPredicate.TRUE;
    }
    if (preds.size() == 1) {
      return preds.get(0);
    }
    RowPredicate[] ps = preds.toArray(RowPredicate[]::new);
    return values -> {
      for (RowPredicate p : ps) {
        if (!p.test(values)) {
          return false;
        }
      }
      return true;
    };
  }

  /** One end of a single-column key range. */
  record Bound(Object value, boolean inclusive) {
    static Bound tighter(Bound old, Bound b, boolean lower) {
      if (old == null) {
        return b;
      }
      int c = Values.compare(b.value, old.value);
      if (c == 0) {
        return b.inclusive ? old : b;
      }
      return (c > 0) == lower ? b : old;
    }
  }
}
