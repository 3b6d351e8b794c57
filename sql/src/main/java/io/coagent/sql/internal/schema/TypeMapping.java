package io.coagent.sql.internal.schema;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Engine column types to and from SQL types. VARCHAR and BINARY are unbounded (a declared length
 * is ignored); a DECIMAL column is DECIMAL(p, s) as declared, or DECIMAL(38, 10) when declared
 * without a scale (or created before scales were kept). TIMESTAMP WITH TIME ZONE is an instant,
 * which Calcite sees as a TIMESTAMP(3) read in the session zone UTC (Calcite's own zoned types
 * fail on casts from text); result columns taken straight from such a column are described as
 * TIMESTAMP WITH TIME ZONE ({@link #describeResult}).
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
      case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, precision(c), scale(c));
      case VARCHAR, JSON -> f.createSqlType(SqlTypeName.VARCHAR);
      case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
      case TIMESTAMP, TIMESTAMP_TZ -> f.createSqlType(SqlTypeName.TIMESTAMP, 3);
      case DATE -> f.createSqlType(SqlTypeName.DATE);
      case TIME -> f.createSqlType(SqlTypeName.TIME, 3);
      case UUID -> f.createSqlType(SqlTypeName.UUID);
      case BINARY -> f.createSqlType(SqlTypeName.VARBINARY);
    };
    return f.createTypeWithNullability(t, c.nullable());
  }

  /** The row type of table {@code def}: its columns, in order, as {@link #toRel} maps them. */
  public static RelDataType rowType(RelDataTypeFactory f, io.coagent.engine.TableDef def) {
    RelDataTypeFactory.Builder b = f.builder();
    for (ColumnDef c : def.columns()) {
      b.add(c.name(), toRel(f, c));
    }
    return b.build();
  }

  /** The precision Calcite sees for a DECIMAL column. */
  public static int precision(ColumnDef c) {
    return c.hasScale() ? c.precision() : DECIMAL_PRECISION;
  }

  /** The scale Calcite sees for a DECIMAL column. */
  public static int scale(ColumnDef c) {
    return c.hasScale() ? c.scale() : DECIMAL_SCALE;
  }

  /** A parameter (or unnamed value) of column {@code c}'s type, as JDBC metadata describes it. */
  public static io.coagent.sql.SqlColumn describe(ColumnDef c) {
    return switch (c.type()) {
      case INTEGER -> col(c, java.sql.Types.INTEGER, "INTEGER", 10, 0, Integer.class);
      case BIGINT -> col(c, java.sql.Types.BIGINT, "BIGINT", 19, 0, Long.class);
      case DOUBLE -> col(c, java.sql.Types.DOUBLE, "DOUBLE", 15, 0, Double.class);
      case DECIMAL -> col(c, java.sql.Types.DECIMAL, "DECIMAL", precision(c), scale(c),
          java.math.BigDecimal.class);
      case VARCHAR -> col(c, java.sql.Types.VARCHAR, "VARCHAR", Integer.MAX_VALUE, 0, String.class);
      case JSON -> col(c, java.sql.Types.VARCHAR, "JSON", Integer.MAX_VALUE, 0, String.class);
      case BOOLEAN -> col(c, java.sql.Types.BOOLEAN, "BOOLEAN", 1, 0, Boolean.class);
      case TIMESTAMP -> col(c, java.sql.Types.TIMESTAMP, "TIMESTAMP", 23, 3, java.sql.Timestamp.class);
      case DATE -> col(c, java.sql.Types.DATE, "DATE", 10, 0, java.sql.Date.class);
      case TIME -> col(c, java.sql.Types.TIME, "TIME", 12, 3, java.sql.Time.class);
      case TIMESTAMP_TZ -> col(c, java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
          "TIMESTAMP WITH TIME ZONE", 29, 3, java.time.OffsetDateTime.class);
      case UUID -> col(c, java.sql.Types.OTHER, "UUID", 36, 0, java.util.UUID.class);
      case BINARY -> col(c, java.sql.Types.VARBINARY, "VARBINARY", Integer.MAX_VALUE, 0,
          byte[].class);
    };
  }

  /**
   * A result column as Calcite described it, corrected when it is taken straight from a
   * TIMESTAMP WITH TIME ZONE column {@code origin} (null: computed, or not a store table).
   */
  public static io.coagent.sql.SqlColumn describeResult(io.coagent.sql.SqlColumn calcite,
      ColumnDef origin) {
    if (origin == null || origin.type() != ColumnType.TIMESTAMP_TZ
        || calcite.jdbcType() != java.sql.Types.TIMESTAMP) {
      return calcite;
    }
    io.coagent.sql.SqlColumn d = describe(origin);
    return new io.coagent.sql.SqlColumn(calcite.label(), calcite.table(), d.jdbcType(),
        d.typeName(), d.precision(), d.scale(), calcite.nullable(), d.className());
  }

  private static io.coagent.sql.SqlColumn col(ColumnDef c, int type, String name, int precision,
      int scale, Class<?> cls) {
    return new io.coagent.sql.SqlColumn("", "", type, name, precision, scale, c.nullable(),
        cls.getName());
  }

  /** The SQL spelling used in generated CASTs. */
  public static String castTarget(ColumnDef c) {
    return switch (c.type()) {
      case DECIMAL -> "DECIMAL(" + precision(c) + ", " + scale(c) + ")";
      case VARCHAR, JSON -> "VARCHAR";
      case TIMESTAMP, TIMESTAMP_TZ -> "TIMESTAMP(3)";
      case TIME -> "TIME(3)";
      case BINARY -> "VARBINARY";
      default -> c.type().name();
    };
  }

  /**
   * The engine type of a declared SQL type name (as Calcite's parser names it, after {@link
   * #KEYWORD_TYPES} are rewritten), or null if unsupported.
   */
  public static ColumnType fromSqlName(String name) {
    String up = name.toUpperCase(Locale.ROOT);
    ColumnType t = up.contains(" ") ? null : DECLARABLE.get(up);
    if (t != null) {
      return t;
    }
    return switch (up) {
      case "TIMESTAMP_TZ", "TIMESTAMP_WITH_LOCAL_TIME_ZONE" -> ColumnType.TIMESTAMP_TZ;
      default -> null;
    };
  }

  /**
   * Every type name CREATE TABLE accepts, spelled as a user writes it, and the engine type it
   * makes; in the order catalog listings show them (the engine type's name first).
   */
  public static final java.util.Map<String, ColumnType> DECLARABLE = declarable();

  private static java.util.Map<String, ColumnType> declarable() {
    java.util.Map<String, ColumnType> m = new java.util.LinkedHashMap<>();
    for (String n : new String[] {"INTEGER", "INT", "SMALLINT", "TINYINT", "INT4", "INT2"}) {
      m.put(n, ColumnType.INTEGER);
    }
    m.put("BIGINT", ColumnType.BIGINT);
    m.put("INT8", ColumnType.BIGINT);
    for (String n : new String[] {"DOUBLE", "FLOAT", "REAL", "FLOAT8"}) {
      m.put(n, ColumnType.DOUBLE);
    }
    for (String n : new String[] {"DECIMAL", "NUMERIC", "DEC"}) {
      m.put(n, ColumnType.DECIMAL);
    }
    for (String n : new String[] {"VARCHAR", "CHAR", "CHARACTER", "TEXT", "STRING", "CLOB"}) {
      m.put(n, ColumnType.VARCHAR);
    }
    m.put("BOOLEAN", ColumnType.BOOLEAN);
    m.put("BOOL", ColumnType.BOOLEAN);
    m.put("TIMESTAMP", ColumnType.TIMESTAMP);
    m.put("DATETIME", ColumnType.TIMESTAMP);
    m.put("JSON", ColumnType.JSON);
    m.put("DATE", ColumnType.DATE);
    m.put("TIME", ColumnType.TIME);
    m.put("TIMESTAMP WITH TIME ZONE", ColumnType.TIMESTAMP_TZ);
    m.put("TIMESTAMPTZ", ColumnType.TIMESTAMP_TZ);
    m.put("TIMESTAMP WITH LOCAL TIME ZONE", ColumnType.TIMESTAMP_TZ);
    m.put("UUID", ColumnType.UUID);
    for (String n : new String[] {"BINARY", "VARBINARY", "BLOB", "BYTEA"}) {
      m.put(n, ColumnType.BINARY);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Type names that Calcite's parser reserves as keywords without accepting them as column types;
   * CREATE TABLE text spells them as these quoted identifiers before parsing.
   */
  public static final java.util.List<String> KEYWORD_TYPES = java.util.List.of("CLOB", "BLOB",
      "DATETIME");
}
