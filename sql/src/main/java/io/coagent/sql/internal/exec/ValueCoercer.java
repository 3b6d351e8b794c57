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
import java.time.LocalDateTime;
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
      case DECIMAL -> normalize(v instanceof Number n ? decimal(n)
          : v instanceof String s ? new BigDecimal(s.trim()) : null);
      case VARCHAR, JSON -> v instanceof String || v instanceof Number || v instanceof Boolean
          ? v.toString() : null;
      case BOOLEAN -> v instanceof Boolean ? v : v instanceof String s ? bool(s) : null;
      case TIMESTAMP -> timestamp(v);
    };
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

  private static BigDecimal normalize(BigDecimal d) {
    if (d == null) {
      return null;
    }
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
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
