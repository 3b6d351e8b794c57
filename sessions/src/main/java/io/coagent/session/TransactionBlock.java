package io.coagent.session;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs {@link Control} statements against one connection: the transaction block of SQL's {@code
 * BEGIN ... COMMIT}, its named savepoints, and the session's settings.
 *
 * <p>Rules, as in PostgreSQL: outside a block and with auto-commit on, each statement is its own
 * trajectory; {@code BEGIN} turns auto-commit off and opens a block whose statements are one
 * trajectory; {@code COMMIT} or {@code ROLLBACK} ends it and turns auto-commit back on. With
 * auto-commit already off (a JDBC client that called {@code setAutoCommit(false)}), the connection
 * is always in a trajectory: {@code BEGIN} warns 25001 and changes nothing, {@code COMMIT} and
 * {@code ROLLBACK} end the trajectory and leave auto-commit off. {@code COMMIT}/{@code ROLLBACK}
 * with no transaction warn 25P01; savepoint statements there fail 25P01. Two MTPO differences,
 * deliberate: a failed statement does not doom the block (MTPO repairs instead of aborting), and a
 * refused commit (pending notifications, MT004) leaves the block open, so the agent can repair and
 * commit again.
 *
 * <p>Savepoints: a name may be set twice, the newer shadows the older; {@code ROLLBACK TO} keeps the
 * savepoint and drops those set after it, {@code RELEASE} drops it and those after it. At most
 * {@link #MAX_SAVEPOINTS} are held (54000 beyond), since each pins an engine mark.
 *
 * <p>Settings: named text values, reported by {@code SHOW}; {@code SET name = DEFAULT} restores the
 * value the block was created with. Names in {@code fixed} are reported but refuse {@code SET}
 * (55P02). Values are recorded, not interpreted: CoAgent's isolation is MTPO whatever {@code
 * transaction_isolation} says.
 *
 * <p>Threading: not thread-safe; the owner (the server's session thread, the embedded connection's
 * monitor) serializes calls, as it does for the connection.
 */
public final class TransactionBlock {
  /** Bound on held savepoints; see the class comment. */
  public static final int MAX_SAVEPOINTS = 10_000;

  /** The settings a session starts with unless its owner says otherwise. */
  public static Map<String, String> defaultSettings() {
    Map<String, String> m = new TreeMap<>();
    m.put("application_name", "");
    m.put("client_encoding", "UTF8");
    m.put("datestyle", "ISO, MDY");
    m.put("timezone", "UTC");
    m.put("search_path", "\"$user\", public");
    m.put("transaction_isolation", "serializable");
    m.put("default_transaction_isolation", "serializable");
    return m;
  }

  /**
   * What a control statement answered: a warning (null if none) and, for {@code SHOW}, a result
   * table of text.
   *
   * @param warning the notice a client should see (25001, 25P01), or null
   * @param columns the result's column names; null if the statement returns no rows
   * @param rows the result's rows, each as many values as {@code columns}
   */
  public record Result(SQLWarning warning, List<String> columns, List<List<String>> rows) {
    public Result {
      columns = columns == null ? null : List.copyOf(columns);
      rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public boolean isQuery() {
      return columns != null;
    }

    static Result none() {
      return new Result(null, null, null);
    }

    static Result warn(SqlState state, String message) {
      return new Result(state.warning(message), null, null);
    }
  }

  private record Named(String name, io.coagent.engine.Savepoint savepoint) {}

  private final SqlConnection conn;
  private final Map<String, String> defaults;
  private final Map<String, String> settings;
  private final Set<String> fixed;
  private final List<Named> savepoints = new ArrayList<>();
  private boolean inBlock;

  /**
   * @param conn the connection whose trajectory the block controls
   * @param settings the initial settings (copied)
   * @param fixed names that {@code SHOW} reports and {@code SET} refuses
   */
  public TransactionBlock(SqlConnection conn, Map<String, String> settings, Set<String> fixed) {
    this.conn = conn;
    this.defaults = Map.copyOf(settings);
    this.settings = new TreeMap<>(settings);
    this.fixed = Set.copyOf(fixed);
  }

  /** Whether a {@code BEGIN} block is open. */
  public boolean inBlock() {
    return inBlock;
  }

  /** The current settings, by name. */
  public Map<String, String> settings() {
    return Collections.unmodifiableMap(settings);
  }

  /** Records {@code value} for {@code name}, as a client's startup or a driver property does. */
  public void put(String name, String value) {
    settings.put(name, value);
  }

