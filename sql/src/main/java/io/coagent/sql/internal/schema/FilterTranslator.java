package io.coagent.sql.internal.schema;

import io.coagent.engine.IndexDef;
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
    return translate(def, List.of(), filters, root);
  }

  /**
   * As {@link #translate(TableDef, List, DataContext)}, and when the primary key gives no bound,
   * chooses the secondary index of {@code indexes} whose leading columns the filters bind best
   * (most leading columns by equality, then a comparison on the next; an IN list counts as the
   * range from its smallest to its largest value): the scan then reads that index range
   * ({@link ScanPlan#index()}); no filter is removed for it (Calcite re-checks all).
   */
  public static ScanPlan translate(TableDef def, List<IndexDef> indexes, List<RexNode> filters,
      DataContext root) {
    PredicateCompiler compiler = new PredicateCompiler(root);
    List<RowPredicate> preds = new ArrayList<>();
    BitSet used = new BitSet();
    List<Integer> pk = def.primaryKey();
    KeyBounds keys = new KeyBounds(pk.size());
    List<List<KeyConjunct>> keyOnly = new ArrayList<>();
    KeyBounds[] ix = new KeyBounds[indexes.size()];
    for (int i = 0; i < ix.length; i++) {
      ix[i] = new KeyBounds(indexes.get(i).columns().size());
    }
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
        if (cmp == null && ix.length > 0) {
          inList(def, indexes, ix, compiler, c);
        }
        Object v = cmp == null || cmp.kind() == SqlKind.NOT_EQUALS ? null : orderable(def, cmp);
        for (int i = 0; v != null && i < ix.length; i++) {
          int ipos = indexes.get(i).columns().indexOf(cmp.column());
          if (ipos >= 0) {
            ix[i].add(ipos, cmp.kind(), v);
          }
        }
        int pos = cmp == null ? -1 : pk.indexOf(cmp.column());
        if (pos < 0) {
          v = null;
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
    if (point != null) {
      return new ScanPlan(point, null, predicate, used, null, null);
    }
    KeyRange range = keys.range();
    int best = -1;
    for (int i = 0; range.isAll() && i < ix.length; i++) {
      if (ix[i].bounded() && (best < 0 || better(ix[i], ix[best]))) {
        best = i;
      }
    }
    return best < 0 ? new ScanPlan(null, range, predicate, used, null, null)
        : new ScanPlan(null, range, predicate, used, indexes.get(best).name(), ix[best].range());
  }

  /**
   * An IN list (an OR of equalities of one column with constants) bounds an index on that
   * column by the list's smallest and largest value: one range holding every listed value (the
   * engine predicate, which compiles the IN list exactly, keeps the footprint precise).
   */
  private static void inList(TableDef def, List<IndexDef> indexes, KeyBounds[] ix,
      PredicateCompiler compiler, RexNode c) {
    if (c.getKind() != SqlKind.OR) {
      return;
    }
    int column = -1;
    Object min = null;
    Object max = null;
    for (RexNode d : RelOptUtil.disjunctions(c)) {
      PredicateCompiler.Comparison cmp = compiler.comparison(d);
      Object v = cmp == null || cmp.kind() != SqlKind.EQUALS ? null : orderable(def, cmp);
      if (v == null || (column >= 0 && cmp.column() != column)) {
        return;
      }
      column = cmp.column();
      min = min == null || Values.compare(v, min) < 0 ? v : min;
      max = max == null || Values.compare(v, max) > 0 ? v : max;
    }
    for (int i = 0; i < ix.length; i++) {
      int ipos = indexes.get(i).columns().indexOf(column);
      if (ipos >= 0) {
        ix[i].add(ipos, SqlKind.GREATER_THAN_OR_EQUAL, min);
        ix[i].add(ipos, SqlKind.LESS_THAN_OR_EQUAL, max);
      }
    }
  }

  /** Whether index bounds {@code a} narrow more than {@code b}: longer equality prefix first. */
  private static boolean better(KeyBounds a, KeyBounds b) {
    return a.prefix() > b.prefix();
  }

  /**
   * The comparison's constant as an exact value of the column's type that compares, in key
   * order, as SQL compares it; else null (the comparison then bounds no access path).
   */
  private static Object orderable(TableDef def, PredicateCompiler.Comparison cmp) {
    Object v = Values.exact(def.columns().get(cmp.column()), cmp.value());
    if (v instanceof Double d && (d == 0 || d.isNaN())) {
      return null; // keys order -0.0 before 0.0 and NaN last; SQL compares them otherwise
    }
    return v;
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
