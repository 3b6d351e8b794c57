package io.coagent.sql;

import io.coagent.engine.Trajectory;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement parsed (and, for queries and DML, planned) once and executable many times with
 * different parameters. Not thread-safe: it belongs to one {@link SqlSession}.
 */
public interface PreparedSql {

  /** What the statement does, which decides how the caller wraps it in a trajectory. */
  enum Kind {
    /** Reads only; returns rows. */
    QUERY,
    /** INSERT, UPDATE, DELETE, MERGE: writes through an engine operation; returns a count. */
    UPDATE,
    /** CREATE/DROP: not versioned, needs no trajectory. */
    DDL,
    /**
     * Metadata: a query that reads only system tables ({@code SYS.*}) or a {@code CALL} of a
     * {@code SYS} procedure. Runs outside any trajectory (pass null), logs no operation and
     * registers no footprint; procedures act on the session agent's own trajectory.
     */
    SYSTEM
  }

  String sql();

  Kind kind();

  int parameterCount();

  /**
   * Whether executions take the key-lookup fast path (one engine point read or update, no
   * Calcite execution) rather than the general planned path; for tests and diagnostics.
   */
  default boolean keyLookup() {
    return false;
  }

  /** The result columns of a {@link Kind#QUERY}; empty for every other kind. */
  default List<SqlColumn> columns() throws SQLException {
    return List.of();
  }

  /**
   * One entry per parameter ({@code label} is empty): its SQL type where the statement determines
   * it, else {@link Types#OTHER} ("ANY").
   */
  default List<SqlColumn> parameters() throws SQLException {
    List<SqlColumn> out = new ArrayList<>();
    for (int i = 0; i < parameterCount(); i++) {
      out.add(SqlColumn.unknownParameter());
    }
    return out;
  }

  /**
   * Runs the statement as one engine operation of {@code trajectory} (ignored, may be null, for
   * {@link Kind#DDL} and {@link Kind#SYSTEM}). On failure the operation's partial effects are undone and an {@link
   * SQLException} with a standard SQLState is thrown.
   */
  SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException;
}
