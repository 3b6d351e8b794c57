package io.coagent.engine.internal;

import io.coagent.engine.Isolation;
import io.coagent.engine.Key;
import io.coagent.engine.OpState;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.TrajectoryState;
import io.coagent.engine.VerifyReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rule 10: re-runs every recorded read of every committed trajectory at its place in the serial
 * order (its rank, before its own operation) over committed, non-undone versions only, and
 * compares the result hash with what the agent saw. A differing read is excused when the agent
 * acknowledged a notification naming that read's operation on that table.
 *
 * <p>The re-run uses the read's own predicate, so it alone cannot catch a predicate narrower than
 * the query it came from. Where the predicate carries an independent {@link
 * RowPredicate#reference()} (the SQL layer's interpretation of the WHERE clause), every row of
 * the table that the reference accepts at the read's serial position must be covered by the read
 * (in its range, accepted by its predicate); a row that is not is a violation that no
 * acknowledgement excuses. Point reads are checked by key only.
 *
 * <p>Reads recovered from disk (made before the store was last opened) are re-run too, never
 * skipped: a point read exactly like a live one (its columns and result hash are persisted); a
 * scan, whose predicate is not persisted, over its whole range against the hash of every row it
 * saw there (so a change the predicate would have ignored is a finding: safe, not exact). A read
 * from a file that kept no hash is a finding no acknowledgement excuses: VERIFY never certifies
 * what it did not check.
 *
 * <p>Skipped: reads of undone or failed operations (retracted), reads of dropped tables, and
 * reads of trajectories that ended by the last history compaction's cutoff (compaction drops them
 * with the versions they saw; the cutoff is durable, so this holds after a crash mid-compaction).
 *
 * <p>Cost: one re-read per footprint; a scan re-reads its range, and its whole table when it has a
 * reference. Runs concurrently with traffic
 * but is only meaningful at quiescence, which the report states.
 */
final class Verifier {
  private final StoreImpl store;

  Verifier(StoreImpl store) {
    this.store = store;
  }

  VerifyReport run() {
    Predicate<Version> committed = v -> v.writer.state == TrajectoryState.COMMITTED;
    Set<String> acked = new HashSet<>();
    boolean pending = false;
    for (StoreImpl.NotificationState s : store.notifications.values()) {
      if (s.acknowledged) {
        for (long op : s.notification.readOperations()) {
          acked.add(op + "/" + s.notification.table());
        }
      } else if (store.trajectories.get(s.notification.readerTrajectory()).isActive()) {
        pending = true;
      }
    }
    long checked = 0;
    List<VerifyReport.Finding> findings = new ArrayList<>();
    for (TrajectoryImpl t : store.trajectories.values()) {
      if (t.state != TrajectoryState.COMMITTED || t.isolation() != Isolation.MTPO) {
        continue; // rule 10 is MTPO's promise; other levels give their own guarantees
      }
      if (Compactor.endedBy(t, store.compactedThrough)) {
        continue; // history compaction dropped its reads (and may have removed what they saw)
      }
      Set<Long> applied = new HashSet<>();
      for (OperationImpl op : t.ops()) {
        if (op.state == OpState.APPLIED) {
          applied.add(op.id);
        }
      }
      for (ReadRecord r : t.reads()) {
        if (r.retracted || r.table.dropped || !applied.contains(r.op)) {
          continue;
        }
        checked++;
        if (r.recovered && !r.hashKnown) {
          findings.add(new VerifyReport.Finding(t.id(), t.agent(), t.rank(), r.op,
              r.table.def().name(), r.describe() + ", recovered from a file written before "
              + "read results were kept, so it cannot be re-run; not certified", false));
          continue;
        }
        RowPredicate reference = r.isPoint() ? null : r.predicate.reference();
        Key missed = reference == null ? null
            : RowAccess.uncovered(r, reference, r.reader.rank(), r.seq, committed);
        if (missed != null) {
          findings.add(new VerifyReport.Finding(t.id(), t.agent(), t.rank(), r.op,
              r.table.def().name(), "footprint narrower than its query: " + r.describe()
              + " does not cover row " + missed + ", which the query's condition accepts",
              false));
          continue;
        }
        if (RowAccess.rerun(r, r.reader.rank(), r.seq, committed) != r.resultHash) {
          String table = r.table.def().name();
          findings.add(new VerifyReport.Finding(t.id(), t.agent(), t.rank(), r.op, table,
              r.describe(), acked.contains(r.op + "/" + table)));
        }
      }
    }
    return new VerifyReport(store.order.quiescent() && !pending, checked, findings);
  }

}
