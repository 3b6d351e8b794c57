package io.coagent.engine.internal.storage;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The durable backend: one H2 MVStore file with eight maps (see docs/design/engine.md, "On disk").
 *
 * <p>Values are {@code Object[]} tuples encoded by MVStore's ObjectDataType; {@link Codec} maps
 * records to tuples. Auto-commit is disabled: nothing reaches the file except through
 * {@link #sync()}, which commits one MVStore version (atomic on disk) and, in SYNC mode, fsyncs.
 *
 * <p>Group commit: every put is counted when it lands in its map; {@code sync} reads the count
 * as it commits, so a version covers exactly the puts counted by then (see prefix, below). A
 * caller whose puts a version (written by any thread) already covers returns without writing;
 * otherwise it takes {@link #syncLock}, checks again (the version written while it waited may
 * cover it), and commits. So concurrent committers share one MVStore commit and one fsync, and
 * commits never overlap: each is complete (in SYNC mode, fsynced) before the next one starts.
 *
 * <p>Prefix: a commit holds {@link #cut} exclusively, every put and remove holds it shared, so a
 * version holds exactly the puts that landed before its commit began, nothing of those that
 * landed after: a consistent cut of every thread's puts, which is what recovery relies on (a
 * record is never on disk without the records put before it, such as an operation without its
 * trajectory). MVStore alone does not give that: its commit takes each map's root in turn while
 * other threads keep putting, so a version could hold a later put to one map (an operator
 * statement's operation record) without an earlier put to another (its trajectory record, put
 * unsynced at begin); recovery then dropped the operation, reused the trajectory's id, and
 * attached the operation to the new trajectory at the next open (issue #9's drift). For the same
 * reason MVStore never commits on its own: not in the background, and not from inside a put when
 * its unsaved memory grows ({@code autoCommitBufferSize(0)}).
 *
 * <p>Space: MVStore keeps every chunk for its retention time (45 s) so that writes the OS has not
 * flushed never overwrite what the newest complete version needs; a busy store's file therefore
 * holds about 45 s of writes (FileModeBenchmark: ~45 KB per auto-commit statement) until chunks
 * are reused or the store closes. A retention time of 0 in SYNC mode (safe in principle: commits
 * are serialized and each is fsynced before the next) made the open file about 3x smaller (2,000
 * statements: ~25 MB instead of ~90 MB) and, with a compacting close ({@code close(2000)}), left
 * 1 MB; but that close tripped an assertion inside H2 2.3.232's chunk mover in one run of three
 * under {@code -ea}, so the retention time stays MVStore's default until that is understood.
 */
public final class MvBackend implements Backend {
  private final MVStore store;
  private final boolean fsync;
  /** Serializes commits (and fsyncs): a version is complete before the next one starts. */
  private final Object syncLock = new Object();
  /** Puts and removes that have landed in their maps. */
  private final AtomicLong puts = new AtomicLong();
  /** Shared by puts and removes, exclusive for a commit (see the class comment: prefix). */
  private final ReentrantReadWriteLock cut = new ReentrantReadWriteLock();
  /** The count of {@link #puts} that the newest written version covers. */
  private volatile long written;
  private final MVMap<Long, Object[]> tables;
  private final MVMap<Long, Object[]> trajectories;
  private final MVMap<Long, Object[]> operations;
  private final MVMap<Long, Object[]> notifications;
  private final MVMap<String, Long> reservations;
  private final MVMap<String, Long> meta;
  private final MVMap<String, String> settings;
  /** View name to query text; absent (opened empty) in files written before views. */
  private final MVMap<String, String> views;
  private final MVMap<String, Object[]> indexes;

  private MvBackend(MVStore store, boolean fsync) {
    this.store = store;
    this.fsync = fsync;
    this.tables = store.openMap("tables");
    this.trajectories = store.openMap("trajectories");
    this.operations = store.openMap("operations");
    this.notifications = store.openMap("notifications");
    this.reservations = store.openMap("reservations");
    this.meta = store.openMap("meta");
    this.settings = store.openMap("settings");
    this.views = store.openMap("views");
    this.indexes = store.openMap("indexes");
  }

  public static MvBackend open(Path file, boolean fsync) {
    try {
      MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled()
          .autoCommitBufferSize(0).open();
      return new MvBackend(s, fsync);
    } catch (RuntimeException e) {
      throw new CoAgentException(ErrorCode.STORAGE_FAILURE,
          "cannot open store file " + file + ": " + e.getMessage()
              + "; check the path and that no other process has it open", e);
    }
  }

  @Override public void putTable(Records.Table t) {
    Object[] v = Codec.table(t);
    land(() -> tables.put(t.id(), v));
  }
  @Override public void removeTable(long id) {
    land(() -> tables.remove(id));
  }
  @Override public void putNextTableId(long next) {
    land(() -> meta.put("nextTableId", next));
  }
  @Override public void putIndex(Records.Index x) {
    Object[] v = Codec.index(x);
    land(() -> indexes.put(x.name().toUpperCase(java.util.Locale.ROOT), v));
  }
  @Override public void removeIndex(String name) {
    land(() -> indexes.remove(name.toUpperCase(java.util.Locale.ROOT)));
  }
  @Override public void putTrajectory(Records.Trajectory t) {
    Object[] v = Codec.trajectory(t);
    land(() -> trajectories.put(t.id(), v));
  }
  @Override public void putOperation(Records.Operation o) {
    Object[] v = Codec.operation(o);
    land(() -> operations.put(o.id(), v));
  }
  @Override public void putNotification(Records.Notification n) {
    Object[] v = Codec.notification(n);
    land(() -> notifications.put(n.id(), v));
  }
  @Override public void putReservation(String agent, long rank) {
    land(() -> reservations.put(agent, rank));
  }
  @Override public void removeReservation(String agent) {
    land(() -> reservations.remove(agent));
  }
  @Override public void removeOperation(long id) {
    land(() -> operations.remove(id));
  }
  @Override public void removeTrajectory(long id) {
    land(() -> trajectories.remove(id));
  }
  @Override public void removeNotification(long id) {
    land(() -> notifications.remove(id));
  }
  @Override public void putSetting(String name, String value) {
    land(() -> settings.put(name, value));
  }

  @Override public void putView(String name, String sql) {
    land(() -> views.put(name, sql));
  }
  @Override public void removeView(String name) {
    land(() -> views.remove(name));
  }
  @Override public Map<String, String> views() {
    return new HashMap<>(views);
  }

  /**
   * Applies a put or remove (its tuple encoded before) and counts it, holding {@link #cut} shared:
   * never while a commit takes the maps' roots, so each version holds it whole or not at all,
   * and every put that landed before it.
   */
  private void land(Runnable change) {
    cut.readLock().lock();
    try {
      change.run();
      puts.incrementAndGet();
    } finally {
      cut.readLock().unlock();
    }
  }

  @Override
  public void putRankHorizon(long maxAssigned, long maxCommitted) {
    land(() -> {
      meta.put("maxAssigned", maxAssigned);
      meta.put("maxCommitted", maxCommitted);
    });
  }

  @Override
  public void putCompactionCutoff(long cutoffMillis) {
    land(() -> meta.put("compactedThrough", cutoffMillis));
  }

  @Override
  public void sync() {
    long mine = puts.get();
    if (written >= mine) {
      return; // a version written by another caller already holds every put of ours
    }
    try {
      synchronized (syncLock) {
        if (written >= mine) {
          return; // the commit we waited for covered us: group commit
        }
        long covered;
        cut.writeLock().lock(); // no put lands while the commit takes the maps' roots
        try {
          covered = puts.get(); // exactly the puts in this version
          store.commit();
        } finally {
          cut.writeLock().unlock();
        }
        if (fsync) {
          store.sync();
        }
        written = covered;
      }
    } catch (RuntimeException e) {
      throw new CoAgentException(ErrorCode.STORAGE_FAILURE,
          "writing the store file failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Records.Snapshot load() {
    List<Records.Table> ts = new ArrayList<>();
    tables.values().forEach(v -> ts.add(Codec.table(v)));
    List<Records.Trajectory> trs = new ArrayList<>();
    trajectories.values().forEach(v -> trs.add(Codec.trajectory(v)));
    List<Records.Operation> ops = new ArrayList<>();
    operations.values().forEach(v -> ops.add(Codec.operation(v)));
    List<Records.Notification> ns = new ArrayList<>();
    notifications.values().forEach(v -> ns.add(Codec.notification(v)));
    Map<String, Long> res = new HashMap<>(reservations);
    List<Records.Index> ixs = new ArrayList<>();
    indexes.values().forEach(v -> ixs.add(Codec.index(v)));
    long nextTable = meta.getOrDefault("nextTableId", 1L);
    return new Records.Snapshot(ts, trs, ops, ns, res, nextTable,
        meta.getOrDefault("maxAssigned", 0L), meta.getOrDefault("maxCommitted", Long.MIN_VALUE),
        new HashMap<>(settings), meta.getOrDefault("compactedThrough", Long.MIN_VALUE), ixs);
  }

  @Override
  public void closeImmediately() {
    store.closeImmediately();
  }

  @Override
  public void close() {
    cut.writeLock().lock(); // its final commit is a cut like any other
    try {
      if (!store.isClosed()) {
        store.close();
      }
    } finally {
      cut.writeLock().unlock();
    }
  }
}
