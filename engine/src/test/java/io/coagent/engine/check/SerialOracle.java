package io.coagent.engine.check;

import io.coagent.engine.check.Program.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference the checker compares the engine with: the committed agents' programs run one
 * after another, in rank order, on a plain map (no versions, no ranks, no notifications). Written
 * independently of the engine: it shares only the program semantics ({@link Semantics}).
 */
final class SerialOracle {
  private SerialOracle() {}

  /** The initial rows: 1 -> 1 (in the predicate), 2 -> 0 (not in it). */
  static Map<Integer, Integer> initialState() {
    Map<Integer, Integer> m = new TreeMap<>();
    m.put(1, 1);
    m.put(2, 0);
    return m;
  }

  /**
   * Runs {@code programs} serially on the initial state.
   *
   * @return the final state, and per program the results of its surviving reads by op index
   */
  static Outcome run(List<Program> programs) {
    Map<Integer, Integer> state = initialState();
    List<Map<Integer, String>> reads = new ArrayList<>();
    for (Program p : programs) {
      reads.add(runOne(p, state));
    }
    return new Outcome(state, reads);
  }

  record Outcome(Map<Integer, Integer> state, List<Map<Integer, String>> reads) {}

  /** One own write: op index, key, value (null: tombstone). */
  private static final class W {
    final int index;
    final int key;
    final Integer value;
    boolean undone;

    W(int index, int key, Integer value) {
      this.index = index;
      this.key = key;
      this.value = value;
    }
  }

  private static Map<Integer, String> runOne(Program p, Map<Integer, Integer> base) {
    List<W> own = new ArrayList<>();
    TreeMap<Integer, String> alive = new TreeMap<>();
    List<Op> ops = p.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      switch (op.kind()) {
        case READ -> alive.put(i, Semantics.point(view(own, base, op.key())));
        case SCAN -> {
          Map<Integer, Integer> rows = new TreeMap<>();
          for (int k = 1; k <= 2; k++) {
            rows.put(k, view(own, base, k));
          }
          alive.put(i, Semantics.scan(rows));
        }
        case PUT -> own.add(new W(i, op.key(), Semantics.putValue(op.arg(), Semantics.mem(alive))));
        case RMW -> {
          Integer v = view(own, base, op.key());
          alive.put(i, Semantics.point(v));
          own.add(new W(i, op.key(), Semantics.rmwValue(v)));
        }
        case DEL -> {
          Integer v = view(own, base, op.key());
          alive.put(i, Semantics.existence(v != null));
          if (v != null) {
            own.add(new W(i, op.key(), null));
          }
        }
        case UNDO -> undo(own, alive, op.arg());
        case ROLLBACK -> {
          for (int j = op.arg(); j < i; j++) {
            undo(own, alive, j);
          }
        }
        case ABORT -> {
          return null; // nothing of an aborted program survives (and it is never passed here)
        }
        default -> throw new IllegalStateException(op.toString());
      }
    }
    for (int k = 1; k <= 2; k++) {
      Integer v = view(own, base, k);
      if (v == null) {
        base.remove(k);
      } else {
        base.put(k, v);
      }
    }
    return alive;
  }

  private static void undo(List<W> own, Map<Integer, String> alive, int index) {
    alive.remove(index);
    for (W w : own) {
      if (w.index == index) {
        w.undone = true;
      }
    }
  }

  /** The newest surviving own write of {@code key}, else the state before this program. */
  private static Integer view(List<W> own, Map<Integer, Integer> base, int key) {
    for (int i = own.size() - 1; i >= 0; i--) {
      W w = own.get(i);
      if (w.key == key && !w.undone) {
        return w.value;
      }
    }
    return base.get(key);
  }
}
