package io.coagent.engine.check;

import java.util.Map;

/**
 * What a program's reads return, as canonical strings, and how its written values depend on them.
 * Shared by the engine driver and the serial oracle: this is the agents' behaviour, not the
 * protocol under test.
 */
final class Semantics {
  private Semantics() {}

  /** The scanned predicate: {@code V > 0}. */
  static boolean inPredicate(Integer v) {
    return v != null && v > 0;
  }

  static String point(Integer v) {
    return v == null ? "-" : v.toString();
  }

  static String existence(boolean exists) {
    return exists ? "exists" : "absent";
  }

  /** Rows of the scan, key order: "k=v" of every row in the predicate. */
  static String scan(Map<Integer, Integer> rowsByKey) {
    StringBuilder sb = new StringBuilder("{");
    rowsByKey.forEach((k, v) -> {
      if (inPredicate(v)) {
        sb.append(k).append('=').append(v).append(';');
      }
    });
    return sb.append('}').toString();
  }

  /** The agent's memory: a fold of its surviving reads' results, in program order. */
  static long mem(Map<Integer, String> aliveReadsByIndex) {
    long m = 0;
    for (String r : aliveReadsByIndex.values()) {
      m = m * 31 + r.hashCode();
    }
    return m;
  }

  static int putValue(int arg, long mem) {
    return (int) Math.floorMod(arg + mem, 3L);
  }

  static int rmwValue(Integer before) {
    return before == null ? 1 : (before + 1) % 3;
  }
}
