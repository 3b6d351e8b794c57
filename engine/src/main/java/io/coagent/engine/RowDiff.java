package io.coagent.engine;

/**
 * One row that differs between two points of a table's history, in the spirit of Dolt's
 * {@code dolt_diff}.
 *
 * @param key the row key
 * @param change ADDED (absent at the first point), REMOVED (absent at the second) or MODIFIED
 * @param from the row at the first point, or null
 * @param to the row at the second point, or null
 */
public record RowDiff(Key key, Change change, Object[] from, Object[] to) {
  /** How the row changed between the two points. */
  public enum Change {
    ADDED,
    MODIFIED,
    REMOVED
  }
}
