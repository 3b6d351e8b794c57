package io.coagent.engine;

import java.util.Objects;

/**
 * One column of a table: its name (stored upper-case, as SQL folds it), type and nullability, and
 * optionally the SQL text of its {@code DEFAULT} clause. The engine stores {@code defaultSql}
 * with the schema (durably) but never interprets it: writes through the Java API supply every
 * value; the SQL layer evaluates the default for columns an INSERT or MERGE omits.
 *
 * <p>{@code precision} and {@code scale} are the declared {@code DECIMAL(p, s)} of a DECIMAL
 * column, -1 when not declared (older stores, or a bare {@code DECIMAL}); the engine stores them
 * with the schema and the SQL layer rounds values to the scale. Other types have -1.
 */
public record ColumnDef(String name, ColumnType type, boolean nullable, String defaultSql,
    int precision, int scale) {
  public ColumnDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "column name must not be blank");
    }
    if (type != ColumnType.DECIMAL && (precision != -1 || scale != -1)) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "column " + name + " is " + type
          + "; only DECIMAL takes a precision and scale");
    }
    if (precision < -1 || precision > 38 || scale < -1 || (precision == -1) != (scale == -1)
        || scale > precision) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "column " + name
          + ": DECIMAL(" + precision + ", " + scale + ") needs 1 <= precision <= 38 and "
          + "0 <= scale <= precision");
    }
  }

  /** A column with a DEFAULT clause ({@code null}: none) and no declared precision. */
  public ColumnDef(String name, ColumnType type, boolean nullable, String defaultSql) {
    this(name, type, nullable, defaultSql, -1, -1);
  }

  /** A column without a DEFAULT clause. */
  public ColumnDef(String name, ColumnType type, boolean nullable) {
    this(name, type, nullable, null);
  }

  public static ColumnDef of(String name, ColumnType type) {
    return new ColumnDef(name, type, true);
  }

  public static ColumnDef notNull(String name, ColumnType type) {
    return new ColumnDef(name, type, false);
  }

  /** This column with a DEFAULT clause ({@code null}: none). */
  public ColumnDef withDefault(String sql) {
    return new ColumnDef(name, type, nullable, sql, precision, scale);
  }

  /** This column, NOT NULL. */
  public ColumnDef asNotNull() {
    return new ColumnDef(name, type, false, defaultSql, precision, scale);
  }

  /** This DECIMAL column with a declared precision and scale. */
  public ColumnDef withPrecision(int precision, int scale) {
    return new ColumnDef(name, type, nullable, defaultSql, precision, scale);
  }

  /** Whether a DECIMAL column declares its scale (values are kept at exactly that scale). */
  public boolean hasScale() {
    return scale >= 0;
  }

  /**
   * The type as the schema stores it: the type's name, with {@code (p,s)} for a DECIMAL that
   * declares them ({@link #parseType} reads it back).
   */
  public String storedType() {
    return hasScale() ? type.name() + "(" + precision + "," + scale + ")" : type.name();
  }

  /** A column read back from the schema, its type in {@link #storedType} form. */
  public static ColumnDef parseType(String name, String storedType, boolean nullable,
      String defaultSql) {
    int open = storedType.indexOf('(');
    if (open < 0) {
      return new ColumnDef(name, ColumnType.valueOf(storedType), nullable, defaultSql);
    }
    String[] ps = storedType.substring(open + 1, storedType.length() - 1).split(",");
    return new ColumnDef(name, ColumnType.valueOf(storedType.substring(0, open)), nullable,
        defaultSql, Integer.parseInt(ps[0]), Integer.parseInt(ps[1]));
  }
}
