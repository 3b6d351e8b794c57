package io.coagent.engine;

/**
 * A caller-supplied filter of a predicate scan. It must be a pure function of the row values:
 * the engine re-evaluates it on before- and after-images of later writes to decide whether a row
 * entered or left the scanned set (spec rule 4), and again in the quiescence check.
 */
@FunctionalInterface
public interface RowPredicate {
  RowPredicate TRUE = values -> true;

  boolean test(Object[] values);

  /**
   * An independent evaluation of the condition this predicate was derived from (e.g. the query's
   * WHERE clause interpreted by the SQL planner rather than compiled), or null if none. The
   * quiescence check uses it so a wrong predicate cannot certify itself: every row of the table
   * that the reference accepts at the read's serial position must lie in the read's key range and
   * be accepted by {@link #test}, else the footprint was narrower than its query and the read is
   * reported as a violation (never excused by an acknowledgement). It must be pure as well.
   */
  default RowPredicate reference() {
    return null;
  }
}
