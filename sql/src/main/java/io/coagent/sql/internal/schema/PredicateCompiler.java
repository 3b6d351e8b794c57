package io.coagent.sql.internal.schema;

import io.coagent.engine.RowPredicate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.TimestampString;

/**
 * Compiles pushed Calcite filters into pure {@link RowPredicate}s over engine row values.
 *
 * <p>Contract: a compiled predicate accepts every row the filter accepts (a superset); anything it
 * cannot prove exact compiles to {@code null}, meaning TRUE, and widens the footprint while
 * Calcite's Filter above the scan still applies the condition. Handled: AND, OR, SEARCH (IN,
 * BETWEEN), comparisons of a column (directly or under a CAST that {@link ExactCasts} proves
 * value-preserving; a narrowing CAST such as {@code CAST(d AS INTEGER)} is not) with a literal of
 * a character, exact or approximate numeric, BOOLEAN or TIMESTAMP type or a bound dynamic
 * parameter, IS [NOT] NULL, and [NOT] LIKE of a character column with an optional ESCAPE, which
 * {@link LikePredicates} compiles exactly with Calcite's own LIKE. Approximate numbers compare as
 * Calcite's generated code compares them ({@code -0.0 = 0}, NaN equal to nothing). NOT is
 * understood only over LIKE: negating a superset would not give a superset. Parameter values are
 * bound at scan time, so the predicate is constant for the life of the footprint, as the engine
 * requires. {@code PredicateCompilerDifferentialTest} checks the contract against Calcite's own
 * evaluation on generated rows.
 */
final class PredicateCompiler {
  private static final RexBuilder REX = new RexBuilder(new JavaTypeFactoryImpl());

  private final DataContext root;

  PredicateCompiler(DataContext root) {
    this.root = root;
  }

  /** A column-versus-constant comparison with the column on the left. */
  record Comparison(int column, SqlKind kind, Object value, RelDataType columnType) {}

  /**
   * A compiled condition: {@code predicate} (null: TRUE) accepts every row the condition accepts;
   * {@code exact} claims it accepts no other (the condition is TRUE exactly where it holds).
   */
  record Compiled(RowPredicate predicate, boolean exact) {
    static final Compiled TRUE = new Compiled(null, false);
  }

  RowPredicate compile(RexNode n) {
    return compileExact(n).predicate();
  }

  Compiled compileExact(RexNode n) {
    switch (n.getKind()) {
      case AND -> {
        List<RowPredicate> ps = new ArrayList<>();
        boolean exact = true;
        for (RexNode o : ((RexCall) n).getOperands()) {
          Compiled c = compileExact(o);
          exact &= c.exact();
          if (c.predicate() != null) {
            ps.add(c.predicate());
          }
        }
        return ps.isEmpty() ? Compiled.TRUE
            : new Compiled(v -> ps.stream().allMatch(p -> p.test(v)), exact);
      }
      case OR -> {
        List<RowPredicate> ps = new ArrayList<>();
        boolean exact = true;
        for (RexNode o : ((RexCall) n).getOperands()) {
          Compiled c = compileExact(o);
          if (c.predicate() == null) {
            return Compiled.TRUE;
          }
          exact &= c.exact();
          ps.add(c.predicate());
        }
        return new Compiled(v -> ps.stream().anyMatch(p -> p.test(v)), exact);
      }
      case SEARCH -> {
        return compileExact(RexUtil.expandSearch(REX, null, n));
      }
      case LIKE -> {
        return like(LikePredicates.compile((RexCall) n, false, this::constant));
      }
      case NOT -> {
        RexNode o = ((RexCall) n).getOperands().get(0);
        return o.getKind() == SqlKind.LIKE
            ? like(LikePredicates.compile((RexCall) o, true, this::constant)) : Compiled.TRUE;
      }
      case IS_NULL, IS_NOT_NULL -> {
        int c = column(((RexCall) n).getOperands().get(0));
        if (c < 0) {
          return Compiled.TRUE;
        }
        boolean wantNull = n.getKind() == SqlKind.IS_NULL;
        return new Compiled(v -> (v[c] == null) == wantNull, true);
      }
      default -> {
        Comparison cmp = comparison(n);
        return cmp == null || cmp.value() == null ? Compiled.TRUE
            : new Compiled(test(cmp), sameClass(cmp));
      }
    }
  }

