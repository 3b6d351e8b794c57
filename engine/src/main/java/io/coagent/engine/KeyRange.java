package io.coagent.engine;

/**
 * A key interval for scans; a {@code null} bound is unbounded. {@link #ALL} is the whole table.
 */
public record KeyRange(Key low, boolean lowInclusive, Key high, boolean highInclusive) {
  public static final KeyRange ALL = new KeyRange(null, true, null, true);

  public static KeyRange closed(Key low, Key high) {
    return new KeyRange(low, true, high, true);
  }

  public static KeyRange point(Key key) {
    return new KeyRange(key, true, key, true);
  }

  /** Every key whose first components equal {@code prefix} (composite keys). */
  public static KeyRange prefix(Key prefix) {
    return new KeyRange(prefix, true, prefix.prefixUpperBound(), false);
  }

  public static KeyRange atLeast(Key low) {
    return new KeyRange(low, true, null, true);
  }

  public static KeyRange below(Key high) {
    return new KeyRange(null, true, high, false);
  }

  public boolean contains(Key k) {
    if (low != null) {
      int c = k.compareTo(low);
      if (c < 0 || (c == 0 && !lowInclusive)) {
        return false;
      }
    }
    if (high != null) {
      int c = k.compareTo(high);
      return c < 0 || (c == 0 && highInclusive);
    }
    return true;
  }

  /**
   * Whether a tuple of column values (an index entry; nulls sort first, see
   * {@link Key#compareToValues}) lies in this range.
   */
  public boolean containsValues(Object[] values) {
    if (low != null) {
      int c = -low.compareToValues(values);
      if (c < 0 || (c == 0 && !lowInclusive)) {
        return false;
      }
    }
    if (high != null) {
      int c = -high.compareToValues(values);
      return c < 0 || (c == 0 && highInclusive);
    }
    return true;
  }

  public boolean isAll() {
    return low == null && high == null;
  }
}
