package io.coagent.engine.internal;

import io.coagent.engine.Isolation;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Notification;
import io.coagent.engine.OpKind;
import io.coagent.engine.OpState;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.TrajectoryState;
import io.coagent.engine.internal.storage.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rebuilds a store's memory from its durable records at open.
 *
 * <p>Rules: a logged operation is either APPLIED or UNDONE (a statement that never completed was
 * never logged, so its versions are simply absent); every operation of an ABORTED trajectory is
 * undone. ACTIVE trajectories come back active at their ranks, with their unacknowledged
 * notifications and their footprints, so a lower-rank write after the restart still notifies
 * them; each (and each reservation) gets a fresh lease from the time of reopen, and is aborted
 * (dropped) when it expires like any other ({@link Leases}), so an agent that died with the
 * process cannot hold the order back for longer than one lease. Secondary indexes are rebuilt
 * from the recovered chains (their entries are not persisted; {@link SecondaryIndex}). A recovered scan footprint keeps its range but not its predicate (a Java object): it
 * notifies for any change in the range, a sound superset.
 */
final class Recovery {
  private final StoreImpl store;
  private final Map<Long, TableData> tablesById = new HashMap<>();

  Recovery(StoreImpl store) {
    this.store = store;
  }

  void run(Records.Snapshot snap) {
    store.nextTableId.set(snap.nextTableId());
    store.settings.putAll(snap.settings());
    for (Records.Table r : snap.tables()) {
      TableData td = new TableData(r.id(), Infos.tableDef(r));
      td.define(td.def(), r.fills());
      tablesById.put(r.id(), td);
      store.tables.put(td.def().name().toUpperCase(Locale.ROOT), td);
      store.nextTableId.set(Math.max(store.nextTableId.get(), r.id() + 1));
    }
    for (Records.Trajectory r : snap.trajectories()) {
      Isolation iso = Isolation.valueOf(r.isolation());
      TrajectoryState state = TrajectoryState.valueOf(r.state());
      String endReason = r.endReason();
      if (iso != Isolation.MTPO && state == TrajectoryState.ACTIVE) {
        // Buffered writes of the other levels are not durable before commit: like any database,
        // a restart aborts such a transaction.
        state = TrajectoryState.ABORTED;
        endReason = "aborted by the restart at " + Instant.now() + " (buffered writes of " + iso
            + " are not durable before commit)";
        store.backend.putTrajectory(new Records.Trajectory(r.id(), r.agent(), r.rank(),
            state.name(), r.started(), System.currentTimeMillis(), r.isolation(), r.commitSeq(),
            r.annotation(), endReason));
      }
      TrajectoryImpl t = new TrajectoryImpl(store, r.id(), r.agent(), r.rank(),
          Instant.ofEpochMilli(r.started()), state, iso);
      t.ended = r.ended() < 0 ? null : Instant.ofEpochMilli(r.ended());
      t.commitSeq = r.commitSeq();
      t.restoreAnnotation(r.annotation());
      t.restoreEndReason(endReason);
      store.register(t);
      store.order.restore(t);
      bump(store.nextTrajectoryId, r.id());
    }
    snap.reservations().forEach(store.order::restoreReservation);
    store.order.restoreHorizon(snap.maxAssigned(), snap.maxCommitted());
    store.compactedThrough = snap.compactedThrough();
    List<Records.Operation> ops = new ArrayList<>(snap.operations());
    ops.sort(Comparator.comparingLong(Records.Operation::id));
    for (Records.Operation r : ops) {
      TrajectoryImpl t = store.trajectories.get(r.trajectory());
      if (t != null) {
        restoreOperation(t, r);
      } else {
        dropOrphan(r);
      }
    }
    for (Records.Notification r : snap.notifications()) {
      restoreNotification(r);
    }
    notifyLostChanges(snap);
    for (Records.Index r : snap.indexes()) {
      TableData td = tablesById.get(r.tableId());
      if (td != null) { // else its table was dropped
        SecondaryIndex ix = new SecondaryIndex(new io.coagent.engine.IndexDef(r.name(),
            td.def().name(), r.columns(), r.unique()));
        ix.build(td);
        ix.ready = true;
        td.indexes.put(r.name().toUpperCase(Locale.ROOT), ix);
      }
    }
  }

