package io.coagent.sql.internal.schema;

import io.coagent.engine.RowPredicate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Compiles pushed Calcite filters into pure {@link RowPredicate}s over engine row values.
 *
 * <p>Contract: a compiled predicate accepts every row the filter accepts (a superset); anything it
 * does not understand compiles to {@code null}, meaning TRUE. Handled: AND, OR, SEARCH (IN,
 * BETWEEN), comparisons of a column (optionally under a numeric CAST) with a literal or a dynamic
 * parameter, IS [NOT] NULL, and [NOT] LIKE of a character column with an optional ESCAPE, which
 * {@link LikePredicates} compiles exactly with Calcite's own LIKE. NOT is understood only over
 * LIKE: negating a superset would not give a superset. Parameter values are bound at scan time, so
 * the predicate is constant for the life of the footprint, as the engine requires.
 */
final class PredicateCompiler {
  private static final RexBuilder REX = new RexBuilder(new JavaTypeFactoryImpl());

  private final DataContext root;

  PredicateCompiler(DataContext root) {
    this.root = root;
  }

  /** A column-versus-constant comparison with the column on the left. */
  record Comparison(int column, SqlKind kind, Object value) {}

  RowPredicate compile(RexNode n) {
    switch (n.getKind()) {
      case AND -> {
        List<RowPredicate> ps = new ArrayList<>();
        for (RexNode o : ((RexCall) n).getOperands()) {
          RowPredicate p = compile(o);
          if (p != null) {
            ps.add(p);
          }
        }
        return ps.isEmpty() ? null : v -> ps.stream().allMatch(p -> p.test(v));
      }
      case OR -> {
        List<RowPredicate> ps = new ArrayList<>();
        for (RexNode o : ((RexCall) n).getOperands()) {
          RowPredicate p = compile(o);
          if (p == null) {
            return null;
          }
          ps.add(p);
        }
        return v -> ps.stream().anyMatch(p -> p.test(v));
      }
      case SEARCH -> {
        return compile(RexUtil.expandSearch(REX, null, n));
      }
      case LIKE -> {
        return LikePredicates.compile((RexCall) n, false, this::constant);
      }
      case NOT -> {
        RexNode o = ((RexCall) n).getOperands().get(0);
        return o.getKind() == SqlKind.LIKE
            ? LikePredicates.compile((RexCall) o, true, this::constant) : null;
      }
      case IS_NULL, IS_NOT_NULL -> {
        int c = column(((RexCall) n).getOperands().get(0));
        if (c < 0) {
          return null;
        }
        boolean wantNull = n.getKind() == SqlKind.IS_NULL;
        return v -> (v[c] == null) == wantNull;
      }
      default -> {
        Comparison cmp = comparison(n);
        return cmp == null || cmp.value() == null ? null : test(cmp);
      }
    }
  }

  private static RowPredicate test(Comparison cmp) {
    int c = cmp.column();
    Object k = cmp.value();
    SqlKind kind = cmp.kind();
    return v -> {
      Object x = v[c];
      if (x == null) {
        return false;
      }
      int r;
      try {
        r = Values.compare(x, k);
      } catch (ClassCastException e) {
        return true;
      }
      return switch (kind) {
        case EQUALS -> r == 0;
        case NOT_EQUALS -> r != 0;
        case LESS_THAN -> r < 0;
        case LESS_THAN_OR_EQUAL -> r <= 0;
        case GREATER_THAN -> r > 0;
        default -> r >= 0;
      };
    };
  }

  /** The comparison {@code n} as column-op-constant, or null. */
  Comparison comparison(RexNode n) {
    if (!(n instanceof RexCall call) || call.getOperands().size() != 2
        || !SqlKind.COMPARISON.contains(n.getKind()) || n.getKind() == SqlKind.IS_DISTINCT_FROM
        || n.getKind() == SqlKind.IS_NOT_DISTINCT_FROM) {
      return null;
    }
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    SqlKind kind = n.getKind();
    int col = column(a);
    if (col < 0) {
      col = column(b);
      RexNode t = a;
      a = b;
      b = t;
      kind = kind.reverse();
    }
    if (col < 0) {
      return null;
    }
    Object[] value = constant(b);
    return value == null ? null : new Comparison(col, kind, value[0]);
  }

  private static int column(RexNode n) {
    if (n instanceof RexInputRef ref) {
      return ref.getIndex();
    }
    if (n.getKind() == SqlKind.CAST) {
      RexNode inner = ((RexCall) n).getOperands().get(0);
      if (SqlTypeFamily.NUMERIC.contains(inner.getType())
          && SqlTypeFamily.NUMERIC.contains(n.getType()) && inner instanceof RexInputRef ref) {
        return ref.getIndex();
      }
    }
    return -1;
  }

  /** A one-element array holding the constant's value, or null if {@code n} is not constant. */
  private Object[] constant(RexNode n) {
    if (n instanceof RexLiteral lit) {
      Object v = lit.getValue();
      if (v instanceof NlsString s) {
        return new Object[] {s.getValue()};
      }
      if (v instanceof TimestampString ts) {
        return new Object[] {ts.getMillisSinceEpoch()};
      }
      if (v == null || v instanceof Number || v instanceof Boolean) {
        return new Object[] {v};
      }
      return null;
    }
    if (n instanceof RexDynamicParam p && root != null) {
      Object v = root.get("?" + p.getIndex());
      if (v instanceof java.util.Date d) {
        v = d.getTime();
      }
      return v == null || v instanceof Number || v instanceof Boolean || v instanceof String
          ? new Object[] {v} : null;
    }
    return null;
  }

}
