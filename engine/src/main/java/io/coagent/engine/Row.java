package io.coagent.engine;

import java.util.Arrays;

/** A row as a read returns it: its key and its column values (in table column order). */
public record Row(Key key, Object[] values) {
  public Object get(int column) {
    return values[column];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && key.equals(r.key) && Arrays.deepEquals(values, r.values);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return key + "=" + Arrays.toString(values);
  }
}
