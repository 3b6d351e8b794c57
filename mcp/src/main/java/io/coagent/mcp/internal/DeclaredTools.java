package io.coagent.mcp.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.coagent.engine.SqlState;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Operator-declared domain tools (the paper's ToolSmith role as configuration): a YAML file of
 * tools, each a name, a description, typed parameters and one SQL statement whose {@code :name}
 * placeholders become bound JDBC parameters. Arguments are always bound, never spliced into the
 * text, so no argument can change what the statement is; the footprint and the inverse come from
 * the store as for any statement. Immutable once loaded; {@link #load} checks everything a call
 * could otherwise discover late (names, types, placeholders).
 *
 * <pre>{@code
 * tools:
 *   - name: restock
 *     description: Add qty units to the stock of item id.
 *     parameters:
 *       id:  {type: integer, description: the item}
 *       qty: {type: integer, description: units to add}
 *     sql: UPDATE stock SET qty = qty + :qty WHERE id = :id
 * }</pre>
 */
public final class DeclaredTools {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
  private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean");

  /** One parameter: its JSON type and description. */
  public record Param(String name, String type, String description) {}

  /**
   * One tool; {@link #statement()} has {@code ?} where the file had placeholders. An
   * {@link #irreversible()} tool has no statement: a call records its arguments in the store's
   * outbox ({@code CALL SYS.OUTBOX_PUT}), held until the agent's trajectory commits, and the
   * outbox's consumer performs it; {@link #order()} is then the declared parameter order.
   */
  public record Tool(String name, String description, List<Param> params, String sql,
      String statement, List<String> order, boolean irreversible) {

    /** Arguments in placeholder order, each checked against its declared type. */
    List<Object> bind(Map<String, Object> args) throws SQLException {
      Map<String, Object> a = args == null ? Map.of() : args;
      for (String k : a.keySet()) {
        if (params.stream().noneMatch(p -> p.name().equals(k))) {
          throw SqlState.INVALID_PARAMETER_VALUE.exception("tool " + name + " has no parameter "
              + k + "; its parameters are " + params.stream().map(Param::name).toList());
        }
      }
      List<Object> out = new ArrayList<>();
      for (String n : order) {
        Param p = params.stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow();
        out.add(convert(p, a.get(n)));
      }
      return out;
    }

    private Object convert(Param p, Object v) throws SQLException {
      if (v == null) {
        throw SqlState.INVALID_PARAMETER_VALUE.exception("tool " + name + " needs parameter "
            + p.name() + " (" + p.type() + ")");
      }
      boolean ok = switch (p.type()) {
        case "string" -> v instanceof String;
        case "boolean" -> v instanceof Boolean;
        case "integer" -> v instanceof Number n && new BigDecimal(n.toString()).stripTrailingZeros()
            .scale() <= 0;
        default -> v instanceof Number;
      };
      if (!ok) {
        throw SqlState.INVALID_PARAMETER_VALUE.exception("parameter " + p.name() + " of tool "
            + name + " must be a " + p.type() + ", got " + v.getClass().getSimpleName() + " " + v);
      }
      if (p.type().equals("integer")) {
        return new BigDecimal(v.toString()).longValueExact();
      }
      if (p.type().equals("number")) {
        return new BigDecimal(v.toString());
      }
      return v;
    }

    /** The JSON schema of the arguments, generated from the declared types. */
    Map<String, Object> inputSchema() {
      Map<String, Object> props = new LinkedHashMap<>();
      for (Param p : params) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", p.type());
        if (p.description() != null) {
          s.put("description", p.description());
        }
        props.put(p.name(), s);
      }
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", props);
      schema.put("required", params.stream().map(Param::name).toList());
      schema.put("additionalProperties", false);
      return schema;
    }
  }

  private final List<Tool> tools;

  private DeclaredTools(List<Tool> tools) {
    this.tools = List.copyOf(tools);
  }

  public List<Tool> tools() {
    return tools;
  }

  public static DeclaredTools empty() {
    return new DeclaredTools(List.of());
  }

  /**
   * Reads and checks {@code file} (null: no declared tools); {@code reserved} are names already
   * taken (the built-in tools). Every problem is an IllegalArgumentException naming the fix.
   */
  public static DeclaredTools load(Path file, Set<String> reserved) throws IOException {
    if (file == null) {
      return new DeclaredTools(List.of());
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    FileSpec spec;
    try {
      spec = yaml.readValue(file.toFile(), FileSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not a tools file: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")
          + "; see docs/agents.md, Declared tools", e);
    }
    if (spec == null || spec.tools() == null || spec.tools().isEmpty()) {
      throw new IllegalArgumentException(file + ": no tools; write 'tools:' with a list of tools");
    }
    List<Tool> out = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>(reserved);
    for (ToolSpec t : spec.tools()) {
      String where = file + ": tool " + t.name();
      if (t.name() == null || !NAME.matcher(t.name()).matches()) {
        throw new IllegalArgumentException(where + ": the name must be 1 to 64 lower-case "
            + "letters, digits or '_', starting with a letter or '_'");
      }
      if (!seen.add(t.name())) {
        throw new IllegalArgumentException(where + ": the name is taken (a built-in tool or an "
            + "earlier tool of the file); rename it");
      }
      if (t.description() == null || t.description().isBlank()) {
        throw new IllegalArgumentException(where + ": needs a description (the model reads it "
            + "to decide when to call the tool)");
      }
      boolean irreversible = Boolean.TRUE.equals(t.irreversible());
      if (irreversible && t.sql() != null) {
        throw new IllegalArgumentException(where + ": an irreversible tool has no sql: its effect "
            + "(an email, a payment, a deploy) happens outside the store, so a call records its "
            + "arguments in SYS.OUTBOX, released when the agent commits; remove 'sql', and declare "
            + "a second tool for a store change that goes with it");
      }
      if (!irreversible && (t.sql() == null || t.sql().isBlank())) {
        throw new IllegalArgumentException(where + ": needs sql (one statement), or "
            + "'irreversible: true' for an effect outside the store");
      }
      List<Param> params = new ArrayList<>();
      Map<String, ParamSpec> ps = t.parameters() == null ? Map.of() : t.parameters();
      for (Map.Entry<String, ParamSpec> e : ps.entrySet()) {
        String type = e.getValue() == null ? null : e.getValue().type();
        if (!NAME.matcher(e.getKey()).matches()) {
          throw new IllegalArgumentException(where + ": parameter name " + e.getKey()
              + " must be lower-case letters, digits or '_'");
        }
        if (type == null || !TYPES.contains(type)) {
          throw new IllegalArgumentException(where + ": parameter " + e.getKey() + " has type "
              + type + "; use one of " + new java.util.TreeSet<>(TYPES));
        }
        params.add(new Param(e.getKey(), type, e.getValue().description()));
      }
      List<String> order = new ArrayList<>();
      if (irreversible) {
        params.forEach(p -> order.add(p.name()));
        out.add(new Tool(t.name(), t.description().strip(), params, null, null, order, true));
        continue;
      }
      String statement = placeholders(t.sql(), order, where);
      for (String n : order) {
        if (!ps.containsKey(n)) {
          throw new IllegalArgumentException(where + ": the sql uses :" + n + " but no parameter "
              + n + " is declared");
        }
      }
      for (Param p : params) {
        if (!order.contains(p.name())) {
          throw new IllegalArgumentException(where + ": parameter " + p.name() + " is declared "
              + "but the sql never uses :" + p.name());
        }
      }
      out.add(new Tool(t.name(), t.description().strip(), params, t.sql().strip(), statement,
          order, false));
    }
    return new DeclaredTools(out);
  }

  /** Replaces {@code :name} outside quotes by {@code ?}; records the names in order. */
  static String placeholders(String sql, List<String> order, String where) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = sql.indexOf(c, i + 1);
        while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
          end = sql.indexOf(c, end + 2);
        }
        if (end < 0) {
          throw new IllegalArgumentException(where + ": unterminated " + c + " in the sql");
        }
        out.append(sql, i, end + 1);
        i = end + 1;
      } else if (c == '?') {
        throw new IllegalArgumentException(where + ": write parameters as :name, not ?");
      } else if (c == ':' && i + 1 < sql.length() && Character.isLetter(sql.charAt(i + 1))
          && (i == 0 || sql.charAt(i - 1) != ':')) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j))
            || sql.charAt(j) == '_')) {
          j++;
        }
        order.add(sql.substring(i + 1, j));
        out.append('?');
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().strip();
  }

  record FileSpec(List<ToolSpec> tools) {}

  record ToolSpec(String name, String description, Map<String, ParamSpec> parameters, String sql,
      Boolean irreversible) {}

  record ParamSpec(String type, String description) {}
}
