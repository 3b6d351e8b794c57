package io.coagent.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Deterministic random SQL programs for {@link RandomizedSqlScheduleTest}.
 *
 * <p>Two tables: {@code T(K INTEGER PRIMARY KEY, G VARCHAR, V INTEGER, S VARCHAR)} and {@code
 * C(A INTEGER, B INTEGER, W INTEGER, PRIMARY KEY (A, B))}, seeded with a few rows. Values come
 * from small domains (G in a..c, V in 0..9, S from a pool chosen to exercise LIKE patterns) so
 * that writes move rows in and out of the read predicates. A program is a list of steps, each one
 * SQL statement from {@link Shape}; its parameters are constants fixed by the seed or values
 * derived from the agent's memory {@code h}, a hash of every result the agent has seen so far
 * (query rows and update counts). A program is thus a deterministic function of what it read.
 */
final class SqlWorkload {
  static final String[] GS = {"a", "b", "c"};
  /** S values: prefixes x/y, 'b' after one character or not, a literal underscore, and NULL. */
  static final String[] SS = {"xa", "xb", "ya", "yb", "x_b", "b", "abc", "zz", null};
  /** LIKE ? patterns; none contains a backslash, which H2 (the reference) treats as an escape. */
  static final String[] PATTERNS = {"x%", "%b", "_b%", "%_b%", "y_", "%a%", "b"};
  static final int BASE_KEYS = 8;
  static final int MAX_AGENTS = 5;
  static final int MAX_STEPS = 6;
  /**
   * {@code -Dcoagent.sqlrandom.shapes=LIKE_PREFIX,SET_GS}: every schedule uses only these shapes
   * (at least one read and one write), to hunt a problem with one kind of footprint.
   */
  static final List<Shape> FOCUS = Arrays.stream(
      System.getProperty("coagent.sqlrandom.shapes", "").split(","))
      .filter(x -> !x.isBlank()).map(x -> Shape.valueOf(x.trim())).toList();

