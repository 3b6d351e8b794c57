package io.coagent.sql.internal.schema;

import io.coagent.engine.RowPredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * Compiles {@code column [NOT] LIKE pattern [ESCAPE escape]} into an exact {@link RowPredicate}
 * for {@link PredicateCompiler}. Matching uses {@link SqlFunctions.LikeFunction}, the very method
 * Calcite's generated code calls for {@code LIKE}, so the predicate accepts exactly the rows the
 * filter accepts: the column must be a character column referenced directly (not under a CAST),
 * the pattern and escape literals or bound {@code ?} parameters. A NULL column value, pattern or
 * escape makes the filter UNKNOWN, with or without NOT, so the predicate rejects the row. Anything
 * else, including a pattern Calcite rejects (e.g. a bad escape sequence), compiles to {@code null}
 * (TRUE) and the query itself raises the error.
 */
final class LikePredicates {
  /** Thread-safe: it only caches compiled patterns, keyed by pattern and escape. */
  private static final SqlFunctions.LikeFunction LIKE = new SqlFunctions.LikeFunction();

  private LikePredicates() {}

  /**
   * {@code call}, a LIKE, as a predicate (negated for NOT LIKE), or null if not understood.
   *
   * @param constants the value of a constant operand as a one-element array, or null if the
   *     operand is not constant
   */
  static RowPredicate compile(RexCall call, boolean negated,
      Function<RexNode, Object[]> constants) {
    List<RexNode> ops = call.getOperands();
    if (call.getOperator() != SqlStdOperatorTable.LIKE || ops.size() < 2 || ops.size() > 3
        || !(ops.get(0) instanceof RexInputRef ref)
        || !SqlTypeFamily.CHARACTER.contains(ref.getType())) {
      return null;
    }
    List<Object> args = new ArrayList<>();
    for (RexNode o : ops.subList(1, ops.size())) {
      Object[] k = constants.apply(o);
      if (k == null || k[0] != null && !(k[0] instanceof String)) {
        return null;
      }
      args.add(k[0]);
    }
    if (args.contains(null)) {
      return v -> false;
    }
    String p = (String) args.get(0);
    String esc = args.size() == 2 ? (String) args.get(1) : null;
    try {
      matches("", p, esc);
    } catch (RuntimeException malformed) {
      return null;
    }
    int c = ref.getIndex();
    return v -> v[c] instanceof String s ? matches(s, p, esc) != negated : v[c] != null;
  }

  private static boolean matches(String s, String pattern, String escape) {
    return escape == null ? LIKE.like(s, pattern) : LIKE.like(s, pattern, escape);
  }
}
