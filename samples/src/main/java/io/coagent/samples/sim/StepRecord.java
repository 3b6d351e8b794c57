package io.coagent.samples.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An executed step: the calls it made, the operations they became, what they read and wrote. */
final class StepRecord {
  final Step step;
  final List<ToolCall> calls;
  final List<Long> ops = new ArrayList<>();
  /** Query operation id -> the value name its result is stored under. */
  final Map<Long, String> queryOps = new HashMap<>();
  final Set<String> reads = new HashSet<>();
  final Set<String> writes = new HashSet<>();

  StepRecord(Step step, List<ToolCall> calls) {
    this.step = step;
    this.calls = List.copyOf(calls);
    for (ToolCall c : calls) {
      (c instanceof ToolCall.Query ? reads : writes).add(c.footprint());
    }
  }

  int index() {
    return step.index();
  }

  Set<String> produces() {
    return step.produces(calls);
  }

  /** Whether two footprints can touch the same row ({@code T/*} overlaps every key of T). */
  static boolean overlaps(Set<String> a, Set<String> b) {
    for (String x : a) {
      for (String y : b) {
        if (x.equals(y) || x.endsWith("/*") && y.startsWith(table(x))
            || y.endsWith("/*") && x.startsWith(table(y))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String table(String footprint) {
    return footprint.substring(0, footprint.indexOf('/') + 1);
  }
}
