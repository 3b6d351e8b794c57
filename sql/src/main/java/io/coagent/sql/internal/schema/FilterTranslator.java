package io.coagent.sql.internal.schema;

import io.coagent.engine.Key;
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
 * <p>Conjuncts comparing a primary-key column with a constant ({@code =, <, <=, >, >=}, BETWEEN,
 * IN of one value) choose the key access path ({@link KeyBounds}): a point read when every key
 * column is bound by equality, a prefix range when leading columns of a composite key are, a range
 * when the next key column is compared. Filters made only of conjuncts the path enforces exactly
 * are removed from {@code filters}. Every conjunct is also compiled, where possible, into the
 * engine {@link RowPredicate} ({@link PredicateCompiler}); conjuncts it cannot compile count as
 * TRUE, which keeps the predicate a superset. Calcite re-applies the filters left in the list, so
 * results stay exact.
 */
public final class FilterTranslator {
  private static final RexBuilder REX = new RexBuilder(new JavaTypeFactoryImpl());

  private FilterTranslator() {}

  /** A key conjunct: key position and comparison kind. */
  private record KeyConjunct(int pos, SqlKind kind) {}

  public static ScanPlan translate(TableDef def, List<RexNode> filters, DataContext root) {
    PredicateCompiler compiler = new PredicateCompiler(root);
    List<RowPredicate> preds = new ArrayList<>();
    BitSet used = new BitSet();
    List<Integer> pk = def.primaryKey();
    KeyBounds keys = new KeyBounds(pk.size());
    List<List<KeyConjunct>> keyOnly = new ArrayList<>();
    for (RexNode f : filters) {
      used.or(RelOptUtil.InputFinder.bits(f).toBitSet());
      RowPredicate p = compiler.compile(f);
      if (p != null) {
        preds.add(p);
      }
      RexNode e = f.getKind() == SqlKind.SEARCH ? RexUtil.expandSearch(REX, null, f) : f;
      List<KeyConjunct> conjuncts = new ArrayList<>();
      for (RexNode c : RelOptUtil.conjunctions(e)) {
        PredicateCompiler.Comparison cmp = compiler.comparison(c);
        int pos = cmp == null ? -1 : pk.indexOf(cmp.column());
        Object v = pos < 0 ? null
            : Values.exact(def.columns().get(cmp.column()), cmp.value());
        if (v instanceof Double d && (d == 0 || d.isNaN())) {
          v = null; // keys order -0.0 before 0.0 and NaN last; SQL compares them otherwise
        }
        if (v == null || cmp.kind() == SqlKind.NOT_EQUALS) {
          conjuncts = null;
          continue;
        }
        keys.add(pos, cmp.kind(), v);
        if (conjuncts != null) {
          conjuncts.add(new KeyConjunct(pos, cmp.kind()));
        }
      }
      keyOnly.add(conjuncts);
    }
    List<RexNode> handled = new ArrayList<>();
    for (int i = 0; i < filters.size(); i++) {
      List<KeyConjunct> conjuncts = keyOnly.get(i);
      if (conjuncts != null && !conjuncts.isEmpty()
          && conjuncts.stream().allMatch(k -> keys.exact(k.pos(), k.kind()))) {
        handled.add(filters.get(i));
      }
    }
    filters.removeAll(handled);
    RowPredicate predicate = and(preds);
    Key point = keys.point();
    return point != null ? new ScanPlan(point, null, predicate, used)
        : new ScanPlan(null, keys.range(), predicate, used);
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
}
