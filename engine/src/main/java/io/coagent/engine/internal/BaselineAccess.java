package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Isolation;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Row;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.TrajectoryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads and writes of non-MTPO trajectories (spec section 4): reads see committed versions (the
 * latest for READ COMMITTED and SERIALIZABLE, the begin-time snapshot for OCC) overlaid with the
 * trajectory's own buffered writes; writes go to its {@link Workspace} until commit.
 *
 * <p>SERIALIZABLE takes its locks here, before touching data: shared row locks for point reads, a
 * range lock for scans, exclusive row locks for writes. A deadlock dooms the trajectory and frees
 * its locks at once, so the other party proceeds while the victim's client rolls back.
 *
 * <p>OCC records its reads (unregistered footprints) for validation at commit.
 */
final class BaselineAccess {
  private static final int[] EXISTENCE = new int[0];

  private BaselineAccess() {}

  /** Which versions count as committed for {@code t}'s reads. */
  static Predicate<Version> committedFor(TrajectoryImpl t) {
    if (t.isolation() == Isolation.OCC) {
      long snapshot = t.snapshotSeq;
      return v -> v.writer.commitSeq <= snapshot;
    }
    return v -> v.writer.state == TrajectoryState.COMMITTED;
  }

  static Object[] committed(VersionChain c, Predicate<Version> include) {
    synchronized (c) {
      Version v = c.visible(Long.MAX_VALUE, Long.MAX_VALUE, include);
      return v == null ? null : v.values;
    }
  }

  private static Object[] current(TrajectoryImpl t, TableData td, Key key) {
    Object[] own = t.workspace.lookup(td, key);
    if (own != null) {
      return own == Workspace.TOMBSTONE ? null : td.pad(own);
    }
    VersionChain c = td.rows.get(key);
    return c == null ? null : committed(c, committedFor(t));
  }

  static Row get(OperationImpl op, TableData td, Key key, int[] columns) {
    TrajectoryImpl t = op.trajectory;
    if (t.isolation() == Isolation.SERIALIZABLE) {
      locking(t, () -> t.store.locks.lockShared(t, td, key, t.lockTimeout()));
    }
    record(op, td, key, null, null, columns);
    Object[] v = current(t, td, key);
    return v == null ? null : new Row(key, v.clone());
  }

  static List<Row> scan(OperationImpl op, TableData td, KeyRange range, RowPredicate predicate,
      int[] columns) {
    TrajectoryImpl t = op.trajectory;
    RowPredicate p = predicate == null ? RowPredicate.TRUE : predicate;
    if (t.isolation() == Isolation.SERIALIZABLE) {
      locking(t, () -> t.store.locks.lockRange(t, td, range, t.lockTimeout()));
    }
    record(op, td, null, range, p, columns);
    Predicate<Version> include = committedFor(t);
    TreeMap<Key, Object[]> merged = new TreeMap<>();
    for (Map.Entry<Key, VersionChain> e : RowAccess.slice(td, range).entrySet()) {
      Object[] v = committed(e.getValue(), include);
      if (v != null) {
        merged.put(e.getKey(), v);
      }
    }
    for (Map.Entry<Key, Object[]> e : t.workspace.slice(td, range).entrySet()) {
      if (e.getValue() == Workspace.TOMBSTONE) {
        merged.remove(e.getKey());
      } else {
        merged.put(e.getKey(), td.pad(e.getValue()));
      }
    }
    List<Row> out = new ArrayList<>();
    merged.forEach((k, v) -> {
      if (p.test(v)) {
        out.add(new Row(k, v.clone()));
      }
    });
    return out;
  }

  /** Buffers one row write after the existence check of {@code expect}; false if it fails. */
  static boolean write(OperationImpl op, TableData td, Key key, Object[] row,
      OperationImpl.Expect expect) {
    TrajectoryImpl t = op.trajectory;
    if (t.isolation() == Isolation.SERIALIZABLE) {
      locking(t, () -> t.store.locks.lockExclusive(t, td, key, t.lockTimeout()));
    }
    if (expect != OperationImpl.Expect.NOTHING) {
      record(op, td, key, null, null, EXISTENCE);
    }
    Object[] before = current(t, td, key);
    if (expect == OperationImpl.Expect.ABSENT && before != null) {
      throw new CoAgentException(ErrorCode.DUPLICATE_KEY, "table " + td.def().name()
          + " already has a row with key " + key + "; update it or use another key");
    }
    if ((expect == OperationImpl.Expect.PRESENT && before == null) || (row == null && before == null)) {
      return false;
    }
    t.workspace.write(op, td, key, row);
    return true;
  }

  /** OCC keeps its reads for validation; the other levels need no footprint. */
  private static void record(OperationImpl op, TableData td, Key key, KeyRange range,
      RowPredicate p, int[] columns) {
    if (op.trajectory.isolation() == Isolation.OCC) {
      ReadRecord r = new ReadRecord(op.trajectory, op.id, op.pos(), td, key, range, p, columns,
          false);
      op.trajectory.addRead(r);
      op.reads.add(r);
    }
  }

  private static void locking(TrajectoryImpl t, Runnable acquire) {
    try {
      acquire.run();
    } catch (CoAgentException e) {
      if (e.code() == ErrorCode.DEADLOCK) {
        t.doomed = e;
        t.store.locks.releaseAll(t);
      }
      throw e;
    }
  }

  /**
   * OCC validation: the first read whose committed result changed since the snapshot, or null.
   * Call under the rank-order lock so no commit can slip in between validation and install.
   */
  static ReadRecord firstInvalidRead(TrajectoryImpl t) {
    Predicate<Version> snapshot = committedFor(t);
    Predicate<Version> latest = v -> v.writer.state == TrajectoryState.COMMITTED;
    for (ReadRecord r : t.reads()) {
      if (!r.retracted && RowAccess.rerun(r, Long.MAX_VALUE, Long.MAX_VALUE, snapshot)
          != RowAccess.rerun(r, Long.MAX_VALUE, Long.MAX_VALUE, latest)) {
        return r;
      }
    }
    return null;
  }

  /** Installs the workspace as versions at {@code t}'s (new) rank; call under the order lock. */
  static void install(TrajectoryImpl t) {
    Map<OperationImpl, Integer> index = new java.util.HashMap<>();
    Predicate<Version> latest = v -> v.writer.state == TrajectoryState.COMMITTED;
    for (Workspace.Pending p : t.workspace.pending()) {
      int i = index.merge(p.op(), 1, Integer::sum);
      Version v = new Version(t.store.nextVersionId(), t, p.op().id, p.op().pos() + i,
          p.table().pad(p.values()), System.currentTimeMillis());
      VersionChain c = p.table().chain(p.key());
      synchronized (c) {
        Version prev = c.visible(Long.MAX_VALUE, Long.MAX_VALUE, latest);
        p.table().add(c, p.key(), v);
        p.op().writes.add(new OperationImpl.WriteEntry(p.table(), p.key(),
            prev == null ? null : prev.values, v));
      }
    }
    t.workspace.clear();
  }
}
