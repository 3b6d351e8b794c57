package io.coagent.sql.internal.sys;

import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.exec.CalciteSession;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A query that reads only SYS tables: planned by Calcite like any query but run without an
 * engine operation (metadata is not an MTPO read), so it logs nothing and needs no trajectory.
 */
final class SysQuery implements PreparedSql {
  private final CalciteSession calcite;
  private final String sql;
  private final PreparedStatement plan;
  private final List<SqlColumn> columns;
  private final int parameterCount;

  SysQuery(CalciteSession calcite, String sql) throws SQLException {
    this.calcite = calcite;
    this.sql = sql;
    this.plan = calcite.plan(sql);
    this.columns = calcite.columns(plan);
    this.parameterCount = plan.getParameterMetaData().getParameterCount();
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return Kind.SYSTEM;
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    return SqlResult.rows(columns, calcite.run(plan, parameters, sql));
  }
}
