package io.coagent.sql.internal.exec;

import io.coagent.engine.OpKind;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A query (SELECT, set operations, VALUES, EXPLAIN) planned once by Calcite and run as one QUERY
 * operation; every table read goes through that operation and registers its footprint.
 */
public final class QueryStatement implements PreparedSql {
  private final CalciteSession calcite;
  private final String sql;
  private final PreparedStatement plan;
  private final List<SqlColumn> columns;
  private final int parameterCount;

  public QueryStatement(CalciteSession calcite, String sql) throws SQLException {
    this(calcite, sql, sql);
  }

  /** A query written as {@code sql} and planned as {@code planned} (e.g. time travel rewritten). */
  public QueryStatement(CalciteSession calcite, String sql, String planned) throws SQLException {
    this.calcite = calcite;
    this.sql = sql;
    this.plan = calcite.plan(planned);
    this.columns = calcite.columns(plan);
    this.parameterCount = plan.getParameterMetaData().getParameterCount();
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return Kind.QUERY;
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  /** The result columns as Calcite typed them (the key-lookup fast path reports the same). */
  @Override
  public List<SqlColumn> columns() {
    return columns;
  }

  @Override
  public List<SqlColumn> parameters() throws SQLException {
    return CalciteSession.parameters(plan);
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    return Ops.run(trajectory, OpKind.QUERY, sql,
        op -> SqlResult.rows(columns, calcite.run(plan, parameters, sql)));
  }
}
