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

  /** A parameter (or unnamed value) of column {@code c}'s type, as JDBC metadata describes it. */
  public static io.coagent.sql.SqlColumn describe(ColumnDef c) {
    return switch (c.type()) {
      case INTEGER -> col(c, java.sql.Types.INTEGER, "INTEGER", 10, 0, Integer.class);
      case BIGINT -> col(c, java.sql.Types.BIGINT, "BIGINT", 19, 0, Long.class);
      case DOUBLE -> col(c, java.sql.Types.DOUBLE, "DOUBLE", 15, 0, Double.class);
      case DECIMAL -> col(c, java.sql.Types.DECIMAL, "DECIMAL", DECIMAL_PRECISION, DECIMAL_SCALE,
          java.math.BigDecimal.class);
      case VARCHAR -> col(c, java.sql.Types.VARCHAR, "VARCHAR", Integer.MAX_VALUE, 0, String.class);
      case JSON -> col(c, java.sql.Types.VARCHAR, "JSON", Integer.MAX_VALUE, 0, String.class);
      case BOOLEAN -> col(c, java.sql.Types.BOOLEAN, "BOOLEAN", 1, 0, Boolean.class);
      case TIMESTAMP -> col(c, java.sql.Types.TIMESTAMP, "TIMESTAMP", 23, 3, java.sql.Timestamp.class);
    };
  }

  private static io.coagent.sql.SqlColumn col(ColumnDef c, int type, String name, int precision,
      int scale, Class<?> cls) {
    return new io.coagent.sql.SqlColumn("", "", type, name, precision, scale, c.nullable(),
        cls.getName());
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
