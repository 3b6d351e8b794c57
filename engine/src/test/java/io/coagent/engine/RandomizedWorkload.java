package io.coagent.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded generator of agent programs for {@link RandomizedScheduleTest}, the step interpreter, and
 * a tiny serial multi-version model used to cross-check the engine's own serial run.
 *
 * <p>A program is a list of steps over a small contended key space in one or two tables
 * {@code KV(ID INTEGER pk, VAL BIGINT)}. Every step is a deterministic function of the agent's
 * locals and the values it reads, so the same program can be replayed serially and must produce
 * the same writes when it reads the same values.
 */
final class RandomizedWorkload {
  static final String[] TABLE_NAMES = {"KV", "KV2"};
  static final int LOCALS = 4;
  static final long MOD = 200;

  private RandomizedWorkload() {}

  /** Step kinds. UNDO is a self-undo of an earlier PUT_CONST step of the same program. */
  enum Kind {
    READ,
    PUT_CONST,
    RMW,
    SCAN,
    INS_DEL,
    PUT_LOCAL,
    UPD_LOCAL,
    /** Scan a range with a predicate, then update (variant 0) or delete (1) every row it found. */
    MULTI,
    /** Read two rows (possibly in two tables) and move an amount from one to the other. */
    XFER,
    UNDO
  }

  enum RankMode {
    LAUNCH,
    EXPLICIT,
    DYNAMIC,
    MIXED
  }

  /** How an agent gets its rank. */
  enum Placement {
    LAUNCHED,
    EXPLICIT,
    DYNAMIC
  }

  /** How an agent repairs after a notification. */
  enum RepairStyle {
    /** {@code rollbackTo} the savepoint taken just before the earliest affected step. */
    ROLLBACK,
    /** {@code undo} every still-applied operation from the earliest affected step on, newest first. */
    UNDO_EACH
  }

  /**
   * One program step.
   *
   * @param key the row key, or the low end of a SCAN range
   * @param hi the high end of a SCAN range (inclusive)
   * @param in local read by the step
   * @param out local written by the step
   * @param c1 constant (value, multiplier or scan threshold)
   * @param c2 constant (addend)
   * @param variant column-subset / statement variant
   * @param target for UNDO: the index of the PUT_CONST step whose operation is undone
   * @param table2 for XFER: the second row's table (its key is {@code hi})
   */
  record Step(Kind kind, String table, int key, int hi, int in, int out, long c1, long c2,
      int variant, int target, String table2) {

    Step(Kind kind, String table, int key, int hi, int in, int out, long c1, long c2,
        int variant, int target) {
      this(kind, table, key, hi, in, out, c1, c2, variant, target, table);
    }

    boolean readsKey(String t, int k) {
      if (kind == Kind.XFER) {
        return (table.equals(t) && key == k) || (table2.equals(t) && hi == k);
      }
      if (!table.equals(t)) {
        return false;
      }
      return switch (kind) {
        case READ, RMW, INS_DEL, UPD_LOCAL -> key == k;
        case SCAN, MULTI -> key <= k && k <= hi;
        default -> false;
      };
    }

    OpKind opKind() {
      return switch (kind) {
        case READ, SCAN -> OpKind.QUERY;
        case PUT_CONST, PUT_LOCAL -> OpKind.UPSERT;
        case RMW, UPD_LOCAL, XFER -> OpKind.UPDATE;
        case MULTI -> variant == 1 ? OpKind.DELETE : OpKind.UPDATE;
        case INS_DEL -> OpKind.OTHER;
        case UNDO -> throw new IllegalStateException("UNDO is not an operation");
      };
    }

    @Override
    public String toString() {
      String cols = switch (variant) {
        case 1 -> "{VAL}";
        case 2 -> "{}";
        default -> "";
      };
      return switch (kind) {
        case READ -> "READ " + table + "#" + key + cols + "->l" + out;
        case PUT_CONST -> "PUT " + table + "#" + key + "=" + c1;
        case RMW -> "RMW " + table + "#" + key + " val*" + c1 + "+l" + in + "+" + c2 + "->l" + out;
        case SCAN -> "SCAN " + table + "[" + key + ".." + hi + "] VAL>" + c1 + cols + "->l" + out;
        case INS_DEL -> "INSDEL" + (variant == 1 ? "(delete-first)" : cols) + " " + table + "#"
            + key + " ins l" + in + "+" + c2 + "->l" + out;
        case PUT_LOCAL -> "PUT " + table + "#" + key + "=l" + in + "*" + c1 + "+" + c2;
        case UPD_LOCAL -> "UPD " + table + "#" + key + "=l" + in + "+" + c2 + "->l" + out;
        case MULTI -> (variant == 1 ? "DELETE" : "UPDATE +l" + in + "+" + c2) + " " + table + "["
            + key + ".." + hi + "] WHERE VAL>" + c1 + " ->l" + out;
        case XFER -> "XFER l" + in + "+" + c1 + " from " + table + "#" + key + " to " + table2
            + "#" + hi + " ->l" + out;
        case UNDO -> "UNDO s" + target;
      };
    }
  }

