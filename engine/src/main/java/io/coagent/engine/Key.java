package io.coagent.engine;

import java.util.Arrays;

/**
 * A row key: the primary-key values of a row, or its hidden row id. Immutable; ordered
 * lexicographically by component. Components are non-null values of one {@link ColumnType}'s Java
 * class, so they are mutually {@link Comparable} within one table.
 */
public final class Key implements Comparable<Key> {
  private final Object[] parts;
  private final int hash;

  private Key(Object[] parts) {
    this.parts = parts;
    this.hash = Arrays.hashCode(parts);
  }

  public static Key of(Object... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("a key needs at least one component");
    }
    Object[] copy = parts.clone();
    for (Object p : copy) {
      if (!(p instanceof Comparable)) {
        throw new CoAgentException(
            ErrorCode.TYPE_MISMATCH,
            "key component " + p + " is null or not comparable; key columns are NOT NULL");
      }
    }
    return new Key(copy);
  }

  public int size() {
    return parts.length;
  }

  public Object part(int i) {
    return parts[i];
  }

  public Object[] toArray() {
    return parts.clone();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compareTo(Key o) {
    int n = Math.min(parts.length, o.parts.length);
    for (int i = 0; i < n; i++) {
      int c = ((Comparable) parts[i]).compareTo(o.parts[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(parts.length, o.parts.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && Arrays.equals(parts, k.parts);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return parts.length == 1 ? String.valueOf(parts[0]) : Arrays.toString(parts);
  }
}
