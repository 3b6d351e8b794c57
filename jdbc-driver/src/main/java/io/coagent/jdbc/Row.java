package io.coagent.jdbc;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The column values of a row (or of a key) in a {@link Notification} or an {@link Operation}'s
 * write, in table column order: immutable. Values are the driver's Java types ({@code Integer},
 * {@code String}, {@code BigDecimal}, ...); SQL NULL is {@code null}. A binary value ({@code
 * byte[]}) is copied in and each {@link #get} hands out a fresh copy, so no caller can change
 * what another sees.
 */
public final class Row extends AbstractList<Object> implements RandomAccess {
  private final Object[] values;

  private Row(Object[] values) {
    this.values = values;
  }

  /** A row of copies of {@code values}; null gives null (an absent row). */
  public static Row of(Object... values) {
    if (values == null) {
      return null;
    }
    Object[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof byte[] b) {
        copy[i] = b.clone();
      }
    }
    return new Row(copy);
  }

  @Override
  public Object get(int i) {
    Object v = values[i];
    return v instanceof byte[] b ? b.clone() : v;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    if (o instanceof Row r) {
      return Arrays.deepEquals(values, r.values);
    }
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.deepToString(values);
  }
}
