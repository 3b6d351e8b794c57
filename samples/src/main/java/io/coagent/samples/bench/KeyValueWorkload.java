package io.coagent.samples.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The key-value workload of the JDBC micro-benchmark, in plain JDBC so that JMH
 * ({@link KeyValueBenchmark}) and a unit test run exactly the same code.
 *
 * <p>Design: one table {@code ACCOUNTS(ID INTEGER PRIMARY KEY, OWNER VARCHAR(32), BALANCE
 * BIGINT)} of {@code rows} rows; each operation picks a key from a seeded random sequence (the same
 * for every target) and runs one of two reused {@link PreparedStatement}s: a point SELECT by
 * primary key, or a single-row UPDATE by primary key ({@link KeyValueBenchmark}); or a range
 * query with a residual filter, {@link #RANGE_SQL}, returning {@link #RANGE_ROWS} rows while the
 * balances are untouched ({@link KeyValueBenchmark#rangeSelect}). Targets and commit policies:
 * <ul>
 *   <li>{@link Target#COAGENT}: {@code jdbc:coagent:mem}; {@link Target#COAGENT_GENERAL} is the
 *       same with the key-lookup fast path switched off (every execution goes through Calcite),
 *       to show what the fast path is worth; {@link Target#H2}: {@code jdbc:h2:mem} in the same
 *       JVM.
 *   <li>{@link Mode#AUTOCOMMIT}: CoAgent through an operator connection (each statement is its
 *       own trajectory, committed in the background), H2 with auto-commit on.
 *       {@link Mode#COMMIT_EVERY_100}: CoAgent through an agent connection (one trajectory spans
 *       statements), H2 with auto-commit off; both commit after every 100 statements. Committing
 *       periodically bounds the agent's trajectory (its read footprints are kept until commit),
 *       and H2 gets the same transaction size, so the comparison stays like for like.
 * </ul>
 */
public final class KeyValueWorkload implements AutoCloseable {
  /** Where the statements run. */
  public enum Target { COAGENT, COAGENT_GENERAL, H2 }

  /** How statements are grouped into transactions. */
  public enum Mode { AUTOCOMMIT, COMMIT_EVERY_100 }

  /** System property read by the SQL layer at prepare time (see docs/performance.md). */
  public static final String KEY_LOOKUP_PROPERTY = "coagent.sql.keyLookup";
  static final int COMMIT_EVERY = 100;
  /** Key range plus a residual filter: not a key lookup, so it always runs a Calcite plan. */
  public static final String RANGE_SQL =
      "SELECT owner, balance FROM accounts WHERE id BETWEEN ? AND ? AND balance > ?";
  /** Rows per range query: ids [k, k + 2n) whose balance (= id when loaded) exceeds k + n - 1. */
  public static final int RANGE_ROWS = 10;

  private final Target target;
  private final Mode mode;
  private final int rows;
  private final SplittableRandom random = new SplittableRandom(42);
  private Connection connection;
  private PreparedStatement select;
  private PreparedStatement update;
  private PreparedStatement range;
  private long statements;
  private long nextBalance = 1_000;

  public KeyValueWorkload(Target target, Mode mode, int rows) {
    this.target = target;
    this.mode = mode;
    this.rows = rows;
  }

  /** Creates and fills the table, then opens the measured connection and its statements. */
  public void open() throws SQLException {
    String name = "bench-" + UUID.randomUUID();
    // H2 drops a mem database with its last connection; DB_CLOSE_DELAY=-1 keeps it past the
    // loader's, as CoAgent keeps its stores (close() shuts it down)
    String url = target == Target.H2 ? "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1"
        : "jdbc:coagent:mem:" + name;
    String previous = System.getProperty(KEY_LOOKUP_PROPERTY);
    System.setProperty(KEY_LOOKUP_PROPERTY, Boolean.toString(target != Target.COAGENT_GENERAL));
    try {
      try (Connection loader = DriverManager.getConnection(
          target == Target.H2 ? url : url + ";agent=loader")) {
        load(loader);
      }
      boolean agent = target != Target.H2 && mode == Mode.COMMIT_EVERY_100;
      connection = DriverManager.getConnection(agent ? url + ";agent=bench" : url);
      connection.setAutoCommit(mode == Mode.AUTOCOMMIT);
      select = connection.prepareStatement("SELECT owner, balance FROM accounts WHERE id = ?");
      update = connection.prepareStatement("UPDATE accounts SET balance = ? WHERE id = ?");
      range = connection.prepareStatement(RANGE_SQL);
    } finally {
      if (previous == null) {
        System.clearProperty(KEY_LOOKUP_PROPERTY);
      } else {
        System.setProperty(KEY_LOOKUP_PROPERTY, previous);
      }
    }
  }

  private void load(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner VARCHAR(32), balance BIGINT)");
    }
    c.setAutoCommit(false);
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?)")) {
      for (int i = 0; i < rows; i++) {
        ins.setInt(1, i);
        ins.setString(2, "owner-" + i);
        ins.setLong(3, i);
        ins.addBatch();
        if (i % 1_000 == 999) {
          ins.executeBatch();
        }
      }
      ins.executeBatch();
    }
    c.commit();
  }

  /** Point SELECT by primary key; returns the balance read. */
  public long pointSelect() throws SQLException {
    select.setInt(1, random.nextInt(rows));
    long balance;
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("every key in [0, rows) exists");
      }
      balance = rs.getLong(2) + rs.getString(1).length();
    }
    afterStatement();
    return balance;
  }

  /** Single-row UPDATE by primary key; returns the update count (1). */
  public int updateRow() throws SQLException {
    update.setLong(1, nextBalance++);
    update.setInt(2, random.nextInt(rows));
    int count = update.executeUpdate();
    afterStatement();
    return count;
  }

  /** The range query from a random start key; returns the number of rows read plus a checksum. */
  public long rangeSelect() throws SQLException {
    int k = random.nextInt(rows - 2 * RANGE_ROWS);
    range.setInt(1, k);
    range.setInt(2, k + 2 * RANGE_ROWS - 1);
    range.setLong(3, k + RANGE_ROWS - 1);
    long sum = 0;
    try (ResultSet rs = range.executeQuery()) {
      while (rs.next()) {
        sum += rs.getLong(2) + rs.getString(1).length() + (1L << 32);
      }
    }
    afterStatement();
    return sum;
  }

  private void afterStatement() throws SQLException {
    if (mode == Mode.COMMIT_EVERY_100 && ++statements % COMMIT_EVERY == 0) {
      connection.commit();
    }
  }

  /** The measured connection (for checks in tests). */
  Connection connection() {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      if (target == Target.H2) {
        try (Statement s = connection.createStatement()) {
          s.execute("SHUTDOWN");
        }
      }
      connection.close();
      connection = null;
    }
  }
}
