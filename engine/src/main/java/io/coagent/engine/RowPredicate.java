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
}
