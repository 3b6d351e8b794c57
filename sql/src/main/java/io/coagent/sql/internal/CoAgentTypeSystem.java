package io.coagent.sql.internal;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite type system of the front end. Differs from the default in ways users notice:
 *
 * <ul>
 *   <li>rows of a VALUES list or UNION whose string literals differ in length become VARCHAR
 *       instead of a blank-padded CHAR(n), so {@code VALUES ('a'), ('bb')} inserts 'a', not 'a ';
 *   <li>DECIMAL goes up to precision and scale 38 (Calcite's default caps it at 19), so a
 *       {@code DECIMAL(38, 10)} column really holds 28 integer digits in literals, CASTs and
 *       arithmetic, as the engine does.
 * </ul>
 */
public final class CoAgentTypeSystem extends RelDataTypeSystemImpl {
  public static final CoAgentTypeSystem INSTANCE = new CoAgentTypeSystem();
  private static final int MAX_DECIMAL = 38;

  @Override
  public int getMaxPrecision(SqlTypeName type) {
    return type == SqlTypeName.DECIMAL ? MAX_DECIMAL : super.getMaxPrecision(type);
  }

  @Override
  public int getMaxScale(SqlTypeName type) {
    return type == SqlTypeName.DECIMAL ? MAX_DECIMAL : super.getMaxScale(type);
  }

  /** Still consulted by type coercion of comparisons (else DECIMAL(19, 0) casts overflow). */
  @Override
  public int getMaxNumericPrecision() {
    return MAX_DECIMAL;
  }

  @Override
  public int getMaxNumericScale() {
    return MAX_DECIMAL;
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
