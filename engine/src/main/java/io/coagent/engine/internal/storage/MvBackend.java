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
 * attached the operation to the new trajectory at the next open (first blamed for issue #9's
 * drift; the failure examined with its files was the crash test losing lines, engine.md). For the
 * same reason MVStore never commits on its own: not in the background, and not from inside a put
 * when its unsaved memory grows ({@code autoCommitBufferSize(0)}).
 *
 * <p>Space: without MVStore's background thread nothing compacts on its own, and a chunk is freed
 * only when none of its pages is live; with append-mostly keys (trajectory and operation ids) old
 * leaves stay live, one in each of thousands of chunks, so the file grew by a whole chunk per
 * commit (2,000 auto-commit statements left 28 MB for 0.44 MB of live records, chunk fill rate
 * 4%). So every {@link #COMPACT_EVERY}th commit takes one bounded compaction step
 * ({@link MVStore#compact}: the live pages of chunks less than {@link #COMPACT_FILL_RATE}% full
 * are rewritten, at most {@link #COMPACT_WRITE_BYTES}), which the next commit writes like any
 * other change. It rewrites pages with the values they hold and commits nothing itself, so
 * versions stay consistent cuts. The chunk mover ({@code compactFile}, {@code close(ms)}) is not
 * used: it tripped an assertion inside H2 2.3.232 under {@code -ea} in an earlier attempt.
 *
 * <p>Reuse: space freed at version {@code u} (its chunk is dead from {@code u} on) may be
 * overwritten only once a version at or above {@code u} is on disk, or a crash of the OS could
 * leave the newest version complete on disk pointing into overwritten space. MVStore's default
 * guard is a retention time (45 s: it trusts the OS to flush within it), which kept 45 s of writes
 * in the file. Here the guard is exact instead. In SYNC mode every commit is fsynced before the
 * next one starts, so the retention time is 0. In FLUSH mode a background thread fsyncs every
 * {@link #FLUSH_INTERVAL_MS} ms after a commit and, until the next fsync, holds MVStore's usage
 * counter of the version current before the last one ({@link MVStore#registerVersionUsage}):
 * MVStore overwrites no chunk that became unused at or after the oldest version in use, so freed
 * space waits for the fsync that covers the version that freed it, and the retention time is 0
 * too. Power loss in FLUSH mode can lose the commits since the last background fsync (at most
 * about one interval while the thread keeps up), never part of one; a stalled flusher makes the
 * file grow, never a torn state.
 */
public final class MvBackend implements Backend {
  /** Commits between two compaction steps (each rewrites at most {@link #COMPACT_WRITE_BYTES}). */
  static final int COMPACT_EVERY = 32;
  /** Chunks less full than this (percent of their bytes live) have their live pages rewritten. */
  static final int COMPACT_FILL_RATE = 80;
  /** The bound on what one compaction step rewrites, so no commit waits long behind it. */
  static final int COMPACT_WRITE_BYTES = 256 * 1024;
  /** FLUSH mode: the longest a commit waits for the background fsync. */
  static final long FLUSH_INTERVAL_MS = 200;
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
  /** Commits written, guarded by {@link #syncLock}: every {@link #COMPACT_EVERY}th compacts. */
  private long commits;
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

  /** FLUSH mode: fsyncs what was committed; null in SYNC mode. */
  private final java.util.concurrent.ScheduledExecutorService flusher;
  /** FLUSH mode: the {@link #written} count the newest background fsync covered. */
  private long flushed;
  /**
   * FLUSH mode: the version usage held until the next fsync, registered before the last one (so
   * every version below it is on disk); only the flusher thread touches it.
   */
  private MVStore.TxCounter durable;

  private MvBackend(MVStore store, boolean fsync) {
    this.store = store;
    this.fsync = fsync;
    store.setRetentionTime(0); // see the class comment: reuse
    if (fsync) {
      flusher = null;
    } else {
      durable = store.registerVersionUsage(); // what the file holds at open is on disk
      flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coagent-flush");
        t.setDaemon(true);
        return t;
      });
      flusher.scheduleWithFixedDelay(this::flushInBackground, FLUSH_INTERVAL_MS,
          FLUSH_INTERVAL_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
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

  /**
   * Opens {@code file} through H2's {@code retry:} file system: a thread interrupted inside a
   * FileChannel call closes the channel (ClosedByInterruptException), which took the whole store
   * down for every agent ({@code InterruptedWriterTest}); the retrying channel reopens it and
   * repeats the call.
   */
  public static MvBackend open(Path file, boolean fsync) {
    try {
      MVStore s = new MVStore.Builder().fileName("retry:" + file).autoCommitDisabled()
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
        if (++commits % COMPACT_EVERY == 0) {
          store.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES);
        }
      }
    } catch (RuntimeException e) {
      throw new CoAgentException(ErrorCode.STORAGE_FAILURE,
          "writing the store file failed: " + e.getMessage(), e);
    }
  }

  /** FLUSH mode: one fsync if anything was committed since the last; never fails the store. */
  private void flushInBackground() {
    long covered = written;
    if (covered == flushed) {
      return;
    }
    try {
      if (!store.isClosed()) {
        MVStore.TxCounter next = store.registerVersionUsage(); // every version below it ...
        store.sync(); // ... is on disk now
        store.deregisterVersionUsage(durable);
        durable = next;
        flushed = covered;
      }
    } catch (RuntimeException e) {
      // A closed or failing file: the next commit reports it to its caller with the cause.
      System.getLogger(MvBackend.class.getName()).log(System.Logger.Level.WARNING,
          "background fsync of the store file failed", e);
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
    stopFlusher();
    store.closeImmediately();
  }

  @Override
  public void close() {
    stopFlusher();
    cut.writeLock().lock(); // its final commit is a cut like any other
    try {
      if (!store.isClosed()) {
        store.close();
      }
    } finally {
      cut.writeLock().unlock();
    }
  }

  private void stopFlusher() {
    if (flusher != null) {
      // Never interrupt it: an interrupt during FileChannel.force closes the store's channel.
      flusher.shutdown();
      try {
        if (flusher.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS) && durable != null) {
          // MVStore closes only with no version in use; the close commits and syncs anyway
          store.deregisterVersionUsage(durable);
          durable = null;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
