package io.coagent.sql.internal.exec;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.SqlErrors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Converts a value produced by SQL (a literal, a parameter, a Calcite result) into the engine's
 * representation of a column's type ({@code ColumnType.javaClass()}), applying the implicit
 * conversions a database user expects (numbers across widths, numeric strings, timestamps as
 * epoch milliseconds UTC). A value that does not fit fails with 42804 or 22003 naming the column;
 * NULL in a NOT NULL column fails with 23502; a JSON column's text must be one valid JSON document
 * ({@link JsonDocuments}, 22032).
 */
final class ValueCoercer {
  private ValueCoercer() {}

  static Object coerce(TableDef def, int column, Object v) throws SQLException {
    return coerce(def, column, v, true);
  }

  /** As {@link #coerce}; {@code validate} false skips re-checking a stored JSON document. */
  static Object coerce(TableDef def, int column, Object v, boolean validate) throws SQLException {
    ColumnDef c = def.columns().get(column);
    if (v == null) {
      if (!c.nullable()) {
        throw new SQLException("column " + c.name() + " of table " + def.name()
            + " is NOT NULL; supply a value", SqlErrors.NOT_NULL);
      }
      return null;
    }
    try {
      Object r = convert(c, v);
      if (r != null) {
        return validate && c.type() == ColumnType.JSON
            ? JsonDocuments.validate(def, c.name(), (String) r) : r;
      }
    } catch (ArithmeticException e) {
      throw new SQLException("value " + v + " is out of range for column " + c.name()
          + " (" + c.type() + ") of table " + def.name(), SqlState.NUMERIC_VALUE_OUT_OF_RANGE.code(), e);
    } catch (java.time.DateTimeException e) {
      throw new SQLException("value " + describe(v) + " is not a valid " + c.type()
          + " for column " + c.name() + " of table " + def.name() + " (" + e.getMessage() + ")",
          SqlState.INVALID_DATETIME_FORMAT.code(), e);
    } catch (IllegalArgumentException e) {
      // falls through to the type mismatch below (NumberFormatException included)
    }
    throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, "column " + c.name() + " of table " + def.name()
        + " is " + c.type() + "; cannot store " + describe(v));
  }

  private static Object convert(ColumnDef c, Object v) {
    return switch (c.type()) {
      case INTEGER -> integral(v).intValueExact();
      case BIGINT -> integral(v).longValueExact();
      case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue()
          : v instanceof String s ? (Object) Double.parseDouble(s.trim()) : null;
      case DECIMAL -> scale(c, v instanceof Number n ? decimal(n)
          : v instanceof String s ? new BigDecimal(s.trim()) : null);
      case VARCHAR, JSON -> v instanceof String || v instanceof Number || v instanceof Boolean
          ? v.toString() : null;
      case BOOLEAN -> v instanceof Boolean ? v : v instanceof String s ? bool(s) : null;
      case TIMESTAMP -> timestamp(v);
      case TIMESTAMP_TZ -> instant(v);
      case DATE -> date(v);
      case TIME -> time(v);
      case UUID -> v instanceof java.util.UUID ? v
          : v instanceof String s ? java.util.UUID.fromString(s.trim()) : null;
      case BINARY -> v instanceof byte[] b ? b
          : v instanceof org.apache.calcite.avatica.util.ByteString b ? b.getBytes()
          : v instanceof String s ? hex(s) : null;
    };
  }

  private static final long DAY = 86_400_000L;

  /** A DATE as days since 1970-01-01 (a java.sql.Date from the SQL layer is UTC midnight). */
  private static Object date(Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof java.util.Date d) {
      return Math.toIntExact(Math.floorDiv(d.getTime(), DAY));
    }
    if (v instanceof LocalDate d) {
      return Math.toIntExact(d.toEpochDay());
    }
    if (v instanceof LocalDateTime t) {
      return Math.toIntExact(t.toLocalDate().toEpochDay());
    }
    if (v instanceof String s) {
      return Math.toIntExact(LocalDate.parse(s.trim()).toEpochDay());
    }
    return null;
  }

  /** A TIME as milliseconds since midnight (a java.sql.Time from the SQL layer is UTC). */
  private static Object time(Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof java.util.Date d) {
      return (int) Math.floorMod(d.getTime(), DAY);
    }
    if (v instanceof LocalTime t) {
      return (int) (t.toNanoOfDay() / 1_000_000);
    }
    if (v instanceof String s) {
      return (int) (LocalTime.parse(s.trim()).toNanoOfDay() / 1_000_000);
    }
    return null;
  }

  /**
   * A TIMESTAMP WITH TIME ZONE as epoch milliseconds of its instant. Text with an offset
   * ({@code 2026-01-01 10:00:00+02}, ISO-8601) is read at that offset, without one as UTC (the
   * session time zone).
   */
  private static Object instant(Object v) {
    if (v instanceof OffsetDateTime o) {
      return o.toInstant().toEpochMilli();
    }
    if (v instanceof java.time.Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof String s) {
      String t = s.trim().replace(' ', 'T');
      java.time.temporal.TemporalAccessor a = java.time.format.DateTimeFormatter.ofPattern(
          "uuuu-MM-dd'T'HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S][XXX][XX][X]")
          .parse(t.endsWith("Z") ? t.substring(0, t.length() - 1) + "+00:00" : t);
      LocalDateTime local = LocalDateTime.from(a);
      return a.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
          ? local.toInstant(ZoneOffset.ofTotalSeconds(
              a.get(java.time.temporal.ChronoField.OFFSET_SECONDS))).toEpochMilli()
          : local.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    return timestamp(v);
  }

  /** PostgreSQL's hex text of a bytea, {@code \x0a1b}. */
  private static byte[] hex(String s) {
    if (!s.startsWith("\\x") || s.length() % 2 != 0) {
      return null;
    }
    return java.util.HexFormat.of().parseHex(s, 2, s.length());
  }

  private static BigDecimal integral(Object v) {
    BigDecimal d = v instanceof Number n ? decimal(n)
        : v instanceof String s ? new BigDecimal(s.trim()) : null;
    if (d == null) {
      throw new IllegalArgumentException("not a number");
    }
    return d.setScale(0, RoundingMode.HALF_UP);
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(n.toString());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /**
   * A DECIMAL at column {@code c}'s declared scale (rounded half up; more integer digits than the
   * precision allows is out of range), or without trailing zeros when it declares none.
   */
  private static BigDecimal scale(ColumnDef c, BigDecimal d) {
    if (d == null) {
      return null;
    }
    if (!c.hasScale()) {
      BigDecimal s = d.stripTrailingZeros();
      return s.scale() < 0 ? s.setScale(0) : s;
    }
    BigDecimal s = d.setScale(c.scale(), RoundingMode.HALF_UP);
    if (s.precision() - s.scale() > c.precision() - c.scale()) {
      throw new ArithmeticException("more than " + (c.precision() - c.scale())
          + " integer digits");
    }
    return s;
  }

  private static Boolean bool(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> null;
    };
  }

  private static Object timestamp(Object v) {
    if (v instanceof java.util.Date d) {
      return d.getTime();
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof String s) {
      return Timestamp.valueOf(s.trim()).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    return null;
  }

  private static String describe(Object v) {
    String s = v instanceof String ? "'" + v + "'" : String.valueOf(v);
    return s + " (" + v.getClass().getSimpleName() + ")";
  }
}