  /** LIKE compiles exactly (Calcite's own matcher) or not at all. */
  private static Compiled like(RowPredicate p) {
    return p == null ? Compiled.TRUE : new Compiled(p, true);
  }

  /**
   * Whether the constant is of the Java class the column's values have, so the comparison never
   * falls back to TRUE on values it cannot compare.
   */
  private static boolean sameClass(Comparison cmp) {
    Object k = cmp.value();
    SqlTypeName t = cmp.columnType().getSqlTypeName();
    return switch (t) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, DOUBLE, FLOAT, REAL -> k instanceof Number;
      case CHAR, VARCHAR -> k instanceof String;
      case BOOLEAN -> k instanceof Boolean;
      case TIMESTAMP -> k instanceof Long;
      default -> false;
    };
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
      if (x instanceof Number a && k instanceof Number b && (approximate(a) || approximate(b))) {
        return compareDoubles(a.doubleValue(), b.doubleValue(), kind);
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

  private static boolean approximate(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  /**
   * SQL comparison of approximate numbers, as Calcite's generated code makes it (Java's primitive
   * operators): {@code -0.0 = 0} holds, and NaN compares unequal to everything, itself included.
   */
  private static boolean compareDoubles(double a, double b, SqlKind kind) {
    return switch (kind) {
      case EQUALS -> a == b;
      case NOT_EQUALS -> a != b;
      case LESS_THAN -> a < b;
      case LESS_THAN_OR_EQUAL -> a <= b;
      case GREATER_THAN -> a > b;
      default -> a >= b;
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
    return value == null ? null : new Comparison(col, kind, value[0], columnType(a));
  }

  /**
   * The column {@code n} reads, directly or under CASTs that {@link ExactCasts} proves
   * value-preserving (so comparing the stored value gives the same answer as comparing the cast
   * one), or -1.
   */
  static int column(RexNode n) {
    if (n instanceof RexInputRef ref) {
      return ref.getIndex();
    }
    if (n.getKind() == SqlKind.CAST) {
      RexNode inner = ((RexCall) n).getOperands().get(0);
      return ExactCasts.exact(inner.getType(), n.getType()) ? column(inner) : -1;
    }
    return -1;
  }

  /** The type of the column under {@code n}'s exact CASTs. */
  private static RelDataType columnType(RexNode n) {
    return n instanceof RexInputRef ? n.getType() : columnType(((RexCall) n).getOperands().get(0));
  }

  /** A one-element array holding the constant's value, or null if {@code n} is not constant. */
  private Object[] constant(RexNode n) {
    if (n instanceof RexLiteral lit) {
      if (lit.isNull()) {
        return new Object[] {null};
      }
      return switch (lit.getTypeName()) {
        case CHAR, VARCHAR -> new Object[] {lit.getValueAs(String.class)};
        case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL ->
            new Object[] {lit.getValueAs(BigDecimal.class)};
        // an approximate literal compares as the double Calcite's code holds, not as its digits
        case DOUBLE, FLOAT, REAL -> new Object[] {lit.getValueAs(Double.class)};
        case BOOLEAN -> new Object[] {lit.getValueAs(Boolean.class)};
        case TIMESTAMP ->
            new Object[] {lit.getValueAs(TimestampString.class).getMillisSinceEpoch()};
        default -> null;
      };
    }
    if (n instanceof RexDynamicParam p && root != null) {
      Object v = root.get("?" + p.getIndex());
      if (v instanceof java.sql.Timestamp ts
          && p.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP) {
        // the conversion Calcite's code applies to a Timestamp it compares as TIMESTAMP
        return new Object[] {SqlFunctions.toLong(ts)};
      }
      return v == null || v instanceof Number || v instanceof Boolean || v instanceof String
          ? new Object[] {v} : null;
    }
    return null;
  }

}
