package io.coagent.engine;

import java.util.Arrays;

/**
 * A row key: the primary-key values of a row, or its hidden row id. Immutable; ordered
 * lexicographically by component. Components are non-null values of one {@link ColumnType}'s Java
 * class, so they are mutually {@link Comparable} within one table.
 */
public final class Key implements Comparable<Key> {
  /**
   * A component greater than every value, used only as the last component of an upper bound
   * ({@link #prefixUpperBound()}); never stored in a row.
   */
  private enum Top { TOP }

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

  /**
   * The smallest key greater than every key that starts with this one: the exclusive-of-nothing
   * upper bound of {@link KeyRange#prefix(Key)}.
   */
  public Key prefixUpperBound() {
    Object[] p = java.util.Arrays.copyOf(parts, parts.length + 1);
    p[parts.length] = Top.TOP;
    return new Key(p);
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
      boolean top = parts[i] == Top.TOP;
      boolean otherTop = o.parts[i] == Top.TOP;
      if (top || otherTop) {
        if (top != otherTop) {
          return top ? 1 : -1;
        }
        continue;
      }
      int c = ((Comparable) parts[i]).compareTo(o.parts[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(parts.length, o.parts.length);
  }

  /**
   * Compares this key with a tuple of column values ordered as keys are, except that a null value
   * sorts before every non-null one (index entries hold nulls; keys never do): negative if this
   * key sorts before {@code values}, zero if equal, positive after.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compareToValues(Object[] values) {
    int n = Math.min(parts.length, values.length);
    for (int i = 0; i < n; i++) {
      if (parts[i] == Top.TOP) {
        return 1;
      }
      if (values[i] == null) {
        return 1;
      }
      int c = ((Comparable) parts[i]).compareTo(values[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(parts.length, values.length);
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
