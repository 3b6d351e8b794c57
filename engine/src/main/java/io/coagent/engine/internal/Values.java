package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.TableDef;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * Row values: type checking with lossless widening, projection equality and result hashing.
 * BINARY values are {@code byte[]}: rows compare and hash them by content, never by identity.
 */
final class Values {
  private Values() {}

  /** A checked copy of {@code values}: right arity, NOT NULL honoured, each value of its type. */
  static Object[] checkRow(TableDef def, Object[] values) {
    if (values == null || values.length != def.columns().size()) {
      throw new CoAgentException(ErrorCode.TYPE_MISMATCH,
          "table " + def.name() + " has " + def.columns().size() + " columns but the row has "
              + (values == null ? 0 : values.length) + " values");
    }
    Object[] out = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      ColumnDef c = def.columns().get(i);
      Object v = values[i];
      if (v == null) {
        if (!c.nullable()) {
          throw new CoAgentException(ErrorCode.NOT_NULL_VIOLATION,
              "column " + def.name() + "." + c.name() + " is NOT NULL; supply a value");
        }
        continue;
      }
      out[i] = coerce(def, c, v);
    }
    return out;
  }

  /** {@code v} checked and converted for column {@code c} of {@code def} (null stays null). */
  static Object checkValue(TableDef def, ColumnDef c, Object v) {
    return v == null ? null : coerce(def, c, v);
  }

  private static Object coerce(TableDef def, ColumnDef c, Object v) {
    ColumnType t = c.type();
    if (v instanceof byte[] bytes && t == ColumnType.BINARY) {
      return bytes.clone(); // the caller keeps its array; the stored one is never mutated
    }
    if (t.accepts(v)) {
      return v;
    }
    boolean integral = v instanceof Integer || v instanceof Short || v instanceof Byte;
    switch (t) {
      case BIGINT, TIMESTAMP -> {
        if (integral) {
          return ((Number) v).longValue();
        }
      }
      case INTEGER -> {
        if (v instanceof Short || v instanceof Byte) {
          return ((Number) v).intValue();
        }
      }
      case DOUBLE -> {
        if (integral || v instanceof Float) {
          return ((Number) v).doubleValue();
        }
      }
      case DECIMAL -> {
        if (integral || v instanceof Long) {
          return BigDecimal.valueOf(((Number) v).longValue());
        }
      }
      default -> { }
    }
    throw new CoAgentException(ErrorCode.TYPE_MISMATCH,
        "column " + def.name() + "." + c.name() + " is " + t + " but the value " + v + " is a "
            + v.getClass().getSimpleName() + "; convert it to " + t.javaClass().getSimpleName());
  }

  /** Whether two non-null rows agree on {@code columns} (null = all columns). */
  static boolean sameColumns(Object[] a, Object[] b, int[] columns) {
    if (columns == null) {
      return Arrays.deepEquals(a, b);
    }
    for (int c : columns) {
      if (!Objects.deepEquals(a[c], b[c])) {
        return false;
      }
    }
    return true;
  }

  /** Hash of a row's projection; {@code values} null (absent row) hashes to a fixed value. */
  static long hash(Object[] values, int[] columns) {
    if (values == null) {
      return 0x9E3779B97F4A7C15L;
    }
    long h = 1;
    if (columns == null) {
      for (Object v : values) {
        h = mix(h, valueHash(v));
      }
    } else {
      for (int c : columns) {
        h = mix(h, valueHash(values[c]));
      }
    }
    return h;
  }

  /** A 64-bit hash per value, so that distinct small numbers and strings never collide. */
  private static long valueHash(Object v) {
    if (v == null) {
      return 0x5851F42D4C957F2DL;
    }
    if (v instanceof Long || v instanceof Integer) {
      return ((Number) v).longValue() * 0x9E3779B97F4A7C15L + 1;
    }
    if (v instanceof Double d) {
      return Double.doubleToLongBits(d) * 0xC2B2AE3D27D4EB4FL + 2;
    }
    if (v instanceof String str) {
      long h = 3;
      for (int i = 0; i < str.length(); i++) {
        h = h * 0x100000001B3L ^ str.charAt(i);
      }
      return h;
    }
    if (v instanceof byte[] bytes) {
      return Arrays.hashCode(bytes) * 0xD6E8FEB86659FD93L + 5;
    }
    return v.hashCode() * 0x27BB2EE687B0B0FDL + 4;
  }

  static long mix(long h, long x) {
    long z = (h ^ x) * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }

  static Object[] copy(Object[] values) {
    return values == null ? null : values.clone();
  }
}
