package io.coagent.sql.internal.schema;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Engine column types to and from SQL types. The engine's {@link ColumnDef} carries no length,
 * precision or scale, so VARCHAR is unbounded and DECIMAL is exposed as DECIMAL(38, 10).
 */
public final class TypeMapping {
  public static final int DECIMAL_PRECISION = 38;
  public static final int DECIMAL_SCALE = 10;

  private TypeMapping() {}

  public static RelDataType toRel(RelDataTypeFactory f, ColumnDef c) {
    RelDataType t = switch (c.type()) {
      case INTEGER -> f.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> f.createSqlType(SqlTypeName.BIGINT);
      case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, DECIMAL_PRECISION, DECIMAL_SCALE);
      case VARCHAR, JSON -> f.createSqlType(SqlTypeName.VARCHAR);
      case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
      case TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, 3);
    };
    return f.createTypeWithNullability(t, c.nullable());
  }

  /** The SQL spelling used in generated CASTs. */
  public static String castTarget(ColumnType t) {
    return switch (t) {
      case DECIMAL -> "DECIMAL(" + DECIMAL_PRECISION + ", " + DECIMAL_SCALE + ")";
      case VARCHAR, JSON -> "VARCHAR";
      case TIMESTAMP -> "TIMESTAMP(3)";
      default -> t.name();
    };
  }

  /** The engine type of a declared SQL type name, or null if unsupported. */
  public static ColumnType fromSqlName(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "INTEGER", "INT", "SMALLINT", "TINYINT" -> ColumnType.INTEGER;
      case "BIGINT" -> ColumnType.BIGINT;
      case "DOUBLE", "FLOAT", "REAL" -> ColumnType.DOUBLE;
      case "DECIMAL", "NUMERIC", "DEC" -> ColumnType.DECIMAL;
      case "VARCHAR", "CHAR", "CHARACTER", "TEXT", "STRING", "CLOB" -> ColumnType.VARCHAR;
      case "BOOLEAN", "BOOL" -> ColumnType.BOOLEAN;
      case "TIMESTAMP", "DATETIME" -> ColumnType.TIMESTAMP;
      case "JSON" -> ColumnType.JSON;
      default -> null;
    };
  }
}
