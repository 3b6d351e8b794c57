package io.coagent.samples.sim;

import io.coagent.engine.SqlState;
import io.coagent.jdbc.CoAgentConnection;
import io.coagent.jdbc.Operation;
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
 *
 * <p>On a PostgreSQL peer ({@code versioned}: every table has a trailing {@code VERSION} column)
 * the column is hidden from results, so agents and the oracle see the same rows. Two modes
 * implement the PostgreSQL strategies at the tool layer, as an agent framework would: reads
 * {@code FOR UPDATE} (pessimistic: the row locks are held to commit, through the inferences), and
 * version checking (optimistic, as Letta's blocks: a read remembers each row's version, an UPDATE
 * or DELETE of a row read adds {@code AND VERSION = ?} and bumps the version, and a zero count is
 * a conflict, raised as {@code 40001} so the agent restarts its trajectory).
 */
public final class AgentSession {
  private final Connection connection;
  private final CoAgentConnection co;
  private final boolean versioned;
  /** A {@code jdbc:coagent://} connection (pgjdbc underneath). */
  private final boolean remote;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  /** Version of each row read in the current transaction, by footprint (version checking). */
  private final Map<String, Long> versions = new HashMap<>();
  private boolean forUpdate;
  private boolean versionChecked;
  private long statementNanos;

  public AgentSession(Connection connection) throws SQLException {
    this(connection, false);
  }

  /** {@code versioned}: the store's tables carry a hidden trailing {@code VERSION} column. */
  public AgentSession(Connection connection, boolean versioned) throws SQLException {
    this.connection = connection;
    this.co = connection.isWrapperFor(CoAgentConnection.class)
        ? connection.unwrap(CoAgentConnection.class) : null;
    this.versioned = versioned;
    this.remote = co != null && connection.isWrapperFor(org.postgresql.PGConnection.class);
    if (connection.getAutoCommit()) { // pgjdbc and jdbc:coagent:// start in auto-commit
      connection.setAutoCommit(false);
    }
  }

  /**
   * Sets the isolation level. A remote CoAgent connection is always MTPO (the server ignores SET
   * TRANSACTION, and pgjdbc knows no MTPO level), so nothing is sent for it.
   */
  public void isolation(int level) throws SQLException {
    if (!remote) {
      connection.setTransactionIsolation(level);
    }
  }

  /** Sets the PostgreSQL strategy modes for the next trial (see the class comment). */
  public void mode(boolean readsForUpdate, boolean checkVersions) {
    if ((readsForUpdate || checkVersions) && !versioned) {
      throw new IllegalStateException("row locks and version checks are PostgreSQL strategies;"
          + " this session's store has no VERSION column");
    }
    this.forUpdate = readsForUpdate;
    this.versionChecked = checkVersions;
    versions.clear();
  }

  public Connection connection() {
    return connection;
  }

  /** The CoAgent view of the connection; fails on a PostgreSQL peer, which has none. */
  public CoAgentConnection co() {
    if (co == null) {
      throw new IllegalStateException("not a CoAgent connection: MTPO needs the CoAgent driver");
    }
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
    PreparedStatement ps = prepare(forUpdate ? q.sql() + " FOR UPDATE" : q.sql());
    bind(ps, q.params());
    long start = System.nanoTime();
    try (ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> cols = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add(md.getColumnLabel(i).toUpperCase(java.util.Locale.ROOT));
      }
      int version = versioned ? cols.lastIndexOf(VERSION) : -1;
      if (version >= 0) {
        cols.remove(version);
      }
      List<Rec> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> v = new ArrayList<>(cols.size());
        for (int i = 1; i <= cols.size(); i++) {
          v.add(Rec.norm(rs.getObject(i)));
        }
        if (version >= 0 && versionChecked) {
          versions.put(q.table() + "/" + v.get(0), rs.getLong(version + 1));
        }
        rows.add(new Rec(cols, v));
      }
      return new ReadResult(q, cols, ReadResult.index(rows));
    } finally {
      statementNanos += System.nanoTime() - start;
    }
  }

  public int write(ToolCall.Write w) throws SQLException {
    if (versionChecked) {
      return checkedWrite(w);
    }
    PreparedStatement ps = prepare(w.sql());
    bind(ps, w.params());
    long start = System.nanoTime();
    try {
      return ps.executeUpdate();
    } finally {
      statementNanos += System.nanoTime() - start;
    }
  }

  /** The hidden column of the PostgreSQL peers' optimistic strategy. */
  public static final String VERSION = "VERSION";

  /**
   * A write under version checking: an UPDATE bumps the row's version; an UPDATE or DELETE of a
   * row this transaction read requires the version read, and a zero count means another agent
   * committed a change since: {@code 40001}, the trajectory restarts.
   */
  private int checkedWrite(ToolCall.Write w) throws SQLException {
    String sql = w.sql();
    String fp = w.footprint();
    Long seen = versions.get(fp);
    boolean update = sql.startsWith("UPDATE ");
    boolean delete = sql.startsWith("DELETE ");
    List<Object> params = new ArrayList<>(w.params());
    if (update) {
      int where = sql.lastIndexOf(" WHERE ");
      sql = sql.substring(0, where) + ", " + VERSION + " = " + VERSION + " + 1"
          + sql.substring(where);
    }
    if ((update || delete) && seen != null) {
      sql += " AND " + VERSION + " = ?";
      params.add(seen);
    }
    PreparedStatement ps = prepare(sql);
    bind(ps, params);
    long start = System.nanoTime();
    int n;
    try {
      n = ps.executeUpdate();
    } finally {
      statementNanos += System.nanoTime() - start;
    }
    if (seen != null && n == 0 && (update || delete)) {
      throw new SQLException("version conflict on " + fp + ": another agent changed the row"
          + " after this agent read version " + seen + "; restart the trajectory and read it"
          + " again", SqlState.SERIALIZATION_FAILURE.code());
    }
    if (update && seen != null) {
      versions.put(fp, seen + 1);
    } else if (delete) {
      versions.remove(fp);
    } else if (!update) {
      versions.put(fp, 0L);
    }
    return n;
  }

  /** Runs a statement without parameters (DDL, setup), prepared once per text. */
  public int run(String sql) throws SQLException {
    return prepare(sql).executeUpdate();
  }

  /** The id of the trajectory's newest operation (the statement just run). */
  public long lastOperation() throws SQLException {
    List<Operation> ops = co().operations();
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
    if (co().rank().isEmpty()) {
      connection.setSavepoint();
    }
  }

  /** Ends any active trajectory (cleanup after a failed trial). */
  public void abortQuietly() {
    versions.clear();
    try {
      if (remote) {
        // The server begins an agent's trajectory at connect and at a block's first statement;
        // pgjdbc skips rollback() when it has sent nothing, so the ROLLBACK is sent explicitly.
        try (java.sql.Statement s = connection.createStatement()) {
          s.execute("ROLLBACK");
        }
        return;
      }
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
