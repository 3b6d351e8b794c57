package io.coagent.engine.internal;

import io.coagent.engine.Key;
import io.coagent.engine.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rule 4 and 5: decides who is notified of one change to one row, and delivers.
 *
 * <p>A change is one version becoming present (a write) or absent (an undo or abort). For every
 * footprint covering the key, of an active reader of strictly higher rank than the version's
 * writer, the reader's view at its own read position is computed with the version present and
 * absent; the reader is notified only when the difference changes the read's result (row exists or
 * not, crosses the scan predicate, or differs on the columns read). A version between the writer
 * and the reader therefore hides the change, and nothing ever flows to a lower rank.
 *
 * <p>Concurrency: {@link #collect} runs under the chain's monitor (so the views are consistent
 * with the change); {@link #deliver} runs after the monitor is released, because delivery takes
 * inbox and rank-order locks and must not nest them inside a chain lock.
 *
 * <p>Cost: O(P + S) footprint checks per written row, P point reads of that key and S registered
 * scans of the table, each check O(log V) in the chain's length V.
 */
final class Notifier {
  private final StoreImpl store;
  volatile boolean suppressed;

  Notifier(StoreImpl store) {
    this.store = store;
  }

  /** Call holding {@code chain}'s monitor, after the change has been applied to the chain. */
  List<Notification> collect(TableData table, Key key, VersionChain chain, Version changed,
      boolean nowPresent, Notification.Cause cause) {
    Map<TrajectoryImpl, List<Hit>> hits = null;
    for (ReadRecord r : chain.readers()) {
      hits = consider(r, chain, changed, nowPresent, hits);
    }
    for (ReadRecord r : table.scans) {
      if (r.range.contains(key)) {
        hits = consider(r, chain, changed, nowPresent, hits);
      }
    }
    if (hits == null || suppressed
        || (TestHooks.undoWithoutNotification && cause != Notification.Cause.WRITE)) {
      return List.of();
    }
    List<Notification> out = new ArrayList<>(hits.size());
    long now = System.currentTimeMillis();
    TrajectoryImpl writer = changed.writer;
    for (Map.Entry<TrajectoryImpl, List<Hit>> e : hits.entrySet()) {
      TrajectoryImpl reader = e.getKey();
      TreeSet<Long> ops = new TreeSet<>();
      Hit first = e.getValue().get(0);
      for (Hit h : e.getValue()) {
        ops.add(h.read.op);
        if (h.read.seq < first.read.seq) {
          first = h;
        }
      }
      out.add(new Notification(store.nextNotificationId(), reader.id(), reader.agent(),
          reader.rank(), table.def().name(), key, List.copyOf(ops), Values.copy(first.before),
          Values.copy(first.after), writer.agent(), writer.rank(), changed.op, cause,
          Instant.ofEpochMilli(now)));
    }
    return out;
  }

  private record Hit(ReadRecord read, Object[] before, Object[] after) {}

  private static Map<TrajectoryImpl, List<Hit>> consider(ReadRecord r, VersionChain chain,
      Version changed, boolean nowPresent, Map<TrajectoryImpl, List<Hit>> hits) {
    TrajectoryImpl reader = r.reader;
    boolean downward = TestHooks.notifyDownward && reader.rank() < changed.rank;
    if (r.retracted || (reader.rank() <= changed.rank && !downward) || !reader.isActive()
        || (TestHooks.skipScanNotifications && !r.isPoint())) {
      return hits;
    }
    long rank = downward ? Long.MAX_VALUE : reader.rank();
    long seq = downward ? Long.MAX_VALUE : r.seq;
    Version b = chain.visible(rank, seq, changed, !nowPresent);
    Version a = chain.visible(rank, seq, changed, nowPresent);
    boolean all = TestHooks.notifyThroughHiding;
    if (a == b && !all) {
      return hits;
    }
    Object[] before = b == null ? null : b.values;
    Object[] after = a == null ? null : a.values;
    if (!r.affectedBy(before, after) && !all) {
      return hits;
    }
    Map<TrajectoryImpl, List<Hit>> m = hits == null ? new LinkedHashMap<>() : hits;
    m.computeIfAbsent(reader, k -> new ArrayList<>(2)).add(new Hit(r, before, after));
    return m;
  }

  /** Hands notifications to their readers; call with no chain monitor held. */
  void deliver(List<Notification> notifications) {
    for (Notification n : notifications) {
      store.deliver(n);
    }
  }
}
