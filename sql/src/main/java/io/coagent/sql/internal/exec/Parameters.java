package io.coagent.sql.internal.exec;

import io.coagent.engine.SqlState;
import java.math.BigDecimal;
import java.sql.JDBCType;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Converts a bound parameter to the Java class Calcite's generated code expects for the type it
 * inferred for that parameter. Calcite casts rather than converts, so a {@code Long} bound to an
 * INTEGER parameter ({@code LIMIT ?}, as jOOQ binds it) would fail with a ClassCastException.
 * Only numbers are converted, and only between numeric types; anything else passes unchanged. A
 * value that does not fit exactly (a fraction or an overflow for an integer type) is an error
 * (22003) rather than silently rounded.
 */
final class Parameters {
  private Parameters() {}

  static Object coerce(Object v, int sqlType, int index) throws SQLException {
    if (v instanceof java.util.Date d) {
      // the driver's UTC forms (a DATE is UTC midnight) to the class Calcite's code casts to
      return switch (sqlType) {
        case Types.TIMESTAMP -> d instanceof java.sql.Timestamp ? d
            : new java.sql.Timestamp(d.getTime());
        case Types.DATE -> d instanceof java.sql.Date ? d
            : new java.sql.Date(Math.floorDiv(d.getTime(), 86_400_000L) * 86_400_000L);
        default -> d;
      };
    }
    if (!(v instanceof Number n)) {
      return v;
    }
    try {
      return convert(n, sqlType);
    } catch (ArithmeticException e) {
      throw new SQLException("parameter " + index + " = " + v + " does not fit the "
          + JDBCType.valueOf(sqlType).getName() + " the statement expects there", SqlState.NUMERIC_VALUE_OUT_OF_RANGE.code(), e);
    }
  }

  private static Object convert(Number n, int sqlType) {
    return switch (sqlType) {
      case Types.INTEGER -> n instanceof Integer ? n : (Object) exact(n).intValueExact();
      case Types.BIGINT -> n instanceof Long ? n : (Object) exact(n).longValueExact();
      case Types.SMALLINT -> n instanceof Short ? n : (Object) exact(n).shortValueExact();
      case Types.TINYINT -> n instanceof Byte ? n : (Object) exact(n).byteValueExact();
      case Types.DOUBLE, Types.FLOAT -> n instanceof Double ? n : (Object) n.doubleValue();
      case Types.REAL -> n instanceof Float ? n : (Object) n.floatValue();
      case Types.DECIMAL, Types.NUMERIC -> n instanceof BigDecimal ? n : exact(n);
      default -> n;
    };
  }

  private static BigDecimal exact(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(n.toString());
    }
    return BigDecimal.valueOf(n.longValue());
  }
}
