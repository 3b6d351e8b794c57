package io.coagent.engine.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A small agent program for the bounded checker: up to a few operations over table T(ID, V) with
 * rows 1 and 2 and the predicate {@code V > 0}, then an implicit commit (unless it aborts).
 *
 * <p>The agent's decisions depend on what it read: {@code mem} folds the results of its
 * surviving reads in program order, and a blind write's value is {@code (arg + mem) mod 3}. A
 * read-modify-write writes {@code (v + 1) mod 3} (or inserts 1 when the row is absent), so rows
 * enter and leave the predicate. Control flow never depends on values: the same program always
 * runs the same statements, which lets the serial oracle replay it.
 *
 * @param ops the operations, in order (ABORT only as the last one)
 * @param repairs true: on a notification, undo from the earliest named operation on and redo;
 *     false: acknowledge without repairing (the negative control)
 * @param asyncCommit true: commit with {@code commitAsync()} (a pending future is a blocked step);
 *     false: {@code commit(Duration.ZERO)}, retried when the checker sees every lower rank ended
 */
record Program(List<Op> ops, boolean repairs, boolean asyncCommit) {
  Program {
    ops = List.copyOf(ops);
  }

  /** Operation kinds. */
  enum Kind {
    /** Point read of {@code key}. */
    READ,
    /** Predicate scan {@code V > 0} over the whole table. */
    SCAN,
    /** Blind upsert of {@code key} to {@code (arg + mem) mod 3}: no read. */
    PUT,
    /** In one statement: read {@code key}, then update it to {@code (v+1) mod 3} or insert 1. */
    RMW,
    /** Delete {@code key} if present (an existence read). */
    DEL,
    /** Undo this program's operation at index {@code arg}. */
    UNDO,
    /** Roll back to the savepoint taken just before operation {@code arg}. */
    ROLLBACK,
    /** Abort the trajectory (always last). */
    ABORT
  }

  /** One operation; {@code key} is 1 or 2 where used, {@code arg} as documented per kind. */
  record Op(Kind kind, int key, int arg) {
    boolean reads() {
      return kind == Kind.READ || kind == Kind.SCAN || kind == Kind.RMW || kind == Kind.DEL;
    }

    boolean writes() {
      return kind == Kind.PUT || kind == Kind.RMW || kind == Kind.DEL;
    }

    /** Footprints the engine records for this operation (the rule-10 check re-runs each). */
    int footprints() {
      return switch (kind) {
        case READ, SCAN, DEL -> 1;
        case RMW -> 2;
        default -> 0;
      };
    }

    @Override
    public String toString() {
      return switch (kind) {
        case READ, RMW, DEL -> kind + "(" + key + ")";
        case PUT -> "PUT(" + key + ",+" + arg + ")";
        case SCAN -> "SCAN";
        case UNDO, ROLLBACK -> kind + "(#" + arg + ")";
        case ABORT -> "ABORT";
      };
    }
  }

  static Op read(int k) { return new Op(Kind.READ, k, 0); }
  static Op scan() { return new Op(Kind.SCAN, 0, 0); }
  static Op put(int k, int c) { return new Op(Kind.PUT, k, c); }
  static Op rmw(int k) { return new Op(Kind.RMW, k, 0); }
  static Op del(int k) { return new Op(Kind.DEL, k, 0); }
  static Op undo(int i) { return new Op(Kind.UNDO, 0, i); }
  static Op rollback(int i) { return new Op(Kind.ROLLBACK, 0, i); }
  static Op abort() { return new Op(Kind.ABORT, 0, 0); }

  /** The data operations (no undo, rollback or abort). */
  static List<Op> dataOps() {
    List<Op> out = new ArrayList<>();
    for (int k = 1; k <= 2; k++) {
      out.add(read(k));
      out.add(put(k, 1));
      out.add(rmw(k));
      out.add(del(k));
    }
    out.add(scan());
    return out;
  }

  /**
   * Every program of exactly {@code n} operations: data operations, where position i > 0 may also
   * be UNDO or ROLLBACK of an earlier index, and the last one may be ABORT.
   */
  static List<List<Op>> allOfLength(int n) {
    List<List<Op>> out = new ArrayList<>();
    extend(new ArrayList<>(), n, out);
    return out;
  }

  private static void extend(List<Op> prefix, int n, List<List<Op>> out) {
    int i = prefix.size();
    if (i == n) {
      out.add(List.copyOf(prefix));
      return;
    }
    List<Op> choices = new ArrayList<>(dataOps());
    for (int j = 0; j < i; j++) {
      choices.add(undo(j));
      choices.add(rollback(j));
    }
    if (i == n - 1 && n > 1) {
      choices.add(abort());
    }
    for (Op op : choices) {
      prefix.add(op);
      extend(prefix, n, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  /** A seeded random program of {@code n} operations (same alphabet as {@link #allOfLength}). */
  static List<Op> random(java.util.Random rnd, int n) {
    List<Op> data = dataOps();
    List<Op> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int pick = rnd.nextInt(10);
      if (i > 0 && pick == 0) {
        p.add(undo(rnd.nextInt(i)));
      } else if (i > 0 && pick == 1) {
        p.add(rollback(rnd.nextInt(i)));
      } else if (i == n - 1 && n > 1 && pick == 2) {
        p.add(abort());
      } else {
        p.add(data.get(rnd.nextInt(data.size())));
      }
    }
    return p;
  }

  boolean aborts() {
    return !ops.isEmpty() && ops.get(ops.size() - 1).kind() == Kind.ABORT;
  }

  @Override
  public String toString() {
    return ops + (aborts() ? "" : "+COMMIT") + (repairs ? "" : " (ignores notifications)")
        + (asyncCommit ? " async" : " sync");
  }
}
