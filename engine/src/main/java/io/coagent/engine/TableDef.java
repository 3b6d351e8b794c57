package io.coagent.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A table's schema: ordered columns and the primary key as column positions.
 *
 * <p>A table without a primary key ({@code primaryKey} empty) gets a hidden row identity: the
 * engine assigns each inserted row a fresh {@code Long} key, so duplicate rows can coexist, as in
 * SQL. Key columns are implicitly NOT NULL.
 *
 * <p>{@code constraints} are the SQL text of the table's CHECK and FOREIGN KEY constraints, one
 * table constraint each ({@code CONSTRAINT "N" CHECK (QTY >= 0)}). Like {@link
 * ColumnDef#defaultSql()} the engine stores them with the schema (durably) but never interprets
 * them: the SQL layer enforces them on its writes, writes through the Java API do not.
 */
public record TableDef(String name, List<ColumnDef> columns, List<Integer> primaryKey,
    List<String> constraints) {
  /** A table without CHECK or FOREIGN KEY constraints. */
  public TableDef(String name, List<ColumnDef> columns, List<Integer> primaryKey) {
    this(name, columns, primaryKey, List.of());
  }

  public TableDef {
    if (name == null || name.isBlank()) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "table name must not be blank");
    }
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    constraints = List.copyOf(constraints);
    if (columns.isEmpty()) {
      throw new CoAgentException(
          ErrorCode.INVALID_DEFINITION, "table " + name + " needs at least one column");
    }
    Set<String> seen = new HashSet<>();
    for (ColumnDef c : columns) {
      if (!seen.add(c.name().toUpperCase(Locale.ROOT))) {
        throw new CoAgentException(
            ErrorCode.INVALID_DEFINITION,
            "table " + name + " declares column " + c.name() + " twice; rename one of them");
      }
    }
    Set<Integer> pk = new HashSet<>();
    List<ColumnDef> fixed = new ArrayList<>(columns);
    for (int i : primaryKey) {
      if (i < 0 || i >= columns.size() || !pk.add(i)) {
        throw new CoAgentException(
            ErrorCode.INVALID_DEFINITION,
            "table " + name + ": primary key position " + i + " is not a distinct column");
      }
      ColumnDef c = fixed.get(i);
      if (c.type() == ColumnType.BINARY) {
        throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "table " + name + ": column "
            + c.name() + " is BINARY and cannot be part of the primary key; key on another "
            + "column or on a UUID");
      }
      fixed.set(i, c.asNotNull());
    }
    columns = List.copyOf(fixed);
  }

  public static TableDef of(String name, List<ColumnDef> columns, int... primaryKey) {
    List<Integer> pk = new ArrayList<>();
    for (int i : primaryKey) {
      pk.add(i);
    }
    return new TableDef(name, columns, pk);
  }

  /** This table with {@code columns} and {@code name}, its key and constraints kept. */
  public TableDef with(String name, List<ColumnDef> columns) {
    return new TableDef(name, columns, primaryKey, constraints);
  }

  /** This table with {@code constraints} instead of its own. */
  public TableDef withConstraints(List<String> constraints) {
    return new TableDef(name, columns, primaryKey, constraints);
  }

  /** True when rows are identified by a hidden, engine-assigned row id. */
  public boolean hasHiddenKey() {
    return primaryKey.isEmpty();
  }

  /** Position of the column named {@code column} (case-insensitive), or -1. */
  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }

  /** The key of {@code row}; only for tables with a declared primary key. */
  public Key keyOf(Object[] row) {
    Object[] k = new Object[primaryKey.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = row[primaryKey.get(i)];
    }
    return Key.of(k);
  }
}
