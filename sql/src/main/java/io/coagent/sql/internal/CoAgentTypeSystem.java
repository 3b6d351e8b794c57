package io.coagent.sql.internal;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;

/**
 * Calcite type system of the front end. Differs from the default in one way users notice: rows of
 * a VALUES list or UNION whose string literals differ in length become VARCHAR instead of a
 * blank-padded CHAR(n), so {@code VALUES ('a'), ('bb')} inserts 'a', not 'a '.
 */
public final class CoAgentTypeSystem extends RelDataTypeSystemImpl {
  public static final CoAgentTypeSystem INSTANCE = new CoAgentTypeSystem();

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
