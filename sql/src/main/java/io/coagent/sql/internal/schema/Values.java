package io.coagent.sql.internal.schema;

import io.coagent.engine.ColumnDef;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Value helpers shared by pushdown and DML: SQL-style comparison across numeric classes, and
 * exact conversion of a value to an engine column type's Java class (null when not exact).
 */
public final class Values {
  private Values() {}

  /** Compares two non-null values the way SQL compares them; throws if not comparable. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Double || x instanceof Float || y instanceof Double || y instanceof Float) {
        return Double.compare(x.doubleValue(), y.doubleValue());
      }
      return decimal(x).compareTo(decimal(y));
    }
    a = normalizeTime(a);
    b = normalizeTime(b);
    if (a.getClass() == b.getClass() && a instanceof Comparable c) {
      return c.compareTo(b);
    }
    throw new ClassCastException("cannot compare " + a.getClass() + " with " + b.getClass());
  }

  public static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /**
   * The canonical form of a DECIMAL value, as stored (no trailing zeros, scale at least 0), so a
   * key built from {@code 1.5000000000} equals the stored key {@code 1.5}.
   */
  public static BigDecimal normalized(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /**
   * A DECIMAL value in the form column {@code c} stores: at the declared scale (exactly: null if
   * that would round), else {@link #normalized}.
   */
  public static BigDecimal scaled(ColumnDef c, BigDecimal d) {
    return c.hasScale() ? d.setScale(c.scale(), java.math.RoundingMode.UNNECESSARY) : normalized(d);
  }

  private static Object normalizeTime(Object v) {
    if (v instanceof java.util.Date d) {
      return d.getTime();
    }
    if (v instanceof Calendar c) {
      return c.getTimeInMillis();
    }
    return v;
  }

  /**
   * An engine value in the representation Calcite's generated code expects: BINARY's {@code
   * byte[]} as a {@link org.apache.calcite.avatica.util.ByteString}; everything else as stored.
   */
  public static Object toCalcite(Object v) {
    return v instanceof byte[] b ? new org.apache.calcite.avatica.util.ByteString(b) : v;
  }

  /** {@code values} with every value {@link #toCalcite}; the same array when nothing changes. */
  public static Object[] toCalcite(Object[] values) {
    Object[] out = values;
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof byte[]) {
        out = out == values ? values.clone() : out;
        out[i] = toCalcite(values[i]);
      }
    }
    return out;
  }

  /** {@code v} as an exact value of {@code t}'s Java class, or null if not exactly representable. */
  public static Object exact(ColumnDef c, Object v) {
    try {
      return switch (c.type()) {
        case INTEGER -> v instanceof Number n ? decimal(n).intValueExact() : null;
        case BIGINT -> v instanceof Number n ? decimal(n).longValueExact() : null;
        case DOUBLE -> v instanceof Number n ? n.doubleValue() : null;
        case DECIMAL -> v instanceof Number n ? scaled(c, decimal(n)) : null;
        case VARCHAR, JSON -> v instanceof String ? v : null;
        case BOOLEAN -> v instanceof Boolean ? v : null;
        case TIMESTAMP, TIMESTAMP_TZ -> v instanceof Timestamp ts ? (Object) ts.getTime()
            : v instanceof Long ? v : null;
        case DATE, TIME -> v instanceof Integer ? v : null;
        case UUID -> v instanceof java.util.UUID ? v : null;
        case BINARY -> null; // never a key
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
