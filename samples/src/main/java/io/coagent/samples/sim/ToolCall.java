package io.coagent.samples.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tool call of a simulated agent: one SQL statement through the driver. Calls are values (records)
 * so that an agent can tell whether a changed input changes what it would do: same calls, same plan.
 *
 * <p>Every call names the rows it touches ({@link #footprint()}: {@code TABLE/key} for a point,
 * {@code TABLE/*} for a scan), which the MTPO agent uses to find the steps that depend on a step it
 * must redo. By convention the first column of every table is its primary key.
 */
public sealed interface ToolCall {

  /** The table/key this call reads or writes; {@code TABLE/*} for a scan. */
  String footprint();

  /**
   * {@code SELECT * FROM table [WHERE col = ? AND ... AND col LIKE ? ESCAPE '\' ...]}; the result
   * is stored under {@code name}. {@code contains} maps a column to a substring it must contain
   * (a grep), sent as a LIKE pattern with its wildcards escaped.
   */
  record Query(String name, String table, Map<String, Object> where, Map<String, String> contains,
      boolean point) implements ToolCall {
    public Query {
      where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
      contains = Collections.unmodifiableMap(new LinkedHashMap<>(contains));
    }

    /** Adds an equality condition (a scan filter). */
    public Query where(String column, Object value) {
      Map<String, Object> w = new LinkedHashMap<>(where);
      w.put(column.toUpperCase(java.util.Locale.ROOT), value);
      return new Query(name, table, w, contains, false);
    }

    /** Adds a substring condition (a scan filter): {@code column LIKE '%text%'}. */
    public Query containing(String column, String text) {
      Map<String, String> c = new LinkedHashMap<>(contains);
      c.put(column.toUpperCase(java.util.Locale.ROOT), text);
      return new Query(name, table, where, c, false);
    }

    public String sql() {
      StringBuilder b = new StringBuilder("SELECT * FROM ").append(table);
      String sep = " WHERE ";
      for (String c : where.keySet()) {
        b.append(sep).append(c).append(" = ?");
        sep = " AND ";
      }
      for (String c : contains.keySet()) {
        b.append(sep).append(c).append(" LIKE ? ESCAPE '\\'");
        sep = " AND ";
      }
      return b.toString();
    }

    public List<Object> params() {
      List<Object> out = new ArrayList<>(where.values());
      for (String text : contains.values()) {
        out.add("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            + "%");
      }
      return out;
    }

    /** Whether a row (in table column order) satisfies the filter: used to patch a scan. */
    public boolean matches(Rec r) {
      for (Map.Entry<String, Object> e : where.entrySet()) {
        if (!Objects.equals(Rec.norm(r.get(e.getKey())), Rec.norm(e.getValue()))) {
          return false;
        }
      }
      for (Map.Entry<String, String> e : contains.entrySet()) {
        if (!(r.get(e.getKey()) instanceof String v) || !v.contains(e.getValue())) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String footprint() {
      return table + "/" + (point ? Rec.norm(where.values().iterator().next()) : "*");
    }

    @Override
    public String toString() {
      String s = sql();
      for (Object p : params()) {
        s = s.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(literal(p)));
      }
      return s;
    }
  }

  /** An INSERT, UPDATE or DELETE of one row by primary key. */
  record Write(String sql, List<Object> params, String table, Object key) implements ToolCall {
    public Write {
      params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    @Override
    public String footprint() {
      return table + "/" + Rec.norm(key);
    }

    @Override
    public String toString() {
      String s = sql;
      for (Object p : params) {
        String lit = literal(p);
        s = s.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(
            lit.length() > 60 ? lit.substring(0, 57) + "...'" : lit));
      }
      return s;
    }
  }

  /** A point read of {@code table} by its key column. */
  static Query get(String name, String table, String keyColumn, Object key) {
    Map<String, Object> w = new LinkedHashMap<>();
    w.put(keyColumn.toUpperCase(java.util.Locale.ROOT), key);
    return new Query(name, table.toUpperCase(java.util.Locale.ROOT), w, Map.of(), true);
  }

  /** A scan of the whole table; narrow it with {@link Query#where} and {@link Query#containing}. */
  static Query scan(String name, String table) {
    return new Query(name, table.toUpperCase(java.util.Locale.ROOT), Map.of(), Map.of(), false);
  }

  static Write insert(String table, Object... values) {
    String marks = String.join(", ", Collections.nCopies(values.length, "?"));
    return new Write("INSERT INTO " + table.toUpperCase(java.util.Locale.ROOT) + " VALUES ("
        + marks + ")", List.of(values), table.toUpperCase(java.util.Locale.ROOT), values[0]);
  }

  /** {@code UPDATE table SET c1 = ?, ... WHERE keyColumn = ?}; {@code sets} alternates name, value. */
  static Write update(String table, String keyColumn, Object key, Object... sets) {
    StringBuilder b = new StringBuilder("UPDATE ").append(table.toUpperCase(java.util.Locale.ROOT))
        .append(" SET ");
    List<Object> params = new ArrayList<>();
    for (int i = 0; i + 1 < sets.length; i += 2) {
      b.append(i == 0 ? "" : ", ").append(sets[i]).append(" = ?");
      params.add(sets[i + 1]);
    }
    b.append(" WHERE ").append(keyColumn).append(" = ?");
    params.add(key);
    return new Write(b.toString(), params, table.toUpperCase(java.util.Locale.ROOT), key);
  }

  static Write delete(String table, String keyColumn, Object key) {
    return new Write("DELETE FROM " + table.toUpperCase(java.util.Locale.ROOT) + " WHERE "
        + keyColumn + " = ?", List.of(key), table.toUpperCase(java.util.Locale.ROOT), key);
  }

  private static String literal(Object p) {
    return p instanceof String s ? "'" + s.replace("\n", "\\n") + "'" : String.valueOf(p);
  }
}
