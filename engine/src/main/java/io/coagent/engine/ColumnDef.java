package io.coagent.engine;

import java.util.Objects;

/**
 * One column of a table: its name (stored upper-case, as SQL folds it), type and nullability, and
 * optionally the SQL text of its {@code DEFAULT} clause. The engine stores {@code defaultSql}
 * with the schema (durably) but never interprets it: writes through the Java API supply every
 * value; the SQL layer evaluates the default for columns an INSERT or MERGE omits.
 */
public record ColumnDef(String name, ColumnType type, boolean nullable, String defaultSql) {
  public ColumnDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "column name must not be blank");
    }
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
    return new ColumnDef(name, type, nullable, sql);
  }
}
