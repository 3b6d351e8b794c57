package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Notification;
import io.coagent.engine.OpKind;
import io.coagent.engine.OpState;
import io.coagent.engine.Operation;
import io.coagent.engine.Row;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.TableDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One statement of a trajectory. Created by {@link TrajectoryImpl#begin}, which takes the
 * trajectory's statement lock; {@link #close()} releases it (so it must run on the same thread).
 *
 * <p>Positions: an operation with sequence number q reads at position {@code q << 20} (it sees
 * its trajectory's earlier operations, not itself); its i-th write is placed at
 * {@code (q << 20) + i + 1}, so rows written earlier in the same statement are seen by the
 * statement's own duplicate-key checks. Hence at most 2^20 - 1 writes per statement.
 *
 * <p>Reads go through {@link RowAccess}, which registers footprints; writes are applied here.
 */
final class OperationImpl implements Operation {
  static final int POS_SHIFT = 20;
  static final int MAX_WRITES = (1 << POS_SHIFT) - 1;
  private static final int[] EXISTENCE = new int[0];

  /** A written row: where, the before-image at the write's position, and the new version. */
  record WriteEntry(TableData table, Key key, Object[] before, Version version) {}

  final TrajectoryImpl trajectory;
  final long id;
  final long seq;
  final OpKind kind;
  final String text;
  final long timeMillis;
  /** Appended only by the statement's thread; introspection copies it under its monitor. */
  final List<WriteEntry> writes = Collections.synchronizedList(new ArrayList<>());
  final List<ReadRecord> reads = Collections.synchronizedList(new ArrayList<>());
  volatile OpState state;
  private int rows;
  private boolean closed;
  volatile String annotation;

  OperationImpl(TrajectoryImpl t, long id, long seq, OpKind kind, String text, OpState state,
      long timeMillis) {
    this.trajectory = t;
    this.id = id;
    this.seq = seq;
    this.kind = kind;
    this.text = text;
    this.state = state;
    this.timeMillis = timeMillis;
  }

  long pos() {
    return seq << POS_SHIFT;
  }

  @Override public long id() { return id; }
  @Override public long seq() { return seq; }
  @Override public int rowsAffected() { return rows; }

  void setRows(int n) {
    rows = n;
  }

  @Override
  public void annotate(String note) {
    checkRunning();
    annotation = note;
  }

  @Override
  public Row get(String table, Key key) {
    return get(table, key, null);
  }

  @Override
  public Row get(String table, Key key, int[] columns) {
    checkRunning();
    TableData td = trajectory.store.tableData(table);
    return baseline() ? BaselineAccess.get(this, td, key, columns)
        : RowAccess.get(this, td, key, columns);
  }

  @Override
  public List<Row> scan(String table, KeyRange range, RowPredicate predicate) {
    return scan(table, range, predicate, null);
  }

  @Override
  public List<Row> scan(String table, KeyRange range, RowPredicate predicate, int[] columns) {
    checkRunning();
    TableData td = trajectory.store.tableData(table);
    return baseline() ? BaselineAccess.scan(this, td, range, predicate, columns)
        : RowAccess.scan(this, td, range, predicate, columns);
  }

  @Override
  public List<Row> scanIndex(String table, String index, KeyRange range, RowPredicate predicate,
      int[] columns) {
    checkRunning();
    TableData td = trajectory.store.tableData(table);
    SecondaryIndex ix = trajectory.store.index(td, index);
    if (baseline()) { // the other levels read committed versions plus a workspace: full scan
      return BaselineAccess.scan(this, td, KeyRange.ALL,
          new SecondaryIndex.Condition(ix.columnArray(), range, predicate), columns);
    }
    return RowAccess.scanIndex(this, td, ix, range, predicate, columns);
  }

  @Override
  public Key insert(String table, Object[] values) {
    checkRunning();
    TableData td = trajectory.store.tableData(table);
    Object[] row = Values.checkRow(td.def(), values);
    if (td.def().hasHiddenKey()) {
      Key key = Key.of(td.nextRowId.getAndIncrement());
      write(td, key, row, Expect.NOTHING, false);
      return key;
    }
    Key key = td.def().keyOf(row);
    write(td, key, row, Expect.ABSENT, true);
    return key;
  }

  @Override
  public boolean update(String table, Key key, Object[] values) {
    checkRunning();
    TableData td = trajectory.store.tableData(table);
    Object[] row = Values.checkRow(td.def(), values);
    TableDef def = td.def();
    if (!def.hasHiddenKey() && !def.keyOf(row).equals(key)) {
      // A primary-key change moves the row: delete at the old key, insert at the new one.
      if (!write(td, key, null, Expect.PRESENT, true)) {
        return false;
      }
      write(td, def.keyOf(row), row, Expect.ABSENT, true);
      rows--;
      return true;
    }
    return write(td, key, row, Expect.PRESENT, true);
  }

  @Override
  public boolean delete(String table, Key key) {
    checkRunning();
    return write(trajectory.store.tableData(table), key, null, Expect.PRESENT, true);
  }

  @Override
  public void put(String table, Object[] values) {
    checkRunning();
    TableData td = trajectory.store.tableData(table);
    if (td.def().hasHiddenKey()) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "table " + td.def().name()
          + " has no primary key, so a blind upsert cannot address a row; use insert");
    }
    Object[] row = Values.checkRow(td.def(), values);
    write(td, td.def().keyOf(row), row, Expect.NOTHING, false);
  }

  enum Expect { NOTHING, ABSENT, PRESENT }

  /**
   * Applies one row write. With {@code readsExistence} the existence check is a footprint
   * (columns: none), so a lower rank that later creates or removes the row notifies us.
   */
  private boolean write(TableData td, Key key, Object[] row, Expect expect, boolean readsExistence) {
    if (writes.size() >= MAX_WRITES) {
      throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "a statement may write at most "
          + MAX_WRITES + " rows; split the statement on " + td.def().name());
    }
    if (baseline()) {
      boolean done = BaselineAccess.write(this, td, key, row, expect);
      if (done) {
        rows++;
      }
      return done;
    }
    ReadRecord r = readsExistence ? RowAccess.register(this, td, key, null, null, EXISTENCE) : null;
    long wpos = pos() + writes.size() + 1;
    if (row != null && !td.indexes.isEmpty()) {
      UniqueChecks.check(this, td, key, row, wpos);
    }
    List<Notification> out;
    while (true) {
      VersionChain c = td.chain(key);
      synchronized (c) {
        if (c.retired()) {
          continue;
        }
        if (r != null) {
          c.addReader(r);
        }
        Version cur = c.visible(trajectory.rank(), wpos, null, false);
        Object[] before = cur == null ? null : cur.values;
        if (r != null) {
          r.resultHash = Values.hash(before, EXISTENCE);
        }
        if (expect == Expect.ABSENT && before != null) {
          throw new CoAgentException(ErrorCode.DUPLICATE_KEY, "table " + td.def().name()
              + " already has a row with key " + key + "; update it or use another key");
        }
        if ((expect == Expect.PRESENT && before == null) || (row == null && before == null)) {
          return false;
        }
        // an ALTER TABLE ADD COLUMN that padded this chain already may have raced our row's check
        Version v = new Version(trajectory.store.nextVersionId(), trajectory, id, wpos,
            td.pad(row), System.currentTimeMillis());
        td.add(c, key, v);
        writes.add(new WriteEntry(td, key, before, v));
        out = trajectory.store.notifier.collect(td, key, c, v, true, Notification.Cause.WRITE);
        break;
      }
    }
    trajectory.store.notifier.deliver(out);
    rows++;
    return true;
  }

  /** Removes this operation's versions newest first, notifying, and retracts its reads. */
  void revert(Notification.Cause cause) {
    revertWrites(cause);
    RowAccess.unregister(snapshot(reads), true);
  }

  /** Removes this operation's versions newest first, notifying; its reads stay registered. */
  private void revertWrites(Notification.Cause cause) {
    if (baseline()) {
      trajectory.workspace.discard(this); // nothing was installed: nothing to notify
      return;
    }
    List<WriteEntry> ws = snapshot(writes);
    for (int i = ws.size() - 1; i >= 0; i--) {
      WriteEntry w = ws.get(i);
      VersionChain c = w.table.rows.get(w.key);
      assert c != null : "a chain holding a version is never retired";
      List<Notification> out;
      synchronized (c) {
        w.version.undoneAt = System.currentTimeMillis();
        w.version.undone = true;
        out = trajectory.store.notifier.collect(w.table, w.key, c, w.version, false, cause);
      }
      trajectory.store.notifier.deliver(out);
    }
  }

  static <T> List<T> snapshot(List<T> list) {
    synchronized (list) {
      return new ArrayList<>(list);
    }
  }

  private boolean baseline() {
    return trajectory.workspace != null;
  }

  private void checkRunning() {
    trajectory.checkNotDoomed();
    if (state != OpState.RUNNING || closed) {
      throw new CoAgentException(ErrorCode.TRAJECTORY_NOT_ACTIVE,
          "operation " + id + " of agent " + trajectory.agent() + " has ended; begin a new one");
    }
  }

  @Override
  public void complete() {
    checkRunning();
    state = OpState.APPLIED;
    try {
      trajectory.store.persist(this);
      trajectory.unloggedOp = -1; // the record is put: every later sync writes it
      // a read-only operator statement, or an agent's auto-commit one: TrajectoryImpl says why
      if (!trajectory.lazyDurable() && !trajectory.deferred) {
        trajectory.store.sync();
      }
    } catch (RuntimeException e) {
      state = OpState.RUNNING; // not durable: close() will undo it like any failed statement
      throw e;
    }
  }

  /**
   * A statement that did not complete: its writes are removed (notifying), but in MTPO its reads
   * stay registered until the trajectory ends. The failure itself (a duplicate key against a lower
   * rank's row, a division by zero on its value) is a result the agent acts on, so when a lower
   * rank changes what the failed statement read (say, undoes that row), the agent is notified,
   * naming the failed operation. Other levels retract them (their reads are validated or locked
   * at commit, not notified).
   */
  private void failed() {
    if (baseline()) {
      revert(Notification.Cause.UNDO);
    } else {
      revertWrites(Notification.Cause.UNDO);
    }
    state = OpState.FAILED;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (state == OpState.RUNNING) {
        failed();
      }
    } finally {
      if (trajectory.unloggedOp == id) {
        trajectory.unloggedOp = -1; // failed: its writes are reverted, and it is never logged
      }
      trajectory.endStatement();
    }
  }
}