  private void restoreOperation(TrajectoryImpl t, Records.Operation r) {
    OpState state = t.state == TrajectoryState.ABORTED ? OpState.UNDONE : OpState.valueOf(r.state());
    OperationImpl op = new OperationImpl(t, r.id(), r.seq(), OpKind.valueOf(r.kind()), r.text(),
        state, r.time());
    op.setRows(r.rows());
    op.annotation = r.annotation();
    bump(store.nextOpId, r.id());
    for (int i = 0; i < r.writes().size(); i++) {
      Records.Write w = r.writes().get(i);
      TableData td = tablesById.get(w.tableId());
      if (td == null) {
        continue; // the table was dropped after this write
      }
      Key key = Key.of(w.key());
      Version v = new Version(w.versionId(), t, op.id, op.pos() + i + 1, td.pad(w.after()),
          w.time());
      if (state != OpState.APPLIED) {
        long ended = t.ended == null ? w.time() : t.ended.toEpochMilli();
        v.undoneAt = r.undoneTime() > 0 ? r.undoneTime() : ended;
        v.undone = true;
      }
      VersionChain c = td.chain(key);
      synchronized (c) {
        td.add(c, key, v);
      }
      op.writes.add(new OperationImpl.WriteEntry(td, key, w.before(), v));
      bump(store.nextVersionId, w.versionId());
      if (td.def().hasHiddenKey()) {
        td.nextRowId.accumulateAndGet((Long) w.key()[0] + 1, Math::max);
      }
    }
    if (state == OpState.APPLIED && t.isolation() == Isolation.MTPO
        && !Compactor.endedBy(t, store.compactedThrough)) {
      // A trajectory ended by the last compaction's cutoff lost its reads to it (dropped in
      // memory, still in its operation records): a crash or close kept them in the file.
      for (Records.Read rr : r.reads()) {
        restoreRead(t, op, rr);
      }
    }
    t.restore(op);
  }

  private void restoreRead(TrajectoryImpl t, OperationImpl op, Records.Read rr) {
    TableData td = tablesById.get(rr.tableId());
    if (td == null) {
      return;
    }
    ReadRecord read;
    boolean live = t.isActive(); // an ended trajectory's reads only serve the rule-10 check
    if (rr.key() != null) {
      Key key = Key.of(rr.key());
      read = new ReadRecord(t, op.id, op.pos(), td, key, null, null, rr.columns(), true);
      if (live) {
        VersionChain c = td.chain(key);
        synchronized (c) {
          c.addReader(read);
        }
      }
    } else {
      KeyRange range = new KeyRange(rr.low() == null ? null : Key.of(rr.low()), rr.lowInclusive(),
          rr.high() == null ? null : Key.of(rr.high()), rr.highInclusive());
      if (rr.indexColumns() != null) {
        // an index scan: every key, under the persisted index condition (the range is over the
        // indexed values); only the caller's predicate is lost
        read = new ReadRecord(t, op.id, op.pos(), td, null, KeyRange.ALL,
            new SecondaryIndex.Condition(rr.indexColumns(), range, null), null, true);
        read.indexColumns = rr.indexColumns();
        read.indexRange = range;
      } else {
        read = new ReadRecord(t, op.id, op.pos(), td, null, range, RowPredicate.TRUE, null, true);
      }
      if (live) {
        td.scans.add(read);
      }
    }
    if (!rr.unlogged().isEmpty()) {
      read.unlogged = new ArrayList<>(rr.unlogged());
      for (Records.Unlogged u : rr.unlogged()) {
        bump(store.nextOpId, u.writerOp()); // a lost operation's id is never handed out again
      }
    }
    read.hashKnown = rr.resultHash() != null;
    read.resultHash = read.hashKnown ? rr.resultHash() : 0;
    t.addRead(read);
    op.reads.add(read);
  }

