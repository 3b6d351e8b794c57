package io.coagent.jdbc.internal;

import io.coagent.engine.Trajectory;
import io.coagent.session.Control;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction-control or settings statement ({@link Control}: BEGIN, COMMIT, SAVEPOINT, SET,
 * SHOW, ...) prepared like SQL, so that {@code Statement.execute("COMMIT")} and a prepared {@code
 * COMMIT} behave as they do on PostgreSQL. It is carried out by the connection's {@link
 * io.coagent.session.TransactionBlock}, outside any engine operation (kind {@link Kind#SYSTEM}).
 */
final class ControlStatement implements PreparedSql {
  private final ConnectionImpl conn;
  private final String sql;
  private final Control control;

  ControlStatement(ConnectionImpl conn, String sql, Control control) {
    this.conn = conn;
    this.sql = sql;
    this.control = control;
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
    return 0;
  }

  @Override
  public List<SqlColumn> columns() {
    if (control.kind() != Control.Kind.SHOW) {
      return List.of();
    }
    List<SqlColumn> out = new ArrayList<>();
    for (String c : control.name().equals("all") ? List.of("name", "setting")
        : List.of(control.name())) {
      out.add(column(c));
    }
    return out;
  }

  static SqlColumn column(String label) {
    return new SqlColumn(label, "", Types.VARCHAR, "VARCHAR", Integer.MAX_VALUE, 0, false,
        String.class.getName());
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    return conn.control(control);
  }
}