  /** The statement shapes; {@code read} ones are SELECTs whose rows the agent remembers. */
  enum Shape {
    // ---- reads of T
    POINT(true, "SELECT V, S FROM T WHERE K = ?"),
    POINT_LITERAL(true, "SELECT * FROM T WHERE K = %d"),
    RANGE(true, "SELECT K, V FROM T WHERE K BETWEEN ? AND ? ORDER BY K"),
    ABOVE(true, "SELECT K, G, V FROM T WHERE K > ? ORDER BY K"),
    IN_LIST(true, "SELECT K, S FROM T WHERE K IN (?, ?, ?) ORDER BY K"),
    V_GT(true, "SELECT K FROM T WHERE V > ? ORDER BY K"),
    V_NE(true, "SELECT K FROM T WHERE V <> ? ORDER BY K"),
    V_BETWEEN(true, "SELECT K, S FROM T WHERE V BETWEEN ? AND ? ORDER BY K"),
    G_EQ(true, "SELECT K, V FROM T WHERE G = ? ORDER BY K"),
    G_IN(true, "SELECT K FROM T WHERE G IN ('a', 'c') ORDER BY K"),
    LIKE_PREFIX(true, "SELECT K FROM T WHERE S LIKE 'x%' ORDER BY K"),
    LIKE_ONE_B(true, "SELECT K, V FROM T WHERE S LIKE '%_b%' ORDER BY K"),
    NOT_LIKE(true, "SELECT K FROM T WHERE S NOT LIKE 'x%' ORDER BY K"),
    LIKE_ESCAPE(true, "SELECT K, S FROM T WHERE S LIKE '%!_%' ESCAPE '!' ORDER BY K"),
    LIKE_PARAM(true, "SELECT COUNT(*) FROM T WHERE S LIKE ?"),
    NULLS(true, "SELECT K FROM T WHERE S IS NULL OR V IS NULL ORDER BY K"),
    OR(true, "SELECT K, G FROM T WHERE G = ? OR V < ? ORDER BY K"),
    AGG(true, "SELECT COUNT(*), SUM(V) FROM T WHERE G = ?"),
    GROUP(true, "SELECT G, COUNT(*), MAX(V) FROM T GROUP BY G ORDER BY G"),
    RANGE_RESIDUAL(true, "SELECT K, G FROM T WHERE K BETWEEN ? AND ? AND V >= ? ORDER BY K"),
    TOP(true, "SELECT K, V FROM T WHERE V IS NOT NULL ORDER BY V DESC, K LIMIT 2"),
    // ---- reads of C (composite key), a join and a subquery
    C_POINT(true, "SELECT W FROM C WHERE A = ? AND B = ?"),
    C_PREFIX(true, "SELECT B, W FROM C WHERE A = ? ORDER BY B"),
    C_PREFIX_RANGE(true, "SELECT B FROM C WHERE A = ? AND B > ? ORDER BY B"),
    JOIN(true, "SELECT T.K, C.B, C.W FROM T JOIN C ON C.A = T.K WHERE T.G = ? ORDER BY T.K, C.B"),
    SUBQUERY(true, "SELECT K, V FROM T WHERE K IN (SELECT A FROM C WHERE W > ?) ORDER BY K"),
    // ---- writes of T
    SET_V(false, "UPDATE T SET V = ? WHERE K = ?"),
    SET_GS(false, "UPDATE T SET G = ?, S = ? WHERE K = ?"),
    INSERT(false, "INSERT INTO T VALUES (?, ?, ?, ?)"),
    DELETE(false, "DELETE FROM T WHERE K = ?"),
    SET_V_WHERE_G(false, "UPDATE T SET V = ? WHERE G = ?"),
    SET_S_WHERE_LIKE(false, "UPDATE T SET S = ? WHERE S LIKE 'y%'"),
    SET_G_WHERE_V(false, "UPDATE T SET G = ? WHERE V > ?"),
    SET_V_RANGE_NOT_LIKE(false, "UPDATE T SET V = ? WHERE K BETWEEN ? AND ? AND S NOT LIKE '%b'"),
    DELETE_WHERE(false, "DELETE FROM T WHERE V < ? AND G = ?"),
    // ---- writes of C
    C_SET(false, "UPDATE C SET W = ? WHERE A = ? AND B = ?"),
    C_INSERT(false, "INSERT INTO C VALUES (?, ?, ?)"),
    C_DELETE(false, "DELETE FROM C WHERE A = ? AND B > ?");

    final boolean read;
    final String sql;

    Shape(boolean read, String sql) {
      this.read = read;
      this.sql = sql;
    }
  }

  /** A parameter derived from the agent's memory at execution time. */
  record Derived(char what, int salt) {
    Object resolve(long h) {
      long x = mix(h ^ (salt * 0x9E3779B97F4A7C15L));
      int r = (int) Math.floorMod(x, 1_000_003L);
      return switch (what) {
        case 'V' -> r % 10;
        case 'N' -> r % 13 == 0 ? null : r % 10; // V, sometimes NULL
        case 'G' -> GS[r % GS.length];
        case 'S' -> SS[r % SS.length];
        case 'K' -> 1 + r % BASE_KEYS;
        default -> throw new IllegalStateException("derived " + what);
      };
    }
  }

  /** One statement: its shape, SQL text and parameters (constants or {@link Derived}). */
  record Step(Shape shape, String sql, List<Object> params) {
    List<Object> resolve(long h) {
      List<Object> out = new ArrayList<>();
      for (Object p : params) {
        out.add(p instanceof Derived d ? d.resolve(h) : p);
      }
      return out;
    }

    @Override
    public String toString() {
      return shape + " " + params;
    }
  }

  /**
   * One agent's program; {@code savepointRepair}: repairs by savepoint rollback rather than undo;
   * {@code eagerCommit}: commits without looking at notifications first (and repairs when the
   * commit is refused with MT004).
   */
  record AgentProgram(String name, int index, List<Step> steps, boolean savepointRepair,
      boolean eagerCommit) {}

