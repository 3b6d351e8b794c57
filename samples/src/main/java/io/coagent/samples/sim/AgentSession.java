package io.coagent.samples.sim;

import io.coagent.engine.OperationInfo;
import io.coagent.jdbc.CoAgentConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent's JDBC connection, as its tools use it: statements are prepared once per SQL text and
 * reused across trajectories (the driver caches plans per connection), and the time each statement
 * spends blocked is accumulated (under SERIALIZABLE that is lock waiting).
 */
public final class AgentSession {
  private final Connection connection;
  private final CoAgentConnection co;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  private long statementNanos;

  public AgentSession(Connection connection) throws SQLException {
    this.connection = connection;
    this.co = connection.unwrap(CoAgentConnection.class);
  }

  public Connection connection() {
    return connection;
  }

  public CoAgentConnection co() {
    return co;
  }

  /** Total time spent inside statements since the last {@link #takeStatementNanos()}. */
  public long takeStatementNanos() {
    long n = statementNanos;
    statementNanos = 0;
    return n;
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = prepared.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    return ps;
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }

  public ReadResult query(ToolCall.Query q) throws SQLException {
    PreparedStatement ps = prepare(q.sql());
    bind(ps, q.params());
    long start = System.nanoTime();
    try (ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> cols = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add(md.getColumnLabel(i).toUpperCase(java.util.Locale.ROOT));
      }
      List<Rec> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> v = new ArrayList<>(cols.size());
        for (int i = 1; i <= cols.size(); i++) {
          v.add(Rec.norm(rs.getObject(i)));
        }
        rows.add(new Rec(cols, v));
      }
      return new ReadResult(q, cols, ReadResult.index(rows));
    } finally {
      statementNanos += System.nanoTime() - start;
    }
  }

  public int write(ToolCall.Write w) throws SQLException {
    PreparedStatement ps = prepare(w.sql());
    bind(ps, w.params());
    long start = System.nanoTime();
    try {
      return ps.executeUpdate();
    } finally {
      statementNanos += System.nanoTime() - start;
    }
  }

  /** Runs a statement without parameters (DDL, setup), prepared once per text. */
  public int run(String sql) throws SQLException {
    return prepare(sql).executeUpdate();
  }

  /** The id of the trajectory's newest operation (the statement just run). */
  public long lastOperation() throws SQLException {
    List<OperationInfo> ops = co.operations();
    if (ops.isEmpty()) {
      throw new SQLException("no operation recorded for agent " + co.agent());
    }
    return ops.get(ops.size() - 1).id();
  }

  /**
   * Takes the agent's place in the order now: begins (or joins) its trajectory. {@code rank()}
   * only looks; a savepoint needs the trajectory, so it begins one without running a statement.
   */
  public void takePlace() throws SQLException {
    if (co.rank().isEmpty()) {
      connection.setSavepoint();
    }
  }

  /** Ends any active trajectory (cleanup after a failed trial). */
  public void abortQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // the trajectory is gone already
    }
  }

  public void close() {
    for (PreparedStatement ps : prepared.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
