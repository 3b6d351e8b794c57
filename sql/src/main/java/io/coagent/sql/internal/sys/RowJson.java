package io.coagent.sql.internal.sys;

import io.coagent.engine.ColumnType;
import io.coagent.engine.Key;
import io.coagent.engine.TableDef;
import java.time.Instant;

/**
 * Row images and keys of {@code SYS.NOTIFICATIONS} as JSON objects keyed by column name (what an
 * agent reads most easily): {@code {"ID":1,"NAME":"pear","QTY":null}}. Timestamps are rendered
 * as ISO-8601 UTC strings, JSON documents as strings. A row of a dropped table, whose column
 * names are gone, is rendered as an array. The hidden row id of a table without a primary key is
 * named {@code $ROWID} (it cannot be used in SQL).
 */
final class RowJson {
  private RowJson() {}

  static String row(TableDef def, Object[] row) {
    if (row == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    if (def == null || def.columns().size() != row.length) {
      b.append('[');
      for (int i = 0; i < row.length; i++) {
        value(b.append(i > 0 ? "," : ""), null, row[i]);
      }
      return b.append(']').toString();
    }
    b.append('{');
    for (int i = 0; i < row.length; i++) {
      string(b.append(i > 0 ? "," : ""), def.columns().get(i).name()).append(':');
      value(b, def.columns().get(i).type(), row[i]);
    }
    return b.append('}').toString();
  }

  static String key(TableDef def, Key key) {
    if (def == null || def.hasHiddenKey() || def.primaryKey().size() != key.size()) {
      StringBuilder b = new StringBuilder("{\"$ROWID\":");
      return value(b, null, key.size() == 1 ? key.part(0) : key.toString()).append('}').toString();
    }
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < key.size(); i++) {
      int c = def.primaryKey().get(i);
      string(b.append(i > 0 ? "," : ""), def.columns().get(c).name()).append(':');
      value(b, def.columns().get(c).type(), key.part(i));
    }
    return b.append('}').toString();
  }

  private static StringBuilder value(StringBuilder b, ColumnType type, Object v) {
    if (v == null) {
      return b.append("null");
    }
    if ((type == ColumnType.TIMESTAMP || type == ColumnType.TIMESTAMP_TZ) && v instanceof Long ms) {
      return string(b, Instant.ofEpochMilli(ms).toString());
    }
    if (type == ColumnType.DATE && v instanceof Integer days) {
      return string(b, java.time.LocalDate.ofEpochDay(days).toString());
    }
    if (type == ColumnType.TIME && v instanceof Integer ms) {
      return string(b, java.time.LocalTime.ofNanoOfDay(ms * 1_000_000L).toString());
    }
    if (v instanceof byte[] bytes) {
      return string(b, "\\x" + java.util.HexFormat.of().formatHex(bytes));
    }
    if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return string(b, d.toString());
    }
    if (v instanceof Number || v instanceof Boolean) {
      return b.append(v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString());
    }
    return string(b, v.toString());
  }

  private static StringBuilder string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
