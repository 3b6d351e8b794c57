package io.coagent.engine.internal.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records to and from {@code Object[]} tuples of MVStore's ObjectDataType. Tuple layouts are the
 * on-disk format (documented in docs/design/engine.md); change them only with a format version.
 */
final class Codec {
  private Codec() {}

  static Object[] table(Records.Table t) {
    return new Object[] {t.id(), t.name(), t.columnNames().toArray(), t.columnTypes().toArray(),
        t.nullable().toArray(), t.primaryKey().toArray(), t.defaults().toArray(), t.fills(),
        t.constraints().toArray()};
  }

  /**
   * Tuples written before DEFAULT support have six elements: no column has a default; before
   * ALTER TABLE seven: no column was added (fills null); before CHECK and FOREIGN KEY eight: no
   * constraints.
   */
  static Records.Table table(Object[] a) {
    List<String> names = strings(a[2]);
    List<String> defaults = a.length > 6 ? strings(a[6])
        : new ArrayList<>(java.util.Collections.nCopies(names.size(), (String) null));
    return new Records.Table((Long) a[0], (String) a[1], names, strings(a[3]),
        list(a[4], Boolean.class), list(a[5], Integer.class), defaults,
        a.length > 7 ? (Object[]) a[7] : null, a.length > 8 ? strings(a[8]) : List.of());
  }

  static Object[] trajectory(Records.Trajectory t) {
    return new Object[] {t.id(), t.agent(), t.rank(), t.state(), t.started(), t.ended(),
        t.isolation(), t.commitSeq(), t.annotation(), t.endReason()};
  }

  /** Tuples written before annotations have eight elements, before end reasons nine. */
  static Records.Trajectory trajectory(Object[] a) {
    return new Records.Trajectory((Long) a[0], (String) a[1], (Long) a[2], (String) a[3],
        (Long) a[4], (Long) a[5], (String) a[6], (Long) a[7],
        a.length > 8 ? (String) a[8] : null, a.length > 9 ? (String) a[9] : null);
  }

  static Object[] operation(Records.Operation o) {
    Object[] writes = new Object[o.writes().size()];
    for (int i = 0; i < writes.length; i++) {
      Records.Write w = o.writes().get(i);
      writes[i] = new Object[] {w.tableId(), w.key(), w.before(), w.versionId(), w.after(),
          w.time()};
    }
    Object[] reads = new Object[o.reads().size()];
    for (int i = 0; i < reads.length; i++) {
      Records.Read r = o.reads().get(i);
      reads[i] = new Object[] {r.tableId(), r.key(), r.low(), r.lowInclusive(), r.high(),
          r.highInclusive(), ints(r.columns()), r.resultHash(), ints(r.indexColumns()),
          unlogged(r.unlogged())};
    }
    return new Object[] {o.id(), o.trajectory(), o.seq(), o.kind(), o.text(), o.state(), o.rows(),
        o.time(), writes, reads, o.undoneTime(), o.annotation()};
  }

  private static Object[] unlogged(List<Records.Unlogged> us) {
    if (us.isEmpty()) {
      return null; // the common case costs one null per read
    }
    Object[] out = new Object[us.size()];
    for (int i = 0; i < out.length; i++) {
      Records.Unlogged u = us.get(i);
      out[i] = new Object[] {u.key(), u.writerAgent(), u.writerRank(), u.writerOp(), u.undo(),
          u.seen()};
    }
    return out;
  }

  private static List<Records.Unlogged> unlogged(Object[] a) {
    if (a == null) {
      return List.of();
    }
    List<Records.Unlogged> out = new ArrayList<>(a.length);
    for (Object x : a) {
      Object[] u = (Object[]) x;
      out.add(new Records.Unlogged((Object[]) u[0], (String) u[1], (Long) u[2], (Long) u[3],
          (Boolean) u[4], (Object[]) u[5]));
    }
    return out;
  }

  static Records.Operation operation(Object[] a) {
    List<Records.Write> writes = new ArrayList<>();
    for (Object x : (Object[]) a[8]) {
      Object[] w = (Object[]) x;
      writes.add(new Records.Write((Long) w[0], (Object[]) w[1], (Object[]) w[2], (Long) w[3],
          (Object[]) w[4], (Long) w[5]));
    }
    List<Records.Read> reads = new ArrayList<>();
    for (Object x : (Object[]) a[9]) {
      Object[] r = (Object[]) x;
      reads.add(new Records.Read((Long) r[0], (Object[]) r[1], (Object[]) r[2], (Boolean) r[3],
          (Object[]) r[4], (Boolean) r[5], ints((Object[]) r[6]),
          r.length > 7 ? (Long) r[7] : null, r.length > 8 ? ints((Object[]) r[8]) : null,
          r.length > 9 ? unlogged((Object[]) r[9]) : List.of()));
    }
    return new Records.Operation((Long) a[0], (Long) a[1], (Long) a[2], (String) a[3],
        (String) a[4], (String) a[5], (Integer) a[6], (Long) a[7], writes, reads, (Long) a[10],
        a.length > 11 ? (String) a[11] : null);
  }

  static Object[] index(Records.Index x) {
    return new Object[] {x.name(), x.tableId(), x.columns().toArray(), x.unique()};
  }

  static Records.Index index(Object[] a) {
    return new Records.Index((String) a[0], (Long) a[1], list(a[2], Integer.class),
        (Boolean) a[3]);
  }

  static Object[] notification(Records.Notification n) {
    Object[] ops = Arrays.stream(n.readOps()).boxed().toArray();
    return new Object[] {n.id(), n.reader(), n.table(), n.key(), ops, n.seen(), n.now(),
        n.writerAgent(), n.writerRank(), n.writerOp(), n.cause(), n.time(), n.acknowledged()};
  }

  static Records.Notification notification(Object[] a) {
    long[] ops = Arrays.stream((Object[]) a[4]).mapToLong(o -> (Long) o).toArray();
    return new Records.Notification((Long) a[0], (Long) a[1], (String) a[2], (Object[]) a[3], ops,
        (Object[]) a[5], (Object[]) a[6], (String) a[7], (Long) a[8], (Long) a[9], (String) a[10],
        (Long) a[11], (Boolean) a[12]);
  }

  private static Object[] ints(int[] xs) {
    return xs == null ? null : Arrays.stream(xs).boxed().toArray();
  }

  private static int[] ints(Object[] xs) {
    return xs == null ? null : Arrays.stream(xs).mapToInt(o -> (Integer) o).toArray();
  }

  private static List<String> strings(Object o) {
    return list(o, String.class);
  }

  private static <T> List<T> list(Object o, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object x : (Object[]) o) {
      out.add(type.cast(x));
    }
    return out;
  }
}
