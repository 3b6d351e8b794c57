package io.coagent.sql;

import io.coagent.engine.Trajectory;
import java.sql.SQLException;
import java.util.List;

/**
 * What {@link SqlSession#prepare} hands out for queries and DML: the text plus the plan it had
 * when last used. Before each use it asks the session whether the catalog version moved; only then
 * does it fetch the plan again (from the session cache, planning at most once per version), so a
 * JDBC {@code PreparedStatement} kept across DDL neither runs a stale plan nor re-plans per call.
 */
final class SessionStatement implements PreparedSql {
  private final SqlSession session;
  private final String sql;
  private PreparedSql plan;
  private long version;

  SessionStatement(SqlSession session, String sql, PreparedSql plan, long version) {
    this.session = session;
    this.sql = sql;
    this.plan = plan;
    this.version = version;
  }

  private PreparedSql plan() throws SQLException {
    synchronized (session) {
      long v = session.version();
      if (v != version) {
        plan = session.current(sql);
        version = v;
      }
      return plan;
    }
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return plan.kind();
  }

  @Override
  public int parameterCount() {
    return plan.parameterCount();
  }

  @Override
  public boolean keyLookup() {
    try {
      return plan().keyLookup();
    } catch (SQLException e) {
      return false; // a plan that cannot be made now is not a key lookup
    }
  }

  @Override
  public List<SqlColumn> columns() throws SQLException {
    return plan().columns();
  }

  @Override
  public List<SqlColumn> parameters() throws SQLException {
    return plan().parameters();
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    try {
      return plan().execute(trajectory, parameters);
    } catch (RuntimeException | StackOverflowError | AssertionError
        | ExceptionInInitializerError e) {
      throw io.coagent.sql.internal.SqlErrors.translate(e, sql);
    }
  }
}
