package io.coagent.engine;

import static io.coagent.engine.Fixtures.HIGH;
import static io.coagent.engine.Fixtures.LONG;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 10 with an independent reference: a scan whose predicate is narrower than the condition
 * it was compiled from (its {@link RowPredicate#reference()}) is a violation, even though
 * re-running the same narrow predicate gives the same result.
 */
class VerifyReferenceTest {
  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Compiled to accept balances above {@code compiledAbove}; the query means above 0. */
  private static RowPredicate compiledAbove(long compiledAbove) {
    return new RowPredicate() {
      @Override
      public boolean test(Object[] values) {
        return (Long) values[1] > compiledAbove;
      }

      @Override
      public RowPredicate reference() {
        return values -> (Long) values[1] > 0;
      }
    };
  }

  private VerifyReport scanAndVerify(RowPredicate predicate) {
    seed(store, acct(1, 5), acct(2, 50));
    Trajectory t = store.begin("high", HIGH);
    Fixtures.run(t, OpKind.QUERY, "SELECT * FROM ACCOUNTS WHERE BALANCE > 0",
        op -> op.scan(Fixtures.ACCOUNTS, KeyRange.ALL, predicate));
    t.commit(LONG);
    return store.verify();
  }

  @Test
  void verify_scanNarrowerThanItsReference_isAViolation() {
    VerifyReport report = scanAndVerify(compiledAbove(10));
    assertFalse(report.ok(), report.toString());
    assertEquals(1, report.violations().size(), report.toString());
    assertTrue(report.violations().get(0).read().contains("narrower than its query"),
        report.toString());
    assertTrue(report.violations().get(0).read().contains("row 1"), report.toString());
  }

  @Test
  void verify_scanWiderThanItsReference_isOk() {
    VerifyReport report = scanAndVerify(compiledAbove(-1));
    assertTrue(report.ok(), report.toString());
    assertEquals(List.of(), report.findings());
  }
}