  /**
   * Notifies active trajectories of the changes their recovered reads saw that the crash lost.
   *
   * <p>MTPO applies writes at once, so a read can see a lower rank's write (or undo, or abort)
   * before that change's record is in the backend. If the reader's statement then syncs and the
   * process dies before the change is logged, the file holds the read but not what it saw: the
   * write is gone (never acknowledged, rightly not recovered) or the undo is (the write is back),
   * and nothing after the restart changes that row again, so no notification would ever tell the
   * reader. Each read persists such dependencies ({@link ReadRecord#unlogged}); here each is
   * compared with the recovered operations: a write seen whose operation is not APPLIED, or an
   * undo seen whose operation is APPLIED, was lost. The reader is notified as a live write or undo
   * would have (the cause is what the restart did: a lost write is undone, a lost undo writes the
   * row back), once per read operation: a dependency already named by a logged notification of
   * the same read is skipped, so a reader that acknowledged it is not told again after the next
   * restart.
   */
  private void notifyLostChanges(Records.Snapshot snap) {
    java.util.Set<String> told = new java.util.HashSet<>();
    for (Records.Notification n : snap.notifications()) {
      for (long op : n.readOps()) {
        told.add(tag(n.reader(), op, n.table(), Key.of(n.key()), n.writerOp()));
      }
    }
    Map<Long, OperationImpl> opsById = new HashMap<>();
    for (TrajectoryImpl t : store.trajectories.values()) {
      for (OperationImpl op : t.ops()) {
        opsById.put(op.id, op);
      }
    }
    int delivered = 0;
    for (TrajectoryImpl t : store.trajectories.values()) {
      if (!t.isActive() || t.isolation() != Isolation.MTPO) {
        continue;
      }
      Map<String, List<Lost>> byChange = new java.util.LinkedHashMap<>();
      for (ReadRecord r : t.reads()) {
        if (r.unlogged == null || r.table.dropped) {
          continue;
        }
        for (Records.Unlogged u : r.unlogged) {
          OperationImpl w = opsById.get(u.writerOp());
          boolean applied = w != null && w.state == OpState.APPLIED;
          Key key = Key.of(u.key());
          String table = r.table.def().name();
          if (u.undo() != applied || told.contains(tag(t.id(), r.op, table, key, u.writerOp()))) {
            continue; // not lost, or the reader was told already
          }
          VersionChain c = r.table.rows.get(key);
          Object[] now = c == null ? null : RowAccess.visibleValues(c, t.rank(), r.seq);
          if (!r.affectedBy(u.seen(), now)) {
            continue; // another recovered version gives the read what it saw
          }
          Notification.Cause cause = u.undo() ? Notification.Cause.WRITE
              : w != null && w.trajectory.state == TrajectoryState.ABORTED
                  ? Notification.Cause.ABORT : Notification.Cause.UNDO;
          byChange.computeIfAbsent(table + "\u0000" + key + "\u0000" + u.writerOp(),
              k -> new ArrayList<>()).add(new Lost(r, u, table, key, now, cause));
        }
      }
      for (List<Lost> same : byChange.values()) {
        Lost first = same.get(0);
        java.util.TreeSet<Long> readOps = new java.util.TreeSet<>();
        for (Lost l : same) {
          readOps.add(l.read.op);
          first = l.read.seq < first.read.seq ? l : first;
        }
        store.deliver(new Notification(store.nextNotificationId(), t.id(), t.agent(), t.rank(),
            first.table, first.key, List.copyOf(readOps), Values.copy(first.change.seen()),
            Values.copy(first.now), first.change.writerAgent(), first.change.writerRank(),
            first.change.writerOp(), first.cause, Instant.now()));
        delivered++;
      }
    }
    if (delivered > 0) {
      store.sync();
    }
  }

  private record Lost(ReadRecord read, Records.Unlogged change, String table, Key key,
      Object[] now, Notification.Cause cause) {}

  private static String tag(long reader, long readOp, String table, Key key, long writerOp) {
    return reader + "/" + readOp + "/" + table + "/" + key + "/" + writerOp;
  }

  /**
   * An operation record whose trajectory record is not in the file. Its statement was never
   * acknowledged (its sync would have written the trajectory record put at begin), so it is
   * removed; its ids are never handed out again either, or the record of a new trajectory under
   * the same id would adopt it at the next open (a file written before MvBackend's syncs were
   * consistent cuts may hold such a record: issue #9).
   */
  private void dropOrphan(Records.Operation r) {
    bump(store.nextTrajectoryId, r.trajectory());
    bump(store.nextOpId, r.id());
    for (Records.Write w : r.writes()) {
      bump(store.nextVersionId, w.versionId());
    }
    store.backend.removeOperation(r.id());
  }

  private void restoreNotification(Records.Notification r) {
    TrajectoryImpl reader = store.trajectories.get(r.reader());
    bump(store.nextNotificationId, r.id());
    if (reader == null) {
      return;
    }
    List<Long> ops = new ArrayList<>();
    for (long o : r.readOps()) {
      ops.add(o);
    }
    Notification n = new Notification(r.id(), reader.id(), reader.agent(), reader.rank(),
        r.table(), Key.of(r.key()), ops, r.seen(), r.now(), r.writerAgent(), r.writerRank(),
        r.writerOp(), Notification.Cause.valueOf(r.cause()), Instant.ofEpochMilli(r.time()));
    store.notifications.put(n.id(), new StoreImpl.NotificationState(n, r.acknowledged()));
    if (reader.isActive() && !r.acknowledged()) {
      reader.inbox.add(n);
    }
  }

  private static void bump(java.util.concurrent.atomic.AtomicLong counter, long seen) {
    counter.accumulateAndGet(seen + 1, Math::max);
  }
}
