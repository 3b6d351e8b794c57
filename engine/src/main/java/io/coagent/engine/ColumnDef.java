package io.coagent.engine;

import java.util.Objects;

/** One column of a table: its name (stored upper-case, as SQL folds it), type and nullability. */
public record ColumnDef(String name, ColumnType type, boolean nullable) {
  public ColumnDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "column name must not be blank");
    }
  }

  public static ColumnDef of(String name, ColumnType type) {
    return new ColumnDef(name, type, true);
  }

  public static ColumnDef notNull(String name, ColumnType type) {
    return new ColumnDef(name, type, false);
  }
}
