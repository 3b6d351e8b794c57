package io.coagent.mcp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coagent.engine.SqlState;
import io.coagent.engine.Notification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The MCP tools: their names, descriptions, input and output JSON schemas, and the mapping of a
 * call onto the caller's {@link AgentSession}. Every result, success or tool error, carries the
 * agent's unacknowledged notifications in compact form under {@code notifications}, both as
 * {@code structuredContent} and as the same JSON text (some clients pass only one to the model).
 * A failure is an MCP tool error ({@code isError}) whose {@code error} names the SQLState and the
 * message; it never ends the session. Stateless itself: the session comes from {@link Sessions}.
 */
public final class ToolCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tool's body: the session and the call's arguments to a JSON object. */
  @FunctionalInterface
  interface Body {
    Map<String, Object> run(AgentSession s, Args a) throws SQLException;
  }

  /** One tool: what MCP lists, and its body. */
  record Def(String name, String description, Map<String, Object> input,
      Map<String, Object> output, Body body) {}

  private final List<Def> defs;

  ToolCatalog(DeclaredTools declared) {
    List<Def> d = new ArrayList<>(builtIns());
    for (DeclaredTools.Tool t : declared.tools()) {
      if (t.irreversible()) {
        d.add(new Def(t.name(), t.description() + "\n\nIrreversible: the call is held in the "
            + "outbox and performed only after you commit (and every agent ordered before you has "
            + "committed). Until then undo operation_id or rollback discards it.", t.inputSchema(),
            output(props("outbox_id", type("integer"), "operation_id", type("integer"), "state",
                type("string"), "message", type("string"))),
            (s, a) -> s.declared(t, a.raw())));
        continue;
      }
      d.add(new Def(t.name(), t.description() + "\n\nSQL: " + t.sql(), t.inputSchema(),
          output(props("columns", array("string"), "rows", array("object"), "row_count",
              type("integer"), "truncated", type("boolean"), "operation_id", nullable("integer"),
              "undo_sql", nullable("string"))),
          (s, a) -> s.declared(t, a.raw())));
    }
    this.defs = List.copyOf(d);
  }

  /** Names of the built-in tools (a declared tool may not take one). */
  public static Set<String> builtInNames() {
    Set<String> names = new java.util.TreeSet<>();
    for (Def d : builtIns()) {
      names.add(d.name());
    }
    return names;
  }

  List<Def> defs() {
    return defs;
  }

  /** The SDK's tool specifications, each resolving its session through {@code sessions}. */
  List<SyncToolSpecification> specifications(Function<McpSyncServerExchange, AgentSession> sessions) {
    List<SyncToolSpecification> out = new ArrayList<>();
    for (Def d : defs) {
      McpSchema.Tool tool = McpSchema.Tool.builder(d.name(), d.input()).description(d.description())
          .outputSchema(d.output()).build();
      out.add(SyncToolSpecification.builder().tool(tool)
          .callHandler((exchange, request) -> {
            AgentSession s;
            try {
              s = sessions.apply(exchange);
            } catch (IdentityException e) {
              return result(error(e.state, e.getMessage(), List.of()), true);
            }
            return call(s, d.name(), request.arguments());
          }).build());
    }
    return out;
  }

  /** Runs tool {@code name} for {@code s}: the structured result and whether it is an error. */
  McpSchema.CallToolResult call(AgentSession s, String name, Map<String, Object> arguments) {
    Def d = defs.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    Map<String, Object> out;
    boolean isError = false;
    try {
      if (d == null) {
        throw SqlState.UNDEFINED_FUNCTION.exception("no tool " + name);
      }
      out = new LinkedHashMap<>(d.body().run(s, new Args(name, arguments)));
    } catch (SQLException e) {
      out = error(e.getSQLState(), e.getMessage(), List.of());
      isError = true;
    } catch (RuntimeException e) {
      out = error(SqlState.INTERNAL_ERROR.code(), "internal error in tool " + name + ": " + e,
          List.of());
      isError = true;
    }
    out.put("notifications", compactNotifications(s));
    return result(out, isError);
  }

  static McpSchema.CallToolResult result(Map<String, Object> structured, boolean isError) {
    String text;
    try {
      text = JSON.writeValueAsString(structured);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tool result is not JSON: " + e.getMessage(), e);
    }
    return McpSchema.CallToolResult.builder().structuredContent(structured).addTextContent(text)
        .isError(isError).build();
  }

  static Map<String, Object> error(String state, String message, List<Object> notifications) {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("sqlstate", state == null ? SqlState.GENERAL_ERROR.code() : state);
    err.put("message", message);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", err);
    out.put("notifications", notifications);
    return out;
  }

  private static List<Object> compactNotifications(AgentSession s) {
    List<Notification> ns;
    try {
      ns = s.pending();
    } catch (SQLException e) {
      return List.of();
    }
    List<Object> out = new ArrayList<>();
    for (Notification n : ns) {
      out.add(compact(n, s.columnsOf(n.table())));
    }
    return out;
  }

  /** Spec rule 5's fields, compactly: what changed, from what to what, by whom, and what it hits. */
  static Map<String, Object> compact(Notification n, List<String> columns) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("table", n.table());
    m.put("key", values(n.key().toArray()));
    if (columns != null) {
      m.put("columns", columns);
    }
    m.put("seen", n.seen() == null ? null : values(n.seen()));
    m.put("now", n.now() == null ? null : values(n.now()));
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("agent", n.writerAgent());
    w.put("rank", n.writerRank());
    w.put("operation", n.writerOperation());
    w.put("cause", n.cause().name());
    m.put("writer", w);
    m.put("affects", n.readOperations());
    m.put("summary", n.table() + " " + values(n.key().toArray()) + ": you read "
        + (n.seen() == null ? "no row" : values(n.seen())) + ", now "
        + (n.now() == null ? "no row" : values(n.now())) + " (" + n.cause().name().toLowerCase(
            java.util.Locale.ROOT) + " by " + n.writerAgent() + ", rank " + n.writerRank()
        + "); affects your operations " + n.readOperations() + ": repair (undo, redo) or ack "
        + n.id());
    return m;
  }

  private static List<Object> values(Object[] vs) {
    List<Object> out = new ArrayList<>(vs.length);
    for (Object v : vs) {
      out.add(AgentSession.json(v));
    }
    return out;
  }

  // ---------------------------------------------------------------- the built-in tools

  private static List<Def> builtIns() {
    Map<String, Object> rowsOut = props("columns", array("string"), "rows", array("object"),
        "row_count", type("integer"), "truncated", type("boolean"), "message", type("string"));
    Map<String, Object> sqlIn = props("sql", described("string", "one SQL statement"),
        "params", described("array", "values bound to the statement's ? markers, in order"));
    List<Def> d = new ArrayList<>();
    Map<String, Object> queryIn = new LinkedHashMap<>(sqlIn);
    queryIn.put("max_rows", described("integer", "row cap (default " + AgentSession.DEFAULT_ROWS
        + ", at most " + AgentSession.MAX_ROWS + "); more rows set truncated"));
    d.add(new Def("query", "Run ONE read-only SELECT in your trajectory (its reads are recorded: "
        + "if a lower-rank agent later changes what you read, you get a notification). The store "
        + "refuses anything that is not a plain query: writes, DDL, CALL, SYS tables, several "
        + "statements. Rows are capped (truncated=true when cut).",
        input(queryIn, "sql"), output(rowsOut),
        (s, a) -> s.query(a.string("sql"), a.list("params"), a.integer("max_rows"))));
    d.add(new Def("execute", "Run ONE INSERT, UPDATE, DELETE, MERGE or DDL statement in your "
        + "trajectory. Returns the row count, the operation id (for undo) and its inverse "
        + "UNDO_SQL. Nothing is final until commit.",
        input(sqlIn, "sql"), output(props("row_count", type("integer"), "operation_id",
            nullable("integer"), "undo_sql", nullable("string"), "rank", type("integer"))),
        (s, a) -> s.execute(a.string("sql"), a.list("params"))));
    d.add(new Def("schema", "List the tables, their columns (name, type, nullable) and primary "
        + "keys.", input(Map.of()), output(props("database", type("string"), "tables",
            array("object"))), (s, a) -> s.schema()));
    d.add(new Def("commit", "Commit your trajectory (rule 8). Never blocks longer than "
        + "wait_seconds (default 1): status is committed; or waiting (waiting_for lists the lower "
        + "ranks that must end first: call commit again later); or notifications_pending "
        + "(judge each notification: repair or ack, then commit again).",
        input(props("wait_seconds", described("number", "how long to wait for lower ranks, 0 to "
            + AgentSession.MAX_WAIT_SECONDS))),
        output(props("status", Map.of("type", "string", "enum", List.of("committed", "waiting",
            "notifications_pending")), "rank", nullable("integer"), "waiting_for",
            array("object"), "message", type("string"))),
        (s, a) -> s.commit(a.number("wait_seconds", 1))));
    d.add(new Def("rollback", "Abandon your trajectory: every operation is undone and the next "
        + "call begins a new trajectory.", input(Map.of()), output(props("status",
            type("string"))), (s, a) -> s.rollback()));
    d.add(new Def("undo", "Undo one of your operations by id (rule 7): its writes disappear, "
        + "higher-rank readers are notified. Undoing a query retracts its reads.",
        input(props("operation_id", type("integer")), "operation_id"),
        output(props("undone", type("integer"))),
        (s, a) -> s.undo(a.longValue("operation_id"))));
    d.add(new Def("savepoint", "Mark a point in your trajectory to roll back to.",
        input(props("name", type("string")), "name"), output(props("savepoint",
            type("string"))), (s, a) -> s.savepoint(a.string("name"))));
    d.add(new Def("rollback_to", "Undo, newest first, every operation after savepoint name.",
        input(props("name", type("string")), "name"), output(props("rolled_back_to",
            type("string"))), (s, a) -> s.rollbackTo(a.string("name"))));
    d.add(new Def("notifications", "Your unacknowledged notifications (also in every result) and "
        + "your trajectory's operations (ids for undo).", input(Map.of()),
        output(props("operations", array("object"))), (s, a) -> s.operations()));
    d.add(new Def("ack", "Acknowledge notifications by id (rule 9) once you judged them "
        + "irrelevant or repaired your work.", input(props("ids", Map.of("type", "array",
            "items", type("integer"))), "ids"), output(props("acknowledged",
            array("integer"))), (s, a) -> s.ack(a.longs("ids"))));
    d.add(new Def("history", "Every version of the rows of a table (optionally one row, by its "
        + "primary key columns), with who wrote it, when, and whether it was undone.",
        input(props("table", type("string"), "key", described("object",
            "primary key column -> value"), "max_rows", type("integer")), "table"),
        output(rowsOut), (s, a) -> s.history(a.string("table"), a.map("key"),
            a.integer("max_rows"))));
    d.add(new Def("diff", "Rows added, modified and removed in a table between two instants "
        + "(ISO-8601, e.g. 2026-01-01T12:00:00Z; to defaults to now).",
        input(props("table", type("string"), "from", type("string"), "to", type("string")),
            "table", "from"), output(rowsOut),
        (s, a) -> s.diff(a.string("table"), a.string("from"), a.optString("to"))));
    return d;
  }

  // ---------------------------------------------------------------- schema helpers

  private static Map<String, Object> type(String t) {
    return Map.of("type", t);
  }

  private static Map<String, Object> nullable(String t) {
    return Map.of("type", List.of(t, "null"));
  }

  private static Map<String, Object> described(String t, String description) {
    return Map.of("type", t, "description", description);
  }

  private static Map<String, Object> array(String items) {
    return Map.of("type", "array", "items", type(items));
  }

  private static Map<String, Object> props(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> input(Map<String, Object> properties, String... required) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    if (required.length > 0) {
      s.put("required", List.of(required));
    }
    s.put("additionalProperties", false);
    return s;
  }

  /** Every output has the notifications; other properties are optional (errors have error). */
  private static Map<String, Object> output(Map<String, Object> properties) {
    Map<String, Object> p = new LinkedHashMap<>(properties);
    p.put("error", props("type", "object", "properties", props("sqlstate", type("string"),
        "message", type("string"))));
    p.put("notifications", array("object"));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", p);
    s.put("required", List.of("notifications"));
    return s;
  }

  /** A call's arguments, each read with its type checked (a wrong one is 22023). */
  record Args(String tool, Map<String, Object> args) {
    Args {
      args = args == null ? Map.of() : args;
    }

    Map<String, Object> raw() {
      return args;
    }

    String string(String k) throws SQLException {
      String s = optString(k);
      if (s == null) {
        throw bad(k, "is required (a string)");
      }
      return s;
    }

    String optString(String k) throws SQLException {
      Object v = args.get(k);
      if (v != null && !(v instanceof String)) {
        throw bad(k, "must be a string");
      }
      return (String) v;
    }

    Integer integer(String k) throws SQLException {
      Object v = args.get(k);
      if (v == null) {
        return null;
      }
      if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw bad(k, "must be an integer");
      }
      return n.intValue();
    }

    long longValue(String k) throws SQLException {
      Object v = args.get(k);
      if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw bad(k, "is required (an integer)");
      }
      return n.longValue();
    }

    double number(String k, double dflt) throws SQLException {
      Object v = args.get(k);
      if (v == null) {
        return dflt;
      }
      if (!(v instanceof Number n)) {
        throw bad(k, "must be a number");
      }
      return n.doubleValue();
    }

    List<Object> list(String k) throws SQLException {
      Object v = args.get(k);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> l)) {
        throw bad(k, "must be an array");
      }
      return new ArrayList<>(l);
    }

    List<Long> longs(String k) throws SQLException {
      List<Long> out = new ArrayList<>();
      for (Object o : list(k)) {
        if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
          throw bad(k, "must be an array of integers");
        }
        out.add(n.longValue());
      }
      return out;
    }

    Map<String, Object> map(String k) throws SQLException {
      Object v = args.get(k);
      if (v == null) {
        return null;
      }
      if (!(v instanceof Map<?, ?> m)) {
        throw bad(k, "must be an object");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((a, b) -> out.put(String.valueOf(a), b));
      return out;
    }

    private SQLException bad(String k, String what) {
      return SqlState.INVALID_PARAMETER_VALUE.exception("argument " + k + " of tool " + tool + " "
          + what);
    }
  }

  /** The caller has no usable identity: a tool error, never an agent chosen by default. */
  static final class IdentityException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String state;

    IdentityException(String state, String message) {
      super(message);
      this.state = state;
    }
  }
}
