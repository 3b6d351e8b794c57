package io.coagent.engine.internal.storage;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The durable backend: one H2 MVStore file with seven maps (see docs/design/engine.md, "On disk").
 *
 * <p>Values are {@code Object[]} tuples encoded by MVStore's ObjectDataType; {@link Codec} maps
 * records to tuples. Auto-commit is disabled: nothing reaches the file except through
 * {@link #sync()}, which commits one MVStore version (atomic on disk) and, in SYNC mode, fsyncs.
 *
 * <p>Concurrency: MVMap puts are thread-safe; {@code sync} is serialized by MVStore itself. There
 * is no group commit: every {@code sync} call commits a version and (SYNC mode) fsyncs on its own,
 * so concurrent statements pay one write each (a later {@code sync} may find nothing new to
 * commit, but still fsyncs).
 */
public final class MvBackend implements Backend {
  private final MVStore store;
  private final boolean fsync;
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
      return new MvBackend(s, fsync);
    } catch (RuntimeException e) {
      throw new CoAgentException(ErrorCode.STORAGE_FAILURE,
          "cannot open store file " + file + ": " + e.getMessage()
              + "; check the path and that no other process has it open", e);
    }
  }

  @Override public void putTable(Records.Table t) { tables.put(t.id(), Codec.table(t)); }
  @Override public void removeTable(long id) { tables.remove(id); }
  @Override public void putNextTableId(long next) { meta.put("nextTableId", next); }
  @Override public void putTrajectory(Records.Trajectory t) {
    trajectories.put(t.id(), Codec.trajectory(t));
  }
  @Override public void putOperation(Records.Operation o) {
    operations.put(o.id(), Codec.operation(o));
  }
  @Override public void putNotification(Records.Notification n) {
    notifications.put(n.id(), Codec.notification(n));
  }
  @Override public void putReservation(String agent, long rank) { reservations.put(agent, rank); }
  @Override public void removeReservation(String agent) { reservations.remove(agent); }
  @Override public void removeOperation(long id) { operations.remove(id); }
  @Override public void removeTrajectory(long id) { trajectories.remove(id); }
  @Override public void removeNotification(long id) { notifications.remove(id); }
  @Override public void putSetting(String name, String value) { settings.put(name, value); }

  @Override
  public void putRankHorizon(long maxAssigned, long maxCommitted) {
    meta.put("maxAssigned", maxAssigned);
    meta.put("maxCommitted", maxCommitted);
  }

  @Override
  public void sync() {
    try {
      store.commit();
      if (fsync) {
        store.sync();
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
