package io.coagent.session;

import io.coagent.engine.Trajectory;
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
 * COMMIT} behave as they do on PostgreSQL. Its owner carries it out (the embedded driver with its
 * connection's {@link TransactionBlock}), outside any engine operation (kind {@link Kind#SYSTEM});
 * a read-only {@link SqlConnection} runs it too.
 */
public final class ControlStatement implements PreparedSql {
  /** Carries out a control statement for its connection. */
  @FunctionalInterface
  public interface Runner {
    SqlResult run(Control c) throws SQLException;
  }

  private final Runner runner;
  private final String sql;
  private final Control control;

  public ControlStatement(String sql, Control control, Runner runner) {
    this.runner = runner;
    this.sql = sql;
    this.control = control;
  }

  public Control control() {
    return control;
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

  /** A text result column of a control statement's answer ({@code SHOW}). */
  public static SqlColumn column(String label) {
    return new SqlColumn(label, "", Types.VARCHAR, "VARCHAR", Integer.MAX_VALUE, 0, false,
        String.class.getName());
  }

  /** A block's answer as a result: a {@code SHOW}'s rows of text, else an update count of 0. */
  public static SqlResult result(TransactionBlock.Result r) {
    if (!r.isQuery()) {
      return SqlResult.count(0);
    }
    List<SqlColumn> cols = new ArrayList<>();
    for (String name : r.columns()) {
      cols.add(column(name));
    }
    List<Object[]> rows = new ArrayList<>();
    for (List<String> row : r.rows()) {
      rows.add(row.toArray());
    }
    return SqlResult.rows(cols, rows);
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    return runner.run(control);
  }
}
