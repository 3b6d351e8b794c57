package io.coagent.mcp.internal;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.Notification;
import io.coagent.engine.OpKind;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.Savepoint;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.session.Conversions;
import io.coagent.session.SessionErrors;
import io.coagent.session.SqlConnection;
import io.coagent.session.TemporalValues;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlCatalog;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.StatementControl;
import java.sql.SQLException;
import java.util.Comparator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One MCP session's agent: one session-layer connection ({@link SqlConnection}, the query
 * executor the embedded JDBC driver runs on too) with auto-commit off, so every tool call of the
 * session works in the agent's one trajectory until {@code commit} or {@code rollback} (then the
 * next call begins the next trajectory). The tool implementations return plain maps (JSON objects);
 * {@link ToolCatalog} adds the pending notifications and wraps them as MCP results.
 *
 * <p>Read-only is the store's rule, not a look at the statement: {@code query} runs with
 * {@link SqlConnection#setReadOnly(boolean)} on, so the session layer refuses (25006) everything its parser
 * did not classify as a plain query (DML, DDL, {@code CALL}, {@code SYS} reads), and the parser
 * accepts one statement only (so {@code COMMIT; DROP TABLE t} is a syntax error). {@code execute}
 * takes one statement: the SQL layer would run a script of writes (UNDO_SQL's form), so a call that
 * logged more than one operation is undone, newest first, and refused; judged by the store's
 * operation log, not by the text.
 *
 * <p>Commit (rule 8) may wait for lower ranks for minutes; a tool call must not. {@link #commit}
 * runs {@link SqlConnection#commit()} on this session's own thread and waits at most
 * {@code wait_seconds}: then it reports {@code committed}, {@code notifications_pending} (the
 * refusal, MT004: repair or acknowledge, then commit again), or {@code waiting} with the lower
 * ranks seen when the commit began; a later {@code commit} call picks the same attempt up.
 *
 * <p>Threading: tool calls of one session are serialized on this object. While a commit attempt
 * is in flight it holds the connection, so every tool but {@code commit}, {@code notifications}
 * and {@code ack} (which use only the trajectory's thread-safe notification methods) fails with
 * 55000 naming the fix; the notifications every result carries are then the ones cached when the
 * attempt began (a new one would end the attempt with MT004 anyway).
 */
final class AgentSession implements AutoCloseable {
  static final int DEFAULT_ROWS = 100;
  static final int MAX_ROWS = 1000;
  /** Bound on the JSON text of a result's rows; past it the rows are cut and truncated is set. */
  static final int MAX_RESULT_CHARS = 256 * 1024;
  static final int MAX_WAIT_SECONDS = 600;
  private static final String PENDING = "rule 8: commit is refused while notifications are "
      + "unacknowledged. Judge each one: repair (undo the affected operations and redo them on the "
      + "value now) or, if it does not matter, ack it; then commit again. The trajectory is open.";
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final com.fasterxml.jackson.databind.ObjectMapper PAYLOAD_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final SqlConnection conn;
  private final SqlConnection observer;
  private final String database;
  private final ExecutorService committer;
  private final Map<String, Savepoint> savepoints = new LinkedHashMap<>();
  private final Map<String, List<String>> columnsCache = new ConcurrentHashMap<>();
  private Future<Void> commit;
  private List<Map<String, Object>> commitWaitsFor = List.of();
  private volatile List<Notification> cached = List.of();
  private boolean closed;

  /**
   * {@code observer}: an operator connection of the same store (shared, auto-commit), for what an
   * agent may not see (the other agents' active trajectories that a commit waits for); null if
   * none is available (a remote store), and then {@code waiting_for} lists only reservations.
   */
  AgentSession(SqlConnection conn, String database, SqlConnection observer) throws SQLException {
    this.conn = conn;
    this.observer = observer;
    this.database = database;
    if (conn.agent() == null) {
      throw SqlState.INVALID_AUTHORIZATION_SPECIFICATION.exception("an MCP session acts as one "
          + "agent; this connection is an operator's: connect with agent=NAME");
    }
    conn.setAutoCommit(false);
    String name = "coagent-mcp-commit-" + conn.agent();
    this.committer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  String agent() {
    return conn.agent();
  }

  String database() {
    return database;
  }

  // ---------------------------------------------------------------- tools

  synchronized Map<String, Object> query(String sql, List<Object> params, Integer maxRows)
      throws SQLException {
    idle("query");
    int cap = rowCap(maxRows);
    conn.setReadOnly(true);
    try {
      SqlResult r = run(conn, sql, params);
      if (!r.isQuery()) {
        throw SqlState.DYNAMIC_SQL_ERROR.exception("query runs one SELECT; use execute for "
            + "INSERT, UPDATE, DELETE, MERGE and DDL: " + sql);
      }
      return rows(r, cap);
    } finally {
      conn.setReadOnly(false);
    }
  }

  synchronized Map<String, Object> execute(String sql, List<Object> params) throws SQLException {
    idle("execute");
    long last = lastOperationId();
    SqlResult r = run(conn, sql, params);
    boolean isQuery = r.isQuery();
    long count = isQuery ? -1 : r.updateCount();
    List<OperationInfo> made = operationsAfter(last);
    if (isQuery || made.size() > 1) {
      for (int i = made.size() - 1; i >= 0; i--) {
        conn.undo(made.get(i).id()); // retract a misdirected SELECT's reads, or a script's writes
      }
      throw SqlState.DYNAMIC_SQL_ERROR.exception(isQuery ? "execute runs one INSERT, UPDATE, "
          + "DELETE, MERGE or DDL statement; use query for SELECT: " + sql
          : "execute runs one statement, and this is a script of " + made.size() + "; every one "
          + "of them was undone: call execute once per statement");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("row_count", count);
    if (made.isEmpty()) {
      out.put("operation_id", null);
      out.put("undo_sql", null);
    } else {
      OperationInfo op = made.get(made.size() - 1);
      out.put("operation_id", op.id());
      out.put("undo_sql", undoSql(op.id()));
    }
    rank().ifPresent(k -> out.put("rank", k));
    return out;
  }

  /** A declared tool: its one statement with every argument bound, never spliced. */
  synchronized Map<String, Object> declared(DeclaredTools.Tool tool, Map<String, Object> args)
      throws SQLException {
    idle(tool.name());
    List<Object> values = tool.bind(args);
    if (tool.irreversible()) {
      return outbox(tool, values);
    }
    long last = lastOperationId();
    Map<String, Object> out;
    SqlResult r = run(conn, tool.statement(), values);
    if (r.isQuery()) {
      out = rows(r, MAX_ROWS);
    } else {
      out = new LinkedHashMap<>();
      out.put("row_count", r.updateCount());
    }
    List<OperationInfo> made = operationsAfter(last);
    if (!made.isEmpty()) {
      OperationInfo op = made.get(made.size() - 1);
      out.put("operation_id", op.id());
      out.put("undo_sql", op.kind() == OpKind.QUERY ? null : undoSql(op.id()));
    }
    return out;
  }

  /**
   * An irreversible tool: its arguments, as a JSON object, become an outbox entry of this
   * trajectory ({@code CALL SYS.OUTBOX_PUT}), released when the trajectory commits.
   */
  private Map<String, Object> outbox(DeclaredTools.Tool tool, List<Object> values)
      throws SQLException {
    Map<String, Object> payload = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      payload.put(tool.order().get(i), values.get(i));
    }
    String json;
    try {
      json = PAYLOAD_JSON.writeValueAsString(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("the arguments of " + tool.name()
          + " are not JSON: " + e.getOriginalMessage(), e);
    }
    long last = lastOperationId();
    run(conn, "CALL SYS.OUTBOX_PUT(?, ?)", List.of(tool.name(), json));
    List<OperationInfo> made = operationsAfter(last);
    if (made.size() != 1) {
      throw new IllegalStateException("SYS.OUTBOX_PUT logged " + made.size() + " operations");
    }
    long id = made.get(0).id();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outbox_id", id);
    out.put("operation_id", id);
    out.put("state", "HELD");
    out.put("message", tool.name() + " is held in the outbox (entry " + id + "): it is performed "
        + "only after this trajectory commits, which rule 8 allows once every lower rank has ended. "
        + "Until then, undo operation " + id + " or rollback discards it.");
    return out;
  }

  synchronized Map<String, Object> schema() throws SQLException {
    idle("schema");
    List<Map<String, Object>> tables = new ArrayList<>();
    List<TableDef> defs = new ArrayList<>(tables());
    defs.sort(Comparator.comparing(TableDef::name));
    for (TableDef def : defs) {
      String t = def.name();
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("name", t);
      List<Map<String, Object>> cols = new ArrayList<>();
      for (ColumnDef cd : def.columns()) {
        SqlColumn described = SqlCatalog.describe(cd);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", described.label());
        c.put("type", described.typeName());
        c.put("nullable", described.nullable());
        cols.add(c);
      }
      table.put("columns", cols);
      table.put("primary_key", primaryKey(t));
      columnsCache.put(t.toUpperCase(java.util.Locale.ROOT),
          cols.stream().map(c -> (String) c.get("name")).toList());
      tables.add(table);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("database", database);
    out.put("tables", tables);
    return out;
  }

  synchronized Map<String, Object> commit(double waitSeconds) throws SQLException {
    if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("wait_seconds " + waitSeconds
          + " is not in 0.." + MAX_WAIT_SECONDS);
    }
    checkOpen();
    Map<String, Object> out = new LinkedHashMap<>();
    if (commit == null) {
      Long r = rank().orElse(null);
      out.put("rank", r);
      cached = conn.pendingNotifications();
      if (!cached.isEmpty()) { // rule 8 refuses them at the turn anyway: say so now, not later
        out.put("status", "notifications_pending");
        out.put("message", PENDING);
        return out;
      }
      commitWaitsFor = r == null ? List.of() : lowerRanks(r);
      commit = committer.submit(() -> {
        conn.commit();
        return null;
      });
    }
    try {
      commit.get(Math.round(waitSeconds * 1000), TimeUnit.MILLISECONDS);
      commit = null;
      savepoints.clear();
      out.put("status", "committed");
      return out;
    } catch (TimeoutException e) {
      out.put("status", "waiting");
      out.put("waiting_for", commitWaitsFor);
      out.put("message", "rule 8: the commit waits until every lower rank has ended; call commit "
          + "again (wait_seconds) to see it finish. Tools other than commit, notifications and ack "
          + "fail until it does.");
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SqlState.QUERY_CANCELED.exception("interrupted while waiting for the commit");
    } catch (ExecutionException e) {
      commit = null;
      SQLException cause = e.getCause() instanceof SQLException s ? s
          : SqlState.INTERNAL_ERROR.exception("commit failed: " + e.getCause(), e.getCause());
      if (SqlState.NOTIFICATIONS_PENDING.code().equals(cause.getSQLState())) {
        out.put("status", "notifications_pending");
        out.put("message", PENDING);
        return out;
      }
      if (SqlState.COMMIT_TIMEOUT.code().equals(cause.getSQLState())) {
        out.put("status", "waiting");
        out.put("waiting_for", commitWaitsFor);
        out.put("message", cause.getMessage());
        return out;
      }
      throw cause;
    }
  }

  synchronized Map<String, Object> rollback() throws SQLException {
    idle("rollback");
    conn.rollback();
    savepoints.clear();
    return Map.of("status", "rolled_back");
  }

  synchronized Map<String, Object> undo(long operationId) throws SQLException {
    idle("undo");
    conn.undo(operationId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("undone", operationId);
    return out;
  }

  synchronized Map<String, Object> savepoint(String name) throws SQLException {
    idle("savepoint");
    checkName(name, "savepoint");
    savepoints.put(name, conn.setSavepoint());
    return Map.of("savepoint", name);
  }

  synchronized Map<String, Object> rollbackTo(String name) throws SQLException {
    idle("rollback_to");
    Savepoint sp = savepoints.get(name);
    if (sp == null) {
      throw SqlState.INVALID_SAVEPOINT_SPECIFICATION.exception("no savepoint " + name
          + " in this trajectory (known: " + savepoints.keySet() + "); create it with savepoint");
    }
    conn.rollback(sp);
    List<String> keys = new ArrayList<>(savepoints.keySet());
    for (String k : keys.subList(keys.indexOf(name) + 1, keys.size())) {
      savepoints.remove(k);
    }
    return Map.of("rolled_back_to", name);
  }

  Map<String, Object> operations() throws SQLException {
    checkOpen();
    List<Map<String, Object>> ops = new ArrayList<>();
    for (OperationInfo op : conn.operations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", op.id());
      m.put("kind", op.kind().name());
      m.put("state", op.state().name());
      m.put("sql", op.text());
      m.put("rows_affected", op.rowsAffected());
      ops.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("operations", ops);
    return out;
  }

  /** The acknowledged ids; an unknown id fails (MT009) before any is acknowledged. */
  Map<String, Object> ack(List<Long> ids) throws SQLException {
    checkOpen();
    List<Long> pending = pending().stream().map(Notification::id).toList();
    for (Long id : ids) {
      if (!pending.contains(id)) {
        throw SqlState.UNKNOWN_NOTIFICATION.exception("notification " + id + " is not one of "
            + "agent " + agent() + "'s unacknowledged notifications " + pending);
      }
    }
    for (Long id : ids) {
      conn.acknowledge(id);
    }
    cached = cached.stream().filter(n -> !ids.contains(n.id())).toList();
    return Map.of("acknowledged", ids);
  }

  synchronized Map<String, Object> history(String table, Map<String, Object> key, Integer maxRows)
      throws SQLException {
    idle("history");
    checkName(table, "table");
    List<String> pk = primaryKey(table);
    StringBuilder sql = new StringBuilder("SELECT * FROM SYS.\"")
        .append(table.toUpperCase(java.util.Locale.ROOT)).append("_HISTORY\"");
    List<Object> values = new ArrayList<>();
    if (key != null && !key.isEmpty()) {
      String sep = " WHERE ";
      for (Map.Entry<String, Object> e : key.entrySet()) {
        String col = pk.stream().filter(c -> c.equalsIgnoreCase(e.getKey())).findFirst()
            .orElseThrow(() -> SqlState.UNDEFINED_COLUMN.exception("key column " + e.getKey()
                + " is not in the primary key " + pk + " of table " + table));
        sql.append(sep).append('"').append(col).append("\" = ?");
        values.add(e.getValue());
        sep = " AND ";
      }
    }
    sql.append(" ORDER BY VERSION_ID");
    int cap = rowCap(maxRows);
    return rows(query(conn, sql.toString(), values), cap);
  }

  synchronized Map<String, Object> diff(String table, String from, String to) throws SQLException {
    idle("diff");
    checkName(table, "table");
    String f = instant(from, "from");
    String t = to == null || to.isBlank() ? Instant.now().toString() : instant(to, "to");
    // both times parsed as instants above; the table name checked
    return rows(query(conn, "CALL SYS.DIFF('" + table + "', '" + f + "', '" + t + "')",
        List.of()), MAX_ROWS);
  }

  // ---------------------------------------------------------------- notifications

  /** The agent's unacknowledged notifications, oldest first (cached while a commit is in flight). */
  List<Notification> pending() throws SQLException {
    if (closed) {
      return List.of();
    }
    synchronized (this) {
      if (commit != null && !commit.isDone()) {
        return cached;
      }
      List<Notification> now = conn.pendingNotifications();
      for (Notification n : now) {
        learnColumns(n.table());
      }
      cached = now;
      return now;
    }
  }

  /** Caches the column names of {@code table}, so notifications can name seen/now's columns. */
  private void learnColumns(String table) throws SQLException {
    String k = table.toUpperCase(java.util.Locale.ROOT);
    if (columnsCache.containsKey(k)) {
      return;
    }
    List<String> cols = new ArrayList<>();
    for (TableDef def : tables()) {
      if (def.name().equals(table)) {
        for (ColumnDef c : def.columns()) {
          cols.add(SqlCatalog.describe(c).label());
        }
      }
    }
    if (!cols.isEmpty()) {
      columnsCache.put(k, List.copyOf(cols));
    }
  }

  /** Column names of {@code table} if known (null otherwise); never waits on the connection. */
  List<String> columnsOf(String table) {
    return columnsCache.get(table.toUpperCase(java.util.Locale.ROOT));
  }

  // ---------------------------------------------------------------- helpers

  private void idle(String tool) throws SQLException {
    checkOpen();
    if (commit != null) {
      if (!commit.isDone()) {
        throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception("tool " + tool + " cannot run "
            + "while this session's commit waits for lower ranks " + commitWaitsFor + "; call "
            + "commit (wait_seconds) until it reports committed");
      }
      commit = null; // an attempt that ended meanwhile: its outcome is the trajectory's state now
    }
    conn.heartbeat(); // renews the lease; reports (once) a trajectory the store aborted meanwhile
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw SqlState.CONNECTION_DOES_NOT_EXIST.exception("the MCP session of agent " + agent()
          + " is closed; start a new session");
    }
  }

  /** Runs {@code sql} with {@code params} bound to its {@code ?} markers, in order. */
  private static SqlResult run(SqlConnection c, String sql, List<Object> params)
      throws SQLException {
    if (sql == null || sql.isBlank()) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("sql is empty: pass one SQL statement");
    }
    PreparedSql p = c.prepare(sql);
    List<Object> values = new ArrayList<>();
    if (params != null) {
      for (int i = 0; i < params.size(); i++) {
        SqlConnection.checkParameterIndex(p, i + 1);
        Object v = params.get(i);
        values.add(v == null ? null : Conversions.parameter(v));
      }
    }
    return c.execute(p, values, StatementControl.start(0));
  }

  /** As {@link #run}, for a statement that must return rows (07000 otherwise). */
  private static SqlResult query(SqlConnection c, String sql, List<Object> params)
      throws SQLException {
    SqlResult r = run(c, sql, params);
    if (!r.isQuery()) {
      throw SqlState.DYNAMIC_SQL_ERROR.exception("expected rows from: " + sql);
    }
    return r;
  }

  /** The store's tables, as the catalog has them now. */
  private List<TableDef> tables() throws SQLException {
    return SessionErrors.guard("tables", () -> conn.engine().store().tables());
  }

  private static Map<String, Object> rows(SqlResult r, int cap) {
    List<String> cols = new ArrayList<>();
    for (SqlColumn c : r.columns()) {
      cols.add(c.label());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean truncated = false;
    long chars = 0;
    for (Object[] values : r.rows()) {
      if (rows.size() == cap) {
        truncated = true;
        break;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= cols.size(); i++) {
        Object v = json(TemporalValues.object(values[i - 1], r.columns().get(i - 1).jdbcType()));
        row.put(cols.get(i - 1), v);
        chars += cols.get(i - 1).length() + (v == null ? 4 : String.valueOf(v).length()) + 6;
      }
      if (chars > MAX_RESULT_CHARS) {
        truncated = true;
        break;
      }
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("columns", cols);
    out.put("rows", rows);
    out.put("row_count", rows.size());
    out.put("truncated", truncated);
    if (truncated) {
      out.put("message", "more rows than returned (cap " + cap + " rows, " + MAX_RESULT_CHARS
          + " characters): narrow the query (WHERE, LIMIT) or aggregate");
    }
    return out;
  }

  /** A value (as JDBC's getObject reads it) as JSON: numbers, strings, booleans and null as they are; bytes as hex. */
  static Object json(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof byte[] b) {
      return "\\x" + HexFormat.of().formatHex(b);
    }
    return v.toString();
  }

  private int rowCap(Integer maxRows) throws SQLException {
    if (maxRows == null) {
      return DEFAULT_ROWS;
    }
    if (maxRows < 1 || maxRows > MAX_ROWS) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("max_rows " + maxRows + " is not in 1.."
          + MAX_ROWS);
    }
    return maxRows;
  }

  private java.util.Optional<Long> rank() {
    return conn.rank();
  }

  private long lastOperationId() throws SQLException {
    List<OperationInfo> ops = conn.operations();
    return ops.isEmpty() ? Long.MIN_VALUE : ops.get(ops.size() - 1).id();
  }

  private List<OperationInfo> operationsAfter(long last) throws SQLException {
    return conn.operations().stream().filter(o -> o.id() > last).toList();
  }

  private String undoSql(long opId) throws SQLException {
    SqlResult r = query(conn, "SELECT UNDO_SQL FROM SYS.OPERATIONS WHERE OP_ID = ?",
        List.of(opId));
    return r.rows().isEmpty() ? null
        : TemporalValues.string(r.rows().get(0)[0], r.columns().get(0).jdbcType());
  }

  private List<Map<String, Object>> lowerRanks(long rank) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String sql : List.of("SELECT AGENT, \"RANK\" FROM SYS.TRAJECTORIES WHERE STATE = 'ACTIVE' "
        + "AND \"RANK\" > 0 AND \"RANK\" < ? ORDER BY \"RANK\"",
        "SELECT AGENT, \"RANK\" FROM SYS.RESERVATIONS WHERE \"RANK\" < ? ORDER BY \"RANK\"")) {
      SqlConnection c = observer != null ? observer : conn;
      SqlResult r = query(c, sql, List.of(rank));
      for (Object[] row : r.rows()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", TemporalValues.string(row[0], r.columns().get(0).jdbcType()));
        m.put("rank", Conversions.integral(row[1], "BIGINT", Long.MIN_VALUE, Long.MAX_VALUE));
        out.add(m);
      }
    }
    return out;
  }

  private List<String> primaryKey(String table) throws SQLException {
    List<String> pk = new ArrayList<>();
    for (TableDef t : tables()) {
      if (t.name().equals(table)) {
        for (int k : t.primaryKey()) {
          pk.add(t.columns().get(k).name());
        }
      }
    }
    pk.sort(Comparator.naturalOrder()); // as DatabaseMetaData.getPrimaryKeys orders them
    return pk;
  }

  private static void checkName(String name, String what) throws SQLException {
    if (name == null || !IDENT.matcher(name).matches()) {
      throw SqlState.INVALID_NAME.exception("invalid " + what + " name '" + name + "': use "
          + "letters, digits and '_', starting with a letter or '_'");
    }
  }

  private static String instant(String s, String what) throws SQLException {
    try {
      return Instant.parse(s).toString();
    } catch (RuntimeException e) {
      throw SqlState.INVALID_DATETIME_FORMAT.exception(what + " '" + s + "' is not an ISO-8601 "
          + "instant; write e.g. 2026-01-01T12:00:00Z");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    committer.shutdownNow();
    conn.close(); // an open trajectory stays the agent's until its lease expires or it returns
  }
}