  /**
   * One agent.
   *
   * @param abortAt the step index at which the agent aborts (steps.size() = after its last step),
   *     or -1 if it never aborts
   * @param explicitOffset for EXPLICIT placement: rank = setup rank + 1 + offset
   * @param cancelIfUnbegun for a LAUNCHED agent aborting at step 0: withdraw the reservation
   *     instead of beginning
   */
  record AgentSpec(String name, int index, List<Step> steps, long[] initialLocals, int abortAt,
      Placement placement, long explicitOffset, RepairStyle repair, boolean cancelIfUnbegun) {

    boolean aborts() {
      return abortAt >= 0;
    }

    String describe() {
      StringBuilder sb = new StringBuilder(name).append(" [").append(placement);
      if (placement == Placement.EXPLICIT) {
        sb.append("+").append(explicitOffset);
      }
      sb.append(", ").append(repair);
      if (aborts()) {
        sb.append(", abort@s").append(abortAt);
        if (cancelIfUnbegun && abortAt == 0 && placement == Placement.LAUNCHED) {
          sb.append(" (cancel reservation)");
        }
      }
      sb.append(", locals ").append(Arrays.toString(initialLocals)).append("]:");
      for (int i = 0; i < steps.size(); i++) {
        sb.append(" s").append(i).append(' ').append(steps.get(i)).append(';');
      }
      return sb.toString();
    }
  }

