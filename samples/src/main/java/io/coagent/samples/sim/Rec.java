package io.coagent.samples.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row as an agent sees it: column names (upper case, table order) and values normalized so
 * that a row read through JDBC and the same row carried by a notification compare equal (integral
 * numbers become {@code Long}).
 */
public record Rec(List<String> columns, List<Object> values) {
  public Rec {
    columns = List.copyOf(columns);
    values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** A row from a notification's {@code Object[]} image, in table column order. */
  public static Rec of(List<String> columns, Object[] image) {
    List<Object> v = new ArrayList<>(image.length);
    for (Object o : image) {
      v.add(norm(o));
    }
    return new Rec(columns, v);
  }

  public Object get(String column) {
    int i = columns.indexOf(column.toUpperCase(java.util.Locale.ROOT));
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return values.get(i);
  }

  public String str(String column) {
    Object o = get(column);
    return o == null ? null : o.toString();
  }

  public long num(String column) {
    return ((Number) get(column)).longValue();
  }

  /** The primary key: by the samples' convention, the first column. */
  public Object key() {
    return values.get(0);
  }

  /** Normalizes a value read through JDBC or carried by a notification. */
  public static Object norm(Object o) {
    if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return ((Number) o).longValue();
    }
    if (o instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
      return d.longValue();
    }
    return o;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(columns.get(i)).append('=').append(values.get(i));
    }
    return b.toString();
  }

  /** A compact rendering of an image for narration. */
  public static String image(Object[] image) {
    return image == null ? "(absent)" : Arrays.toString(image);
  }
}
