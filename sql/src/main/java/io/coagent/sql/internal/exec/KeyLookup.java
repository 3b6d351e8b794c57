package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.sql.PreparedSql;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;

/**
 * The key-lookup fast path: statements that read or update one row by its whole primary key run
 * without Calcite at execution.
 *
 * <p>Why: when this path was written, a Calcite plan over our tables was a {@code
 * BindableTableScan} executed by Calcite's interpreter, rebuilt (with a rule pass and reflective
 * visitor dispatch) on every execution of a prepared statement: about 85% of a point SELECT
 * (docs/performance.md). Plans are now compiled once ({@code CoAgentTableScan}), but an execution
 * of the general plan still pays Calcite's per-execution work (a {@code DataContext}, the
 * Enumerable pipeline, Avatica's result set), which one engine point read does not need. Planning
 * still happens once, at prepare, for every statement.
 *
 * <p>Design: at prepare, after the general statement is built (so validation errors, result
 * columns and parameter counts are Calcite's), the parse tree is matched against two shapes,
 * {@link PointSelect} and {@link PointUpdate}; the WHERE clause must bind every primary-key column
 * by equality to a parameter or literal and contain nothing else ({@link KeyPattern}). A match
 * wraps the general statement: each execution builds the key from the parameters and makes one
 * engine point read (and write) with the same read footprint the general plan registers, so MTPO
 * notifications are unchanged; when a parameter is null or not exactly a key value it runs the
 * general statement instead. Anything the shapes do not cover (joins, expressions, ranges,
 * ORDER BY, TIMESTAMP and DECIMAL targets, ...) simply stays on the general path.
 *
 * <p>The system property {@value #PROPERTY} = {@code false}, read at prepare, switches the fast
 * path off (for comparisons and diagnosis).
 */
public final class KeyLookup {
  public static final String PROPERTY = "coagent.sql.keyLookup";

  private KeyLookup() {}

  /** The fast form of {@code general} (built from {@code node}), or {@code general} itself. */
  public static PreparedSql of(CoStore store, SqlNode node, PreparedSql general) {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return general;
    }
    PreparedSql fast = null;
    if (node instanceof SqlSelect s && general instanceof QueryStatement q) {
      fast = PointSelect.match(store, s, q);
    } else if (node instanceof SqlUpdate u && general instanceof UpdateStatement) {
      fast = PointUpdate.match(store, u, general);
    }
    return fast != null ? fast : general;
  }
}
