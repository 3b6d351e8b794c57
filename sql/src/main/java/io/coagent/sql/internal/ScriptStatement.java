package io.coagent.sql.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.Savepoint;
import io.coagent.engine.SqlState;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@code ;}-separated INSERT/UPDATE/DELETE statements executed as one JDBC call, in
 * order, so that an {@code UNDO_SQL} script (the inverse of a multi-row statement) can be run as
 * it is shown. Each statement is its own operation of the trajectory (with its own OP_ID and
 * UNDO_SQL). The script is all or nothing: if one statement fails, the ones before it are rolled
 * back (to a savepoint taken at the start) and the failure names the statement's position. The
 * update count is the sum of the statements' counts. Scripts take no parameters.
 */
final class ScriptStatement implements PreparedSql {
  private final String sql;
  private final List<PreparedSql> parts;

  private ScriptStatement(String sql, List<PreparedSql> parts) {
    this.sql = sql;
    this.parts = parts;
  }

  static PreparedSql of(StatementFactory factory, String sql, List<String> texts)
      throws SQLException {
    List<PreparedSql> parts = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      PreparedSql p = factory.create(texts.get(i));
      if (p.kind() != Kind.UPDATE || p.parameterCount() > 0) {
        throw SqlErrors.of(SqlErrors.FEATURE, "statement " + (i + 1) + " of a script of "
            + texts.size() + " statements is not a parameterless INSERT, UPDATE or DELETE: "
            + texts.get(i) + "; a script may only hold those (as UNDO_SQL does), so run it on "
            + "its own");
      }
      parts.add(p);
    }
    return new ScriptStatement(sql, List.copyOf(parts));
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return Kind.UPDATE;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    if (trajectory == null) {
      throw new SQLException("statement needs a trajectory: " + sql, SqlState.INVALID_TRANSACTION_STATE.code());
    }
    Savepoint start;
    try {
      start = trajectory.savepoint();
    } catch (CoAgentException e) {
      throw SqlErrors.translate(e, sql);
    }
    long count = 0;
    List<Object[]> keys = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      try {
        SqlResult r = parts.get(i).execute(trajectory, List.of());
        count += r.updateCount();
        keys.addAll(r.generatedKeys());
      } catch (SQLException e) {
        rollback(trajectory, start, e);
        SQLException s = new SQLException("statement " + (i + 1) + " of " + parts.size()
            + " of the script failed, so the script had no effect: " + e.getMessage(),
            e.getSQLState(), e.getErrorCode(), e);
        throw s;
      }
    }
    return SqlResult.count(count, keys);
  }

  private static void rollback(Trajectory t, Savepoint start, SQLException failure) {
    try {
      t.rollbackTo(start);
    } catch (CoAgentException e) {
      failure.addSuppressed(e);
    }
  }
}