  /**
   * The trajectory ended by other means (JDBC {@code commit()}/{@code rollback()}, or the owner
   * rolled back a dropped session; also called by {@code COMMIT} and {@code ROLLBACK} here): the block, if open, ends with it, and auto-commit comes back.
   */
  public void ended() throws SQLException {
    savepoints.clear();
    if (inBlock) {
      inBlock = false;
      conn.setAutoCommit(true);
    }
  }

  /** Auto-commit was turned on by the client: no block remains open. */
  public void autoCommitOn() {
    savepoints.clear();
    inBlock = false;
  }

  /** {@code RESET ALL}: every setting back to its start value. */
  public void resetSettings() {
    settings.clear();
    settings.putAll(defaults);
  }

  /** Runs {@code c}. */
  public Result apply(Control c) throws SQLException {
    return switch (c.kind()) {
      case BEGIN -> begin();
      case COMMIT -> end(true);
      case ROLLBACK -> end(false);
      case SAVEPOINT -> {
        requireTransaction("SAVEPOINT");
        if (savepoints.size() >= MAX_SAVEPOINTS) {
          throw SqlState.PROGRAM_LIMIT_EXCEEDED.exception("savepoint \"" + c.name() + "\": "
              + MAX_SAVEPOINTS + " savepoints are held; RELEASE some or COMMIT");
        }
        savepoints.add(new Named(c.name(), conn.setSavepoint()));
        yield Result.none();
      }
      case ROLLBACK_TO -> {
        requireTransaction("ROLLBACK TO SAVEPOINT");
        int i = find(c.name());
        conn.rollback(savepoints.get(i).savepoint());
        savepoints.subList(i + 1, savepoints.size()).clear();
        yield Result.none();
      }
      case RELEASE -> {
        requireTransaction("RELEASE SAVEPOINT");
        int i = find(c.name());
        // the engine's mark needs no release: dropping it from the list is the release
        savepoints.subList(i, savepoints.size()).clear();
        yield Result.none();
      }
      case SET -> set(c);
      case SHOW -> show(c.name());
    };
  }

  private Result begin() throws SQLException {
    if (inBlock || !conn.autoCommit()) {
      return Result.warn(SqlState.ACTIVE_SQL_TRANSACTION, "there is already a transaction in "
          + "progress; BEGIN ignored");
    }
    conn.setAutoCommit(false);
    inBlock = true;
    return Result.none();
  }

  private Result end(boolean commit) throws SQLException {
    if (!inBlock && conn.autoCommit()) {
      return Result.warn(SqlState.NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress;"
          + " " + (commit ? "COMMIT" : "ROLLBACK") + " ignored");
    }
    if (commit) {
      conn.commit(); // rule 8: may wait for lower ranks; a refusal (MT004) keeps the block open
    } else {
      conn.rollback();
    }
    ended();
    return Result.none();
  }

  private void requireTransaction(String what) throws SQLException {
    if (!inBlock && conn.autoCommit()) {
      throw SqlState.NO_ACTIVE_SQL_TRANSACTION.exception(what + " can only be used in "
          + "transaction blocks: BEGIN first (or turn auto-commit off)");
    }
  }

  /** The index of the newest savepoint named {@code name}. */
  private int find(String name) throws SQLException {
    for (int i = savepoints.size() - 1; i >= 0; i--) {
      if (savepoints.get(i).name().equals(name)) {
        return i;
      }
    }
    throw SqlState.INVALID_SAVEPOINT_SPECIFICATION.exception("savepoint \"" + name
        + "\" does not exist in this transaction; set it with SAVEPOINT " + name);
  }

  private Result set(Control c) throws SQLException {
    String name = c.name();
    if (name == null) {
      return Result.none(); // SET TRANSACTION: isolation is MTPO; accepted and ignored
    }
    if (fixed.contains(name)) {
      throw SqlState.CANT_CHANGE_RUNTIME_PARAM.exception("parameter \"" + name
          + "\" cannot be changed; SHOW " + name + " reports it");
    }
    String v = c.value() == null ? defaults.get(name) : c.value();
    if (v == null) {
      settings.remove(name);
    } else {
      settings.put(name, v);
    }
    return Result.none();
  }

  private Result show(String name) throws SQLException {
    if (name.equals("all")) {
      List<List<String>> rows = new ArrayList<>();
      for (Map.Entry<String, String> e : settings.entrySet()) {
        rows.add(List.of(e.getKey(), e.getValue()));
      }
      return new Result(null, List.of("name", "setting"), rows);
    }
    String v = settings.get(name);
    if (v == null) {
      throw SqlState.UNDEFINED_OBJECT.exception("unrecognized configuration parameter \"" + name
          + "\"; SHOW ALL lists the session's settings");
    }
    return new Result(null, List.of(name), List.of(List.of(v)));
  }
}
