package io.coagent.engine.internal.storage;

import java.util.List;
import java.util.Map;

/** In-memory stores keep nothing: every call is a no-op and {@link #load()} is empty. */
final class NoBackend implements Backend {
  static final NoBackend INSTANCE = new NoBackend();

  private NoBackend() {}

  @Override public void putTable(Records.Table table) {}
  @Override public void removeTable(long tableId) {}
  @Override public void putNextTableId(long next) {}
  @Override public void putIndex(Records.Index index) {}
  @Override public void removeIndex(String name) {}
  @Override public void putTrajectory(Records.Trajectory trajectory) {}
  @Override public void putOperation(Records.Operation operation) {}
  @Override public void putNotification(Records.Notification notification) {}
  @Override public void putReservation(String agent, long rank) {}
  @Override public void removeReservation(String agent) {}
  @Override public void removeOperation(long id) {}
  @Override public void removeTrajectory(long id) {}
  @Override public void removeNotification(long id) {}
  @Override public void putRankHorizon(long maxAssigned, long maxCommitted) {}
  @Override public void putCompactionCutoff(long cutoffMillis) {}
  @Override public void putSetting(String name, String value) {}
  @Override public void putView(String name, String sql) {}
  @Override public void removeView(String name) {}
  @Override public Map<String, String> views() {
    return Map.of();
  }
  @Override public void sync() {}
  @Override public void closeImmediately() {}
  @Override public void close() {}

  @Override
  public Records.Snapshot load() {
    return new Records.Snapshot(List.of(), List.of(), List.of(), List.of(), Map.of(), 1, 0,
        Long.MIN_VALUE, Map.of(), Long.MIN_VALUE, List.of());
  }
}
