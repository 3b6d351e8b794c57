package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
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
 * A query with {@code FOR SYSTEM_TIME AS OF ?}: the time is part of the relation name the
 * snapshot is rewritten to ({@link TimeTravel}), so the text is rewritten at each execution with
 * the bound times, and the rewrite runs (planned once per distinct time, by the Calcite session's
 * plan cache) with the remaining parameters, which keep their order.
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
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    String planned = TimeTravel.rewrite(store, sql, node, parameters);
    List<Object> rest = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      if (!timeParams.contains(i)) {
        rest.add(parameters.get(i));
      }
    }
    PreparedSql q = historyOnly ? new SysQuery(calcite, planned)
        : new QueryStatement(calcite, sql, planned);
    return q.execute(trajectory, rest);
  }
}
