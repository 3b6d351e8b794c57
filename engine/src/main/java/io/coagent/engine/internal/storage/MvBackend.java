package io.coagent.engine.internal.storage;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The durable backend: one H2 MVStore file with eight maps (see docs/design/engine.md, "On disk").
 *
 * <p>Values are {@code Object[]} tuples encoded by MVStore's ObjectDataType; {@link Codec} maps
 * records to tuples. Auto-commit is disabled: nothing reaches the file except through
 * {@link #sync()}, which commits one MVStore version (atomic on disk) and, in SYNC mode, fsyncs.
 *
 * <p>Group commit: every put is counted after it lands in its map; {@code sync} reads the count
 * before it commits, so a version covers at least every put counted by then. A caller whose puts
 * a version (written by any thread) already covers returns without writing; otherwise it takes
 * {@link #syncLock}, checks again (the version written while it waited may cover it), and
 * commits. So concurrent committers share one MVStore commit and one fsync, and commits never
 * overlap: each is complete (in SYNC mode, fsynced) before the next one starts.
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
      MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      return new MvBackend(s, fsync);
    } catch (RuntimeException e) {
      throw new CoAgentException(ErrorCode.STORAGE_FAILURE,
          "cannot open store file " + file + ": " + e.getMessage()
              + "; check the path and that no other process has it open", e);
    }
  }

  @Override public void putTable(Records.Table t) {
    tables.put(t.id(), Codec.table(t));
    landed();
  }
  @Override public void removeTable(long id) {
    tables.remove(id);
    landed();
  }
  @Override public void putNextTableId(long next) {
    meta.put("nextTableId", next);
    landed();
  }
  @Override public void putIndex(Records.Index x) {
    indexes.put(x.name().toUpperCase(java.util.Locale.ROOT), Codec.index(x));
    landed();
  }
  @Override public void removeIndex(String name) {
    indexes.remove(name.toUpperCase(java.util.Locale.ROOT));
    landed();
  }
  @Override public void putTrajectory(Records.Trajectory t) {
    trajectories.put(t.id(), Codec.trajectory(t));
    landed();
  }
  @Override public void putOperation(Records.Operation o) {
    operations.put(o.id(), Codec.operation(o));
    landed();
  }
  @Override public void putNotification(Records.Notification n) {
    notifications.put(n.id(), Codec.notification(n));
    landed();
  }
  @Override public void putReservation(String agent, long rank) {
    reservations.put(agent, rank);
    landed();
  }
  @Override public void removeReservation(String agent) {
    reservations.remove(agent);
    landed();
  }
  @Override public void removeOperation(long id) {
    operations.remove(id);
    landed();
  }
  @Override public void removeTrajectory(long id) {
    trajectories.remove(id);
    landed();
  }
  @Override public void removeNotification(long id) {
    notifications.remove(id);
    landed();
  }
  @Override public void putSetting(String name, String value) {
    settings.put(name, value);
    landed();
  }

  @Override public void putView(String name, String sql) {
    views.put(name, sql);
    landed();
  }
  @Override public void removeView(String name) {
    views.remove(name);
    landed();
  }
  @Override public Map<String, String> views() {
    return new HashMap<>(views);
  }

  /** Counts a put or remove; called after the map has it, so a later commit includes it. */
  private void landed() {
    puts.incrementAndGet();
  }

  @Override
  public void putRankHorizon(long maxAssigned, long maxCommitted) {
    meta.put("maxAssigned", maxAssigned);
    meta.put("maxCommitted", maxCommitted);
    landed();
  }

  @Override
  public void putCompactionCutoff(long cutoffMillis) {
    meta.put("compactedThrough", cutoffMillis);
    landed();
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
        long covered = puts.get(); // read before the commit: every put counted is in it
        store.commit();
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
    if (!store.isClosed()) {
      store.close();
    }
  }
}
