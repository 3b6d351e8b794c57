package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.ThreadBinding;
import io.coagent.sql.internal.exec.CalciteSession;
import io.coagent.sql.internal.exec.QueryStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A query with {@code FOR SYSTEM_TIME AS OF ?}: each such snapshot is rewritten to the relation
 * of its parameter ({@link TimeTravel}), a text that does not depend on the times, so Calcite
 * plans it once; at each execution the bound times are checked and made current for the scans
 * ({@link AsOfTimes}), and the rewrite runs with the remaining parameters, which keep their order.
 */
public final class TimeTravelQuery implements PreparedSql {
  private final CoStore store;
  private final CalciteSession calcite;
  private final String sql;
  private final SqlNode node;
  private final boolean historyOnly;
  private final Set<Integer> timeParams;
  private final int parameterCount;

  public TimeTravelQuery(CoStore store, CalciteSession calcite, String sql, SqlNode node,
      boolean historyOnly, Set<Integer> timeParams) {
    this.store = store;
    this.calcite = calcite;
    this.sql = sql;
    this.node = node;
    this.historyOnly = historyOnly;
    this.timeParams = timeParams;
    int[] max = {0};
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam p) {
        max[0] = Math.max(max[0], p.getIndex() + 1);
        return null;
      }
    });
    this.parameterCount = max[0];
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return historyOnly ? Kind.SYSTEM : Kind.QUERY;
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  @SuppressWarnings("try") // the binding is used by the scans the query runs, not in the body
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    // the text is the same for every time (the plan is cached once); rewriting again each time
    // checks the bound times and keeps the relation names listed for a re-plan after DDL
    TimeTravel.Rewritten planned = TimeTravel.rewriteParameterized(store, sql, node, parameters);
    List<Object> rest = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      if (!timeParams.contains(i)) {
        rest.add(parameters.get(i));
      }
    }
    PreparedSql q = historyOnly ? new SysQuery(calcite, planned.sql())
        : new QueryStatement(calcite, sql, planned.sql());
    try (ThreadBinding.Scope bound = AsOfTimes.bind(planned.times())) {
      return q.execute(trajectory, rest);
    }
  }
}
