package io.coagent.engine.internal;

import io.coagent.engine.CompactionReport;
import io.coagent.engine.Isolation;
import io.coagent.engine.TrajectoryState;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * History retention: removes what no answer inside the retained window can use.
 *
 * <p>Anchor: in a chain, the highest version {@code h} that stands (not undone) and was written by
 * an MTPO trajectory that committed at or before the cutoff. Every version below {@code h} can go:
 * <ul>
 *   <li>current reads: a rank that can still read is above every committed MTPO rank (rule 8 and
 *       the refusal of ranks below committed ones), so it sees {@code h} or something higher;
 *   <li>time travel at {@code t >= cutoff}: {@code h} existed at {@code t} (written before its
 *       commit, and a committed version is never undone), so the view showed {@code h} or higher;
 *   <li>recorded reads: a trajectory of rank below {@code h.rank} ended before {@code h}'s commit,
 *       so before the cutoff, and its reads are dropped from the rule-10 check with it.
 * </ul>
 * A tombstone anchor with nothing left below is dropped too (absent either way). Separately, every
 * version undone before the cutoff goes: no read skips past an undone version into it, and time
 * travel at {@code t >= cutoff} does not count it.
 *
 * <p>Then the log: operations lose the writes whose versions went (records rewritten); an
 * operation of a trajectory that ended before the cutoff with no write left is removed, as are that
 * trajectory's notifications and recorded reads, and the trajectory itself when nothing is left
 * and its rank is not above the committed horizon read at the start of the pass (that horizon is
 * persisted before any removal, so no rank below a removed committed trajectory becomes
 * assignable after a restart, even one after a crash in the middle of the pass).
 *
 * <p>Concurrency: one chain monitor at a time; runs alongside traffic. Cost: one pass over every
 * chain and every logged write.
 */
final class Compactor {
  private final StoreImpl store;

  Compactor(StoreImpl store) {
    this.store = store;
  }

  CompactionReport run(Instant cutoffTime) {
    long cutoff = cutoffTime.toEpochMilli();
    // First the cutoff, then the removals: the backend's syncs are prefix-consistent, so a file
    // holding any removal (another committer's sync may write one mid-pass) holds the cutoff,
    // and recovery leaves out the recorded reads whose versions it may have removed.
    if (cutoff > store.compactedThrough) {
      store.compactedThrough = cutoff;
      store.backend.putCompactionCutoff(cutoff);
    }
    // The rank horizon too, before any removal and read once: a trajectory is removed only if its
    // rank is not above this persisted horizon, so a file holding the removal holds a horizon
    // covering it, and no rank below a removed committed trajectory is assignable after a crash
    // mid-pass (written at the end only, a crash between could keep removals without it).
    long[] start = store.order.horizon();
    store.backend.putRankHorizon(start[0], start[1]);
    Set<Version> removed = Collections.newSetFromMap(new IdentityHashMap<>());
    for (TableData td : store.tables.values()) {
      td.rows.forEach((key, chain) -> {
        synchronized (chain) {
          List<Version> vs = chain.versions();
          int anchor = -1;
          for (int i = vs.size() - 1; i >= 0 && anchor < 0; i--) {
            if (anchors(vs.get(i), cutoff)) {
              anchor = i;
            }
          }
          int upTo = anchor < 0 ? 0 : vs.get(anchor).isTombstone() ? anchor + 1 : anchor;
          removed.addAll(chain.removeBelow(upTo, v -> v.undone && v.undoneAt <= cutoff));
        }
        td.retire(key, chain);
      });
      for (SecondaryIndex ix : td.indexes.values()) {
        ix.prune(td); // drop the entries of the versions just removed (and of older undos)
      }
    }
    long notes = 0;
    for (StoreImpl.NotificationState n : store.notifications.values()) {
      TrajectoryImpl reader = store.trajectories.get(n.notification.readerTrajectory());
      if (reader == null || endedBy(reader, cutoff)) {
        store.notifications.remove(n.notification.id());
        store.backend.removeNotification(n.notification.id());
        notes++;
      }
    }
    long ops = 0;
    long trajectories = 0;
    long maxCommitted = start[1];
    for (TrajectoryImpl t : store.trajectories.values()) {
      boolean old = endedBy(t, cutoff);
      for (OperationImpl op : t.ops()) {
        boolean changed = op.writes.removeIf(w -> removed.contains(w.version()));
        if (old && op.writes.isEmpty()) {
          t.removeOp(op);
          store.backend.removeOperation(op.id);
          ops++;
        } else if (changed) {
          store.persist(op);
        }
      }
      if (old) {
        t.dropReads();
        if (t.ops().isEmpty() && t.rank() <= maxCommitted) {
          store.trajectories.remove(t.id());
          store.backend.removeTrajectory(t.id());
          trajectories++;
        }
      }
    }
    long[] horizon = store.order.horizon();
    store.backend.putRankHorizon(horizon[0], horizon[1]);
    store.sync();
    return new CompactionReport(cutoffTime, removed.size(), ops, trajectories, notes);
  }

  private static boolean anchors(Version v, long cutoff) {
    TrajectoryImpl w = v.writer;
    return !v.undone && w.state == TrajectoryState.COMMITTED && w.isolation() == Isolation.MTPO
        && w.ended != null && w.ended.toEpochMilli() <= cutoff;
  }

  static boolean endedBy(TrajectoryImpl t, long cutoff) {
    return t.state != TrajectoryState.ACTIVE && t.ended != null
        && t.ended.toEpochMilli() <= cutoff;
  }
}
