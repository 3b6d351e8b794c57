package io.coagent.session;

import io.coagent.engine.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The typed reading of materialized values (a {@link io.coagent.sql.SqlResult}'s), as the JDBC
 * getters read them, and normalization of parameter objects to the classes the SQL layer
 * understands. Temporal values are in their UTC form there ({@link TemporalValues}). One
 * implementation for every front end: the embedded driver's result sets and the server's wire
 * encoding read values the same way, so a value reads the same through both.
 */
public final class Conversions {
  private Conversions() {}

  public static Object parameter(Object x) throws SQLException {
    if (x instanceof Byte || x instanceof Short) {
      return ((Number) x).intValue();
    }
    if (x instanceof Float f) {
      return f.doubleValue();
    }
    if (x instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (x instanceof Character c) {
      return c.toString();
    }
    if (x instanceof LocalDateTime t) {
      return TemporalValues.utc(t);
    }
    if (x instanceof LocalDate d) {
      return TemporalValues.utc(d);
    }
    if (x instanceof java.time.LocalTime t) {
      return TemporalValues.utc(t);
    }
    if (x instanceof Instant i) {
      return Timestamp.from(i);
    }
    if (x instanceof OffsetDateTime o) {
      return Timestamp.from(o.toInstant());
    }
    if (x instanceof java.time.ZonedDateTime z) {
      return Timestamp.from(z.toInstant());
    }
    if (x instanceof Timestamp t) {
      return TemporalValues.bindTimestamp(t, null);
    }
    if (x instanceof java.sql.Date d) {
      return TemporalValues.bindDate(d, null);
    }
    if (x instanceof java.sql.Time t) {
      return TemporalValues.bindTime(t, null);
    }
    if (x instanceof byte[] b) {
      return b.clone();
    }
    if (x instanceof java.sql.Blob b) {
      return b.getBytes(1, Math.toIntExact(b.length()));
    }
    if (x instanceof java.sql.Clob c) {
      return c.getSubString(1, Math.toIntExact(c.length()));
    }
    return x;
  }

  public static String string(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return v.toString();
  }

  public static Number number(Object v, String target) throws SQLException {
    if (v == null) {
      return 0;
    }
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        throw new SQLException("value '" + s + "' is not a " + target, SqlState.INVALID_CHARACTER_VALUE_FOR_CAST.code(), e);
      }
    }
    throw new SQLException("cannot read a " + v.getClass().getSimpleName() + " as " + target,
        SqlState.INVALID_CHARACTER_VALUE_FOR_CAST.code());
  }

  /**
   * A whole number for getByte/getShort/getInt/getLong, as PostgreSQL's driver reads one: a
   * fraction is cut toward zero, and a value outside {@code [min, max]} (or NaN, an infinity) is
   * 22003 rather than the silently wrapped bits of a narrowing cast.
   */
  public static long integral(Object v, String target, long min, long max) throws SQLException {
    Number n = number(v, target);
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      long x = n.longValue();
      if (x >= min && x <= max) {
        return x;
      }
    }
    BigDecimal d;
    try {
      d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    } catch (NumberFormatException e) { // NaN, Infinity
      throw outOfRange(n, target);
    }
    BigDecimal whole = d.setScale(0, java.math.RoundingMode.DOWN);
    if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max))
        > 0) {
      throw outOfRange(n, target);
    }
    return whole.longValue();
  }

  private static SQLException outOfRange(Number n, String target) {
    return new SQLException("value " + n + " is out of the range of " + target + "; read it with "
        + "a wider getter (getLong, getBigDecimal, getDouble)",
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE.code());
  }

  public static BigDecimal decimal(Object v) throws SQLException {
    if (v == null) {
      return null;
    }
    Number n = number(v, "DECIMAL");
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  public static boolean bool(Object v) throws SQLException {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return s.equalsIgnoreCase("true") || s.equals("1");
    }
    return number(v, "BOOLEAN").doubleValue() != 0;
  }

  public static Timestamp timestamp(Object v) throws SQLException {
    if (v == null) {
      return null;
    }
    if (v instanceof Timestamp t) {
      return t;
    }
    if (v instanceof java.util.Date d) {
      return new Timestamp(d.getTime());
    }
    if (v instanceof Long l) {
      return new Timestamp(l);
    }
    if (v instanceof String s) {
      try {
        return Timestamp.from(Timestamp.valueOf(s.trim()).toLocalDateTime()
            .toInstant(ZoneOffset.UTC));
      } catch (IllegalArgumentException e) {
        throw new SQLException("value '" + s + "' is not a TIMESTAMP", SqlState.INVALID_DATETIME_FORMAT.code(), e);
      }
    }
    throw new SQLException("cannot read a " + v.getClass().getSimpleName() + " as TIMESTAMP",
        SqlState.INVALID_CHARACTER_VALUE_FOR_CAST.code());
  }

  /**
   * {@code getObject(i, type)} of a value of a column of JDBC type {@code jdbcType}: the java.time
   * classes, UUID and byte[] first ({@link TemporalValues#as}), else {@link #as(Object, Class)}.
   */
  public static <T> T object(Object v, int jdbcType, Class<T> type) throws SQLException {
    Object typed = v == null ? null : TemporalValues.as(v, jdbcType, type);
    return typed != null ? type.cast(typed) : as(v, type);
  }

  @SuppressWarnings("unchecked")
  public static <T> T as(Object v, Class<T> type) throws SQLException {
    if (v == null) {
      return null;
    }
    if (type.isInstance(v)) {
      return (T) v;
    }
    Object r;
    if (type == String.class) {
      r = string(v);
    } else if (type == Integer.class) {
      r = number(v, "INTEGER").intValue();
    } else if (type == Long.class) {
      r = number(v, "BIGINT").longValue();
    } else if (type == Double.class) {
      r = number(v, "DOUBLE").doubleValue();
    } else if (type == BigDecimal.class) {
      r = decimal(v);
    } else if (type == Boolean.class) {
      r = bool(v);
    } else if (type == Timestamp.class) {
      r = timestamp(v);
    } else if (type == LocalDateTime.class) {
      r = LocalDateTime.ofInstant(timestamp(v).toInstant(), ZoneOffset.UTC);
    } else if (type == Instant.class) {
      r = timestamp(v).toInstant();
    } else {
      throw new SQLException("cannot convert " + v.getClass().getSimpleName() + " to "
          + type.getName(), SqlState.INVALID_CHARACTER_VALUE_FOR_CAST.code());
    }
    return (T) r;
  }
}