  record Workload(long seed, List<String> tables, int keys,
      Map<String, TreeMap<Integer, Long>> initial, List<AgentSpec> agents, RankMode mode) {

    String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("tables ").append(tables).append(", keys 1..").append(keys).append(", mode ")
          .append(mode).append(", initial ").append(initial).append('\n');
      for (AgentSpec a : agents) {
        sb.append("  ").append(a.describe()).append('\n');
      }
      return sb.toString();
    }
  }

  static Workload generate(long seed, int maxAgents, int maxSteps) {
    Random r = new Random(seed);
    int nTables = r.nextInt(3) == 0 ? 2 : 1;
    List<String> tables = List.of(TABLE_NAMES).subList(0, nTables);
    int keys = 4 + r.nextInt(5);
    Map<String, TreeMap<Integer, Long>> initial = new HashMap<>();
    for (String t : tables) {
      TreeMap<Integer, Long> rows = new TreeMap<>();
      for (int k = 1; k <= keys; k++) {
        if (r.nextInt(4) != 0) {
          rows.put(k, (long) r.nextInt((int) MOD));
        }
      }
      initial.put(t, rows);
    }
    RankMode mode = RankMode.values()[r.nextInt(RankMode.values().length)];
    int n = 2 + r.nextInt(Math.max(1, maxAgents - 1));
    List<Long> offsets = new ArrayList<>();
    List<AgentSpec> agents = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      int k = 3 + r.nextInt(Math.max(1, maxSteps - 2));
      List<Step> steps = new ArrayList<>();
      boolean[] undone = new boolean[k];
      for (int i = 0; i < k; i++) {
        steps.add(step(r, tables, keys, steps, undone));
      }
      long[] locals = new long[LOCALS];
      for (int i = 0; i < LOCALS; i++) {
        locals[i] = r.nextInt((int) MOD);
      }
      int abortAt = r.nextInt(8) == 0 ? r.nextInt(k + 1) : -1;
      Placement placement = switch (mode) {
        case LAUNCH -> Placement.LAUNCHED;
        case EXPLICIT -> Placement.EXPLICIT;
        case DYNAMIC -> Placement.DYNAMIC;
        case MIXED -> Placement.values()[r.nextInt(3)];
      };
      long offset = 0;
      if (placement == Placement.EXPLICIT) {
        do {
          offset = r.nextInt(64);
        } while (offsets.contains(offset));
        offsets.add(offset);
      }
      RepairStyle repair = RepairStyle.values()[r.nextInt(2)];
      agents.add(new AgentSpec("a" + a, a, List.copyOf(steps), locals, abortAt, placement, offset,
          repair, r.nextBoolean()));
    }
    return new Workload(seed, tables, keys, initial, List.copyOf(agents), mode);
  }

  private static Step step(Random r, List<String> tables, int keys, List<Step> prev,
      boolean[] undone) {
    String t = tables.get(r.nextInt(tables.size()));
    int key = 1 + r.nextInt(keys);
    int in = r.nextInt(LOCALS);
    int out = r.nextInt(LOCALS);
    long c1 = r.nextInt((int) MOD);
    long c2 = r.nextInt((int) MOD);
    int w = r.nextInt(100);
    if (w < 15) {
      return new Step(Kind.READ, t, key, key, in, out, c1, c2, r.nextInt(3), -1);
    } else if (w < 24) {
      return new Step(Kind.PUT_CONST, t, key, key, in, out, c1, c2, 0, -1);
    } else if (w < 39) {
      return new Step(Kind.RMW, t, key, key, in, out, 1 + r.nextInt(3), c2, 0, -1);
    } else if (w < 47) {
      int lo = 1 + r.nextInt(keys);
      int hi = Math.min(keys, lo + r.nextInt(keys));
      return new Step(Kind.SCAN, t, lo, hi, in, out, r.nextInt((int) MOD), c2, r.nextInt(2), -1);
    } else if (w < 54) {
      return new Step(Kind.INS_DEL, t, key, key, in, out, c1, c2, r.nextInt(3), -1);
    } else if (w < 64) {
      return new Step(Kind.PUT_LOCAL, t, key, key, in, out, 1 + r.nextInt(3), c2, 0, -1);
    } else if (w < 71) {
      return new Step(Kind.UPD_LOCAL, t, key, key, in, out, c1, c2, 0, -1);
    } else if (w < 78) {
      int lo = 1 + r.nextInt(keys);
      int hi = Math.min(keys, lo + r.nextInt(3));
      // Deletes are rarer than updates so that the key space does not drain.
      return new Step(Kind.MULTI, t, lo, hi, in, out, r.nextInt((int) MOD), c2,
          r.nextInt(4) == 0 ? 1 : 0, -1);
    } else if (w < 85) {
      String t2 = tables.get(r.nextInt(tables.size()));
      int key2 = 1 + r.nextInt(keys);
      if (t2.equals(t) && key2 == key) {
        key2 = key % keys + 1;
      }
      return new Step(Kind.XFER, t, key, key2, in, out, c1, c2, 0, -1, t2);
    }
    // Self-undo of an earlier PUT_CONST whose key no step in between reads: what the agent read
    // after the put is then the same constant in every execution, so undoing it later keeps the
    // program a deterministic function of the values it read (own reads are never notified).
    List<Integer> candidates = new ArrayList<>();
    for (int j = 0; j < prev.size(); j++) {
      Step s = prev.get(j);
      if (s.kind() != Kind.PUT_CONST || undone[j]) {
        continue;
      }
      boolean clean = true;
      for (int m = j + 1; m < prev.size() && clean; m++) {
        clean = !prev.get(m).readsKey(s.table(), s.key());
      }
      if (clean) {
        candidates.add(j);
      }
    }
    if (candidates.isEmpty()) {
      return new Step(Kind.PUT_CONST, t, key, key, in, out, c1, c2, 0, -1);
    }
    int target = candidates.get(r.nextInt(candidates.size()));
    undone[target] = true;
    Step s = prev.get(target);
    return new Step(Kind.UNDO, s.table(), s.key(), s.key(), 0, 0, 0, 0, 0, target);
  }

  // ---------------------------------------------------------------- interpreter

  /** What a step may do to the store: one engine {@link Operation}, or the reference model. */
  interface Db {
    /** The row's values, or null if absent. */
    Object[] get(String table, int key, int[] columns);

    /** Rows with key in [lo, hi] and VAL > threshold, in key order. */
    List<Object[]> scan(String table, int lo, int hi, long threshold, int[] columns);

    void put(String table, int key, long val);

    boolean update(String table, int key, long val);

    boolean delete(String table, int key);

    void insert(String table, int key, long val);
  }

  static int[] columns(int variant) {
    return switch (variant) {
      case 1 -> new int[] {1};
      case 2 -> new int[0];
      default -> null;
    };
  }

  static long val(Object[] row) {
    return ((Number) row[1]).longValue();
  }

  static Object[] row(int key, long val) {
    return new Object[] {key, val};
  }

  /**
   * Executes a non-UNDO step: updates {@code l} (the agent's locals) and returns a short
   * description of what was read and written, for the schedule trace.
   */
  static String exec(Step s, long[] l, Db db) {
    String t = s.table();
    int k = s.key();
    switch (s.kind()) {
      case READ -> {
        Object[] v = db.get(t, k, columns(s.variant()));
        if (s.variant() == 2) {
          l[s.out()] = v == null ? 0 : 1;
        } else {
          l[s.out()] = v == null ? 0 : Math.floorMod(val(v) + 1, MOD);
        }
        return "saw " + (v == null ? "absent" : Arrays.toString(v)) + ", l" + s.out() + "="
            + l[s.out()];
      }
      case PUT_CONST -> {
        db.put(t, k, s.c1());
        return "wrote " + s.c1();
      }
      case RMW -> {
        Object[] v = db.get(t, k, null);
        long nv;
        String what;
        if (v != null) {
          nv = Math.floorMod(val(v) * s.c1() + l[s.in()] + s.c2(), MOD);
          what = db.update(t, k, nv) ? "updated" : "update found no row";
        } else {
          nv = Math.floorMod(l[s.in()] + s.c2(), MOD);
          db.insert(t, k, nv);
          what = "inserted";
        }
        l[s.out()] = nv;
        return "saw " + (v == null ? "absent" : Arrays.toString(v)) + ", " + what + " " + nv;
      }
      case SCAN -> {
        List<Object[]> rows = db.scan(t, k, s.hi(), s.c1(), columns(s.variant()));
        long sum = 0;
        StringBuilder keys = new StringBuilder();
        for (Object[] v : rows) {
          sum += val(v);
          keys.append(v[0]).append('=').append(v[1]).append(' ');
        }
        l[s.out()] = Math.floorMod(sum + 7L * rows.size(), MOD);
        return "saw {" + keys.toString().trim() + "}, l" + s.out() + "=" + l[s.out()];
      }
      case INS_DEL -> {
        boolean present;
        if (s.variant() == 1) {
          present = db.delete(t, k);
        } else {
          present = db.get(t, k, columns(s.variant())) != null;
          if (present && !db.delete(t, k)) {
            l[s.out()] = Math.floorMod(l[s.out()] + 11, MOD);
            return "saw present, delete found no row";
          }
        }
        long nv = Math.floorMod(l[s.in()] + s.c2(), MOD);
        if (!present) {
          db.insert(t, k, nv);
        }
        l[s.out()] = Math.floorMod(l[s.out()] + (present ? 3 : 5), MOD);
        return present ? "deleted" : "inserted " + nv;
      }
      case PUT_LOCAL -> {
        long nv = Math.floorMod(l[s.in()] * s.c1() + s.c2(), MOD);
        db.put(t, k, nv);
        return "wrote " + nv;
      }
      case UPD_LOCAL -> {
        long nv = Math.floorMod(l[s.in()] + s.c2(), MOD);
        boolean ok = db.update(t, k, nv);
        l[s.out()] = Math.floorMod(l[s.out()] * 3 + (ok ? 1 : 0), MOD);
        return ok ? "updated " + nv : "no row";
      }
      case MULTI -> {
        List<Object[]> rows = db.scan(t, k, s.hi(), s.c1(), null);
        long sum = 0;
        StringBuilder did = new StringBuilder();
        for (Object[] v : rows) {
          int rk = ((Number) v[0]).intValue();
          sum += val(v);
          if (s.variant() == 1) {
            did.append(db.delete(t, rk) ? " -" + rk : " (" + rk + " gone)");
          } else {
            long nv = Math.floorMod(val(v) + l[s.in()] + s.c2(), MOD);
            did.append(db.update(t, rk, nv) ? " " + rk + "=" + nv : " (" + rk + " gone)");
          }
        }
        l[s.out()] = Math.floorMod(l[s.out()] + 13L * rows.size() + sum, MOD);
        return "matched " + rows.size() + ":" + did;
      }
      case XFER -> {
        Object[] a = db.get(t, k, null);
        Object[] b = db.get(s.table2(), s.hi(), null);
        if (a == null || b == null) {
          l[s.out()] = Math.floorMod(l[s.out()] + 1, MOD);
          return "saw " + (a == null ? "absent" : Arrays.toString(a)) + " / "
              + (b == null ? "absent" : Arrays.toString(b)) + ", no transfer";
        }
        long d = Math.floorMod(l[s.in()] + s.c1(), MOD);
        boolean ua = db.update(t, k, Math.floorMod(val(a) - d, MOD));
        boolean ub = db.update(s.table2(), s.hi(), Math.floorMod(val(b) + d, MOD));
        l[s.out()] = d;
        return "saw " + Arrays.toString(a) + " / " + Arrays.toString(b) + ", moved " + d
            + (ua && ub ? "" : " (a row was gone)");
      }
      case UNDO -> throw new IllegalStateException("UNDO is executed by the agent driver");
      default -> throw new IllegalStateException(s.kind().toString());
    }
  }

  /** {@link Db} over one engine operation. */
  static Db engineDb(Operation op) {
    return new Db() {
      @Override
      public Object[] get(String table, int key, int[] columns) {
        Row r = columns == null ? op.get(table, Key.of(key)) : op.get(table, Key.of(key), columns);
        return r == null ? null : r.values();
      }

      @Override
      public List<Object[]> scan(String table, int lo, int hi, long threshold, int[] columns) {
        RowPredicate p = v -> v[1] != null && ((Number) v[1]).longValue() > threshold;
        KeyRange range = KeyRange.closed(Key.of(lo), Key.of(hi));
        List<Row> rows = columns == null ? op.scan(table, range, p) : op.scan(table, range, p,
            columns);
        List<Object[]> out = new ArrayList<>();
        for (Row r : rows) {
          out.add(r.values());
        }
        return out;
      }

      @Override
      public void put(String table, int key, long val) {
        op.put(table, row(key, val));
      }

      @Override
      public boolean update(String table, int key, long val) {
        return op.update(table, Key.of(key), row(key, val));
      }

      @Override
      public boolean delete(String table, int key) {
        return op.delete(table, Key.of(key));
      }

      @Override
      public void insert(String table, int key, long val) {
        op.insert(table, row(key, val));
      }
    };
  }

  // ---------------------------------------------------------------- reference model

  /**
   * Serial multi-version reference: per key, versions in execution order tagged by the step
   * execution that wrote them; undo removes a tag's versions. Runs one program at a time.
   */
  static final class Model {
    private record Ver(long tag, Long val) {}

    private final Map<String, TreeMap<Integer, List<Ver>>> data = new HashMap<>();
    private long tags;

    Model(Workload w) {
      for (String t : w.tables()) {
        TreeMap<Integer, List<Ver>> m = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : w.initial().get(t).entrySet()) {
          List<Ver> vs = new ArrayList<>();
          vs.add(new Ver(0, e.getValue()));
          m.put(e.getKey(), vs);
        }
        data.put(t, m);
      }
    }

    private Long live(String t, int k) {
      List<Ver> vs = data.get(t).get(k);
      return vs == null || vs.isEmpty() ? null : vs.get(vs.size() - 1).val();
    }

    void undo(long tag) {
      for (TreeMap<Integer, List<Ver>> m : data.values()) {
        for (List<Ver> vs : m.values()) {
          vs.removeIf(v -> v.tag() == tag);
        }
      }
    }

    long nextTag() {
      return ++tags;
    }

    Db db(long tag) {
      return new Db() {
        private void write(String t, int k, Long v) {
          data.get(t).computeIfAbsent(k, x -> new ArrayList<>()).add(new Ver(tag, v));
        }

        @Override
        public Object[] get(String t, int k, int[] columns) {
          Long v = live(t, k);
          return v == null ? null : row(k, v);
        }

        @Override
        public List<Object[]> scan(String t, int lo, int hi, long threshold, int[] columns) {
          List<Object[]> out = new ArrayList<>();
          for (int k : data.get(t).subMap(lo, true, hi, true).keySet()) {
            Long v = live(t, k);
            if (v != null && v > threshold) {
              out.add(row(k, v));
            }
          }
          return out;
        }

        @Override
        public void put(String t, int k, long val) {
          write(t, k, val);
        }

        @Override
        public boolean update(String t, int k, long val) {
          if (live(t, k) == null) {
            return false;
          }
          write(t, k, val);
          return true;
        }

        @Override
        public boolean delete(String t, int k) {
          if (live(t, k) == null) {
            return false;
          }
          write(t, k, null);
          return true;
        }

        @Override
        public void insert(String t, int k, long val) {
          if (live(t, k) != null) {
            throw new IllegalStateException("model: duplicate key " + t + "#" + k);
          }
          write(t, k, val);
        }
      };
    }

    /** Live rows of {@code t} as "key=val" strings, for comparison with the engine. */
    List<Row> rows(String t) {
      List<Row> out = new ArrayList<>();
      for (int k : data.get(t).keySet()) {
        Long v = live(t, k);
        if (v != null) {
          out.add(new Row(Key.of(k), row(k, v)));
        }
      }
      return out;
    }
  }
}
