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
 * The durable backend: one H2 MVStore file with seven maps (see docs/design/engine.md, "On disk").
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
 * <p>Space reuse: MVStore may overwrite a chunk that no live page uses once its retention time
 * has passed. The retention time exists for writes the OS has not flushed yet. In SYNC mode every
 * version is fsynced before the next one is written, so the newest durable version never needs a
 * chunk that a later commit overwrites: the retention time is 0 and freed chunks are reused at
 * once (without that, MVStore keeps 45 s of writes and a busy store's file grows by tens of MB).
 * In FLUSH mode the retention time is {@link #FLUSH_RETENTION_MS} and a commit is preceded by an
 * fsync whenever the last fsync is older than half of it, so a chunk is only overwritten after
 * the version that freed it is on disk; a power loss then falls back to a complete version, as
 * docs/reference/jdbc.md promises (at most about a second of acknowledged writes lost).
 *
 * <p>Close is MVStore's own (a short compaction). A longer one ({@code close(2000)}) trips an
 * assertion inside H2 2.3.232's chunk mover under {@code -ea} (RetentionTest), so it is not used.
 */
public final class MvBackend implements Backend {
  static final int FLUSH_RETENTION_MS = 2_000;
  private final MVStore store;
  private final boolean fsync;
  /** Serializes commits (and fsyncs): a version is complete before the next one starts. */
  private final Object syncLock = new Object();
  /** Puts and removes that have landed in their maps. */
  private final AtomicLong puts = new AtomicLong();
  /** The count of {@link #puts} that the newest written version covers. */
  private volatile long written;
  /** FLUSH mode: when the file was last fsynced (nanoTime); guarded by syncLock. */
  private long lastFsync = System.nanoTime();
  /** FLUSH mode: a version was written since the last fsync; guarded by syncLock. */
  private boolean unsynced;
  private final MVMap<Long, Object[]> tables;
  private final MVMap<Long, Object[]> trajectories;
  private final MVMap<Long, Object[]> operations;
  private final MVMap<Long, Object[]> notifications;
  private final MVMap<String, Long> reservations;
  private final MVMap<String, Long> meta;
  private final MVMap<String, String> settings;

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
  }

  public static MvBackend open(Path file, boolean fsync) {
    try {
      MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      s.setRetentionTime(fsync ? 0 : FLUSH_RETENTION_MS);
      s.setVersionsToKeep(0);
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
        if (!fsync && unsynced && System.nanoTime() - lastFsync
            > FLUSH_RETENTION_MS / 2 * 1_000_000L) {
          fsyncNow(); // make the versions that freed chunks durable before reusing them
        }
        store.commit();
        if (fsync) {
          store.sync();
        } else {
          unsynced = true;
        }
        written = covered;
      }
    } catch (RuntimeException e) {
      throw new CoAgentException(ErrorCode.STORAGE_FAILURE,
          "writing the store file failed: " + e.getMessage(), e);
    }
  }

  private void fsyncNow() {
    store.sync();
    lastFsync = System.nanoTime();
    unsynced = false;
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
    long nextTable = meta.getOrDefault("nextTableId", 1L);
    return new Records.Snapshot(ts, trs, ops, ns, res, nextTable,
        meta.getOrDefault("maxAssigned", 0L), meta.getOrDefault("maxCommitted", Long.MIN_VALUE),
        new HashMap<>(settings));
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
