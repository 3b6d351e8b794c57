package io.coagent.sql.internal;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Rejects statements nested deeper than {@link #MAX_DEPTH} (calls within calls: operators,
 * functions, subqueries) with 54001 before anything recursive sees them. The walk keeps its own
 * stack, so it cannot overflow however deep the tree is.
 */
public final class ExpressionDepth {
  /** Deepest nesting accepted; far beyond hand-written SQL, within what planning handles. */
  public static final int MAX_DEPTH = 2000;

  private ExpressionDepth() {}

  /** Throws 54001 if {@code node} nests deeper than {@link #MAX_DEPTH}. */
  public static void check(SqlNode node, String sql) throws SQLException {
    Deque<SqlNode> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(node);
    depths.push(1);
    while (!nodes.isEmpty()) {
      SqlNode n = nodes.pop();
      int d = depths.pop();
      if (d > MAX_DEPTH) {
        throw new SQLException("statement too complex: it nests expressions more than "
            + MAX_DEPTH + " deep; split it or use fewer nested terms (e.g. SUM over rows, IN"
            + " with a table): " + abbreviate(sql), SqlState.STATEMENT_TOO_COMPLEX.code());
      }
      Iterable<SqlNode> children = n instanceof SqlNodeList list ? list
          : n instanceof SqlCall call ? call.getOperandList() : java.util.List.of();
      for (SqlNode c : children) {
        if (c != null) {
          nodes.push(c);
          depths.push(n instanceof SqlNodeList ? d : d + 1);
        }
      }
    }
  }

  static String abbreviate(String sql) {
    return sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
  }
}
