package io.coagent.engine.check;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.coagent.engine.check.Program.Op;
import io.coagent.engine.internal.ProtocolMutations;
import io.coagent.engine.internal.ProtocolMutations.Mutation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutation check: each deliberate protocol break (a test-only hook in the engine, off by default)
 * must be caught by the bounded checker. The search runs the program families in increasing size
 * (2 agents with 1+1 operations, then 2+1, then 1+2, under launch and then dynamic ranks), each
 * tuple's schedules in depth-first order, and stops at the first violating schedule: the one
 * printed is therefore a smallest catching program tuple and the first catching interleaving.
 */
class ProtocolMutationCheckTest {
  @ParameterizedTest
  @EnumSource(Mutation.class)
  void everyDeliberateProtocolBreak_isCaughtByTheChecker(Mutation m) {
    long start = System.nanoTime();
    Explorer.Example caught = ProtocolMutations.with(m, () -> search());
    assertNotNull(caught, "the checker did not catch mutation " + m + ": " + m.description);
    System.out.printf("MUTATION %s (%s) caught as %s in %.1f s by:%n  %s%n", m, m.description,
        caught.kind(), (System.nanoTime() - start) / 1e9,
        String.join("\n  ", caught.replayWith(m)));
  }

  private static Explorer.Example search() {
    int[][] sizes = {{1, 1}, {2, 1}, {1, 2}};
    for (boolean launch : new boolean[] {true, false}) {
      for (int[] size : sizes) {
        long n = 0;
        for (List<List<Op>> ops : Explorer.allTuples(size)) {
          Explorer.Totals t = Explorer.explore(Explorer.programs(ops, true, n++), launch, true);
          if (t.first != null) {
            return t.first;
          }
        }
      }
    }
    return null;
  }
}
