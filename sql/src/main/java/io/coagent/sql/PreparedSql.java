package io.coagent.sql;

import io.coagent.engine.Trajectory;
import java.sql.SQLException;
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
    /** INSERT, UPDATE, DELETE: writes through an engine operation; returns a count. */
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
   * Runs the statement as one engine operation of {@code trajectory} (ignored, may be null, for
   * {@link Kind#DDL} and {@link Kind#SYSTEM}). On failure the operation's partial effects are undone and an {@link
   * SQLException} with a standard SQLState is thrown.
   */
  SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException;
}