  /**
   * A schedule: the seed rows, the programs, the rank order (agent indexes, lowest rank first),
   * and how ranks are placed: 0 reserved by {@code SYS.LAUNCH}, 1 dynamic join in rank order,
   * 2 explicit {@code rank=N} in the URL.
   */
  record Workload(long seed, List<Object[]> tRows, List<Object[]> cRows,
      List<AgentProgram> agents, List<Integer> rankOrder, int rankMode) {
    String describe() {
      StringBuilder b = new StringBuilder("seed " + seed + ", rank order ");
      for (int i : rankOrder) {
        b.append(agents.get(i).name()).append(' ');
      }
      b.append(new String[] {"(SYS.LAUNCH)", "(dynamic join)", "(rank=N)"}[rankMode])
          .append("\n  T:");
      for (Object[] r : tRows) {
        b.append(' ').append(Arrays.toString(r));
      }
      b.append("\n  C:");
      for (Object[] r : cRows) {
        b.append(' ').append(Arrays.toString(r));
      }
      for (AgentProgram a : agents) {
        b.append("\n  ").append(a.name()).append(a.savepointRepair() ? " (savepoints" : " (undo")
            .append(a.eagerCommit() ? ", eager commit)" : ")");
        for (int i = 0; i < a.steps().size(); i++) {
          b.append("\n    s").append(i).append(' ').append(a.steps().get(i));
        }
      }
      return b.toString();
    }
  }

  private SqlWorkload() {}

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Key of the row that agent {@code a} inserts into T at step {@code s}: unique per agent/step. */
  static int insertKey(int a, int s) {
    return BASE_KEYS + 3 + MAX_STEPS * a + s;
  }

