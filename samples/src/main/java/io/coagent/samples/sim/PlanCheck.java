package io.coagent.samples.sim;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The MTPO agent's judgement, as pure functions over its program, its executed steps and its values.
 *
 * <ul>
 *   <li>{@link #changes}: does a changed value change any decision? A decision is the list of tool
 *       calls a step makes; a step whose calls come out the same under the new value is unaffected.
 *   <li>{@link #stale}: the executed steps whose calls differ under the current values.
 *   <li>{@link #closure}: those steps plus every later executed step that must be redone with them
 *       to keep the serial order of the agent's own work: it uses a value they read, reads a row
 *       they write, or writes a row they read or write.
 * </ul>
 */
final class PlanCheck {
  private PlanCheck() {}

  /** Whether going from {@code before} to {@code after} changes some step's tool calls. */
  static boolean changes(Program program, Map<Integer, StepRecord> done, Env before, Env after) {
    Set<String> changed = before.changed(after);
    if (changed.isEmpty()) {
      return false;
    }
    for (Step s : program.steps()) {
      if (Collections.disjoint(s.uses(), changed)) {
        continue;
      }
      StepRecord rec = done.get(s.index());
      List<ToolCall> old = rec != null ? rec.calls : tryCalls(s, before);
      List<ToolCall> now = tryCalls(s, after);
      if (old != null && now != null && !old.equals(now)) {
        return true;
      }
    }
    return false;
  }

  /** Indexes of executed steps whose decision differs under {@code env}. */
  static TreeSet<Integer> stale(Map<Integer, StepRecord> done, Env env) {
    TreeSet<Integer> out = new TreeSet<>();
    for (StepRecord rec : done.values()) {
      List<ToolCall> now = tryCalls(rec.step, env);
      if (now == null || !now.equals(rec.calls)) {
        out.add(rec.index());
      }
    }
    return out;
  }

  /** {@code seeds} plus the later executed steps that depend on them (a fixpoint). */
  static TreeSet<Integer> closure(TreeMap<Integer, StepRecord> done, TreeSet<Integer> seeds) {
    TreeSet<Integer> d = new TreeSet<>(seeds);
    if (d.isEmpty()) {
      return d;
    }
    boolean grew = true;
    for (int round = 0; grew && round <= done.size(); round++) {
      grew = false;
      Set<String> produced = new java.util.HashSet<>();
      Set<String> reads = new java.util.HashSet<>();
      Set<String> writes = new java.util.HashSet<>();
      for (int i : d) {
        StepRecord r = done.get(i);
        produced.addAll(r.produces());
        reads.addAll(r.reads);
        writes.addAll(r.writes);
      }
      for (StepRecord r : done.tailMap(d.first(), false).values()) {
        if (d.contains(r.index())) {
          continue;
        }
        if (!Collections.disjoint(r.step.uses(), produced) || StepRecord.overlaps(r.reads, writes)
            || StepRecord.overlaps(r.writes, reads) || StepRecord.overlaps(r.writes, writes)) {
          d.add(r.index());
          grew = true;
        }
      }
    }
    return d;
  }

  /** The step's calls under {@code env}, or null if it needs a value not read yet. */
  static List<ToolCall> tryCalls(Step s, Env env) {
    try {
      return s.calls(env);
    } catch (Env.Missing e) {
      return null;
    }
  }
}
