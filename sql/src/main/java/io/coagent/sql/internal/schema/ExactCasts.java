package io.coagent.sql.internal.schema;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Which CASTs of a column {@link PredicateCompiler} may look through: those that keep every value
 * of the source type exactly, so a comparison of the cast value with a constant gives the same
 * answer as the comparison of the stored value with it. Anything else (a narrowing cast such as
 * DOUBLE or DECIMAL to INTEGER, which truncates 3.2 to 3; a cast to a lower DECIMAL scale, which
 * rounds; BIGINT to DOUBLE, which rounds above 2^53; casts between families) is not exact, and
 * the conjunct widens the footprint instead of being compiled.
 *
 * <p>Exact: the same type with the same or a wider precision and scale (nullability changes
 * included); an integer type to a wider integer type, to a DECIMAL with room for all its digits,
 * or (INTEGER and narrower only) to DOUBLE; a DECIMAL to a DECIMAL with at least its scale and
 * integer digits.
 */
final class ExactCasts {
  private ExactCasts() {}

  static boolean exact(RelDataType from, RelDataType to) {
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    int fi = integerDigits(f);
    if (fi > 0) {
      int ti = integerDigits(t);
      if (ti > 0) {
        return ti >= fi;
      }
      if (t == SqlTypeName.DECIMAL) {
        return to.getPrecision() - to.getScale() >= fi;
      }
      return t == SqlTypeName.DOUBLE && f != SqlTypeName.BIGINT;
    }
    if (f != t) {
      return false;
    }
    return switch (f) {
      case DECIMAL -> to.getScale() >= from.getScale()
          && to.getPrecision() - to.getScale() >= from.getPrecision() - from.getScale();
      case DOUBLE, BOOLEAN -> true;
      case TIMESTAMP -> to.getPrecision() >= from.getPrecision();
      case VARCHAR -> to.getPrecision() == from.getPrecision()
          && java.util.Objects.equals(to.getCharset(), from.getCharset())
          && java.util.Objects.equals(to.getCollation(), from.getCollation());
      default -> false;
    };
  }

  /** Decimal digits of an integer type (0: not an integer type). */
  private static int integerDigits(SqlTypeName t) {
    return switch (t) {
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      default -> 0;
    };
  }
}