  static Workload generate(long seed) {
    Random r = new Random(seed);
    List<Object[]> t = new ArrayList<>();
    for (int k = 1; k <= BASE_KEYS; k++) {
      if (r.nextInt(5) != 0) {
        t.add(new Object[] {k, GS[r.nextInt(GS.length)], r.nextInt(8) == 0 ? null : r.nextInt(10),
            SS[r.nextInt(SS.length)]});
      }
    }
    List<Object[]> c = new ArrayList<>();
    for (int a = 1; a <= 3; a++) {
      for (int b = 1; b <= 3; b++) {
        if (r.nextInt(3) != 0) {
          c.add(new Object[] {a, b, r.nextInt(10)});
        }
      }
    }
    int n = 2 + r.nextInt(MAX_AGENTS - 1);
    // A schedule focuses on a few read and write shapes that all its agents use, so that their
    // footprints and writes meet; the shapes vary from schedule to schedule.
    List<Shape> reads = new ArrayList<>();
    List<Shape> writes = new ArrayList<>();
    for (Shape s : Shape.values()) {
      (s.read ? reads : writes).add(s);
    }
    Collections.shuffle(reads, r);
    Collections.shuffle(writes, r);
    reads = reads.subList(0, 1 + r.nextInt(3));
    writes = writes.subList(0, 2 + r.nextInt(3));
    if (!FOCUS.isEmpty()) {
      reads = FOCUS.stream().filter(s -> s.read).toList();
      writes = FOCUS.stream().filter(s -> !s.read).toList();
    }
    // First the shapes, so that reads can aim at keys that some agent inserts.
    List<List<Shape>> shapes = new ArrayList<>();
    List<Integer> inserted = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      int k = 2 + r.nextInt(MAX_STEPS - 1);
      List<Shape> ss = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        // Reads and writes about equally often.
        List<Shape> from = r.nextBoolean() ? reads : writes;
        Shape s = from.get(r.nextInt(from.size()));
        ss.add(s);
        if (s == Shape.INSERT) {
          inserted.add(insertKey(a, i));
        }
      }
      shapes.add(ss);
    }
    List<AgentProgram> agents = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < shapes.get(a).size(); i++) {
        steps.add(step(r, shapes.get(a).get(i), a, i, inserted));
      }
      agents.add(new AgentProgram("a" + a, a, List.copyOf(steps), r.nextBoolean(),
          r.nextBoolean()));
    }
    List<Integer> order = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      order.add(a);
    }
    Collections.shuffle(order, r);
    // Explicit ranks need new connections, which plan their statements again: keep them rare.
    int w = r.nextInt(24);
    return new Workload(seed, t, c, agents, List.copyOf(order), w == 0 ? 2 : w % 2);
  }

  private static int key(Random r, List<Integer> inserted) {
    return !inserted.isEmpty() && r.nextInt(4) == 0 ? inserted.get(r.nextInt(inserted.size()))
        : 1 + r.nextInt(BASE_KEYS);
  }

  private static int salt(Random r) {
    return r.nextInt(1 << 20);
  }

  private static Step step(Random r, Shape s, int agent, int index, List<Integer> ins) {
    int lo = 1 + r.nextInt(BASE_KEYS + 4);
    int hi = lo + r.nextInt(12);
    Object v = r.nextInt(10);
    String g = GS[r.nextInt(GS.length)];
    Object dk = r.nextInt(3) == 0 ? new Derived('K', salt(r)) : key(r, ins);
    List<Object> p = switch (s) {
      case POINT, DELETE -> List.of(dk);
      case POINT_LITERAL -> List.of();
      case RANGE -> List.of(lo, hi);
      case ABOVE -> List.of(lo);
      case IN_LIST -> List.of(key(r, ins), key(r, ins), dk);
      case V_GT, V_NE, SUBQUERY -> List.of(v);
      case V_BETWEEN -> List.of(r.nextInt(5), 3 + r.nextInt(7));
      case G_EQ, AGG, JOIN -> List.of(g);
      case G_IN, LIKE_PREFIX, LIKE_ONE_B, NOT_LIKE, LIKE_ESCAPE, NULLS, GROUP, TOP -> List.of();
      case SET_S_WHERE_LIKE -> List.of(new Derived('S', salt(r)));
      case LIKE_PARAM -> List.of(PATTERNS[r.nextInt(PATTERNS.length)]);
      case OR -> List.of(g, v);
      case RANGE_RESIDUAL -> List.of(lo, hi, v);
      case C_POINT -> List.of(1 + r.nextInt(3), 1 + r.nextInt(4));
      case C_PREFIX -> List.of(1 + r.nextInt(3));
      case C_PREFIX_RANGE -> List.of(1 + r.nextInt(3), r.nextInt(4));
      case SET_V -> List.of(new Derived('N', salt(r)), dk);
      case SET_GS -> List.of(new Derived('G', salt(r)), new Derived('S', salt(r)), dk);
      case INSERT -> List.of(insertKey(agent, index), new Derived('G', salt(r)),
          new Derived('V', salt(r)), new Derived('S', salt(r)));
      case SET_V_WHERE_G -> List.of(new Derived('V', salt(r)), g);
      case SET_G_WHERE_V -> List.of(new Derived('G', salt(r)), v);
      case SET_V_RANGE_NOT_LIKE -> List.of(new Derived('V', salt(r)), lo, lo + r.nextInt(4));
      case DELETE_WHERE -> List.of(r.nextInt(4), g);
      case C_SET -> List.of(new Derived('V', salt(r)), 1 + r.nextInt(3), 1 + r.nextInt(4));
      case C_INSERT -> List.of(1 + r.nextInt(3), 10 + MAX_STEPS * agent + index,
          new Derived('V', salt(r)));
      case C_DELETE -> List.of(1 + r.nextInt(3), 2 + r.nextInt(20));
    };
    // Few distinct literal texts: every text is planned once per connection.
    String sql = s == Shape.POINT_LITERAL ? String.format(s.sql, 1 + r.nextInt(BASE_KEYS)) : s.sql;
    return new Step(s, sql, p);
  }
}
