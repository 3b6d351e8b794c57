package io.coagent.engine.internal;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.Notification;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.TableDef;
import io.coagent.engine.TrajectoryState;
import io.coagent.engine.WriteInfo;
import io.coagent.engine.internal.storage.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Conversions between live objects, API snapshots and storage records. */
final class Infos {
  private Infos() {}

  static OperationInfo operation(OperationImpl op) {
    List<WriteInfo> ws = new ArrayList<>();
    for (OperationImpl.WriteEntry w : OperationImpl.snapshot(op.writes)) {
      ws.add(new WriteInfo(w.table().def().name(), w.key(), Values.copy(w.table().pad(w.before())),
          Values.copy(w.version().values)));
    }
    TrajectoryImpl t = op.trajectory;
    return new OperationInfo(op.id, t.id(), t.agent(), t.rank(), op.seq, op.kind, op.text,
        op.state, op.rowsAffected(), Instant.ofEpochMilli(op.timeMillis), ws, op.annotation);
  }

  static Records.Table tableRecord(TableData td) {
    TableDef d = td.def();
    return new Records.Table(td.id, d.name(),
        d.columns().stream().map(ColumnDef::name).toList(),
        d.columns().stream().map(ColumnDef::storedType).toList(),
        d.columns().stream().map(ColumnDef::nullable).toList(), d.primaryKey(),
        d.columns().stream().map(ColumnDef::defaultSql).toList(), td.fills(), d.constraints());
  }

  static TableDef tableDef(Records.Table r) {
    List<ColumnDef> cols = new ArrayList<>();
    for (int i = 0; i < r.columnNames().size(); i++) {
      cols.add(ColumnDef.parseType(r.columnNames().get(i), r.columnTypes().get(i),
          r.nullable().get(i), r.defaults().get(i)));
    }
    return new TableDef(r.name(), cols, r.primaryKey(), r.constraints());
  }

  static Records.Trajectory trajectoryRecord(TrajectoryImpl t) {
    return trajectoryRecord(t, t.state, t.ended, t.commitSeq);
  }

  static Records.Trajectory trajectoryRecord(TrajectoryImpl t, TrajectoryState state,
      Instant ended, long commitSeq) {
    return new Records.Trajectory(t.id(), t.agent(), t.rank(), state.name(),
        t.started.toEpochMilli(), ended == null ? -1 : ended.toEpochMilli(), t.isolation().name(),
        commitSeq, t.annotation(), t.endReason());
  }

  static Records.Operation operationRecord(OperationImpl op) {
    List<Records.Write> ws = new ArrayList<>();
    long undoneTime = 0;
    for (OperationImpl.WriteEntry w : OperationImpl.snapshot(op.writes)) {
      ws.add(new Records.Write(w.table().id, w.key().toArray(), w.before(), w.version().id,
          w.version().values, w.version().timeMillis));
      undoneTime = Math.max(undoneTime, w.version().undoneAt);
    }
    List<Records.Read> rs = new ArrayList<>();
    for (ReadRecord r : OperationImpl.snapshot(op.reads)) {
      List<Records.Unlogged> unlogged = r.unlogged == null ? List.of() : List.copyOf(r.unlogged);
      if (r.isPoint()) {
        rs.add(new Records.Read(r.table.id, r.key.toArray(), null, false, null, false, r.columns,
            r.resultHash, null, unlogged));
      } else if (r.indexColumns != null) {
        rs.add(new Records.Read(r.table.id, null, bound(r.indexRange.low()),
            r.indexRange.lowInclusive(), bound(r.indexRange.high()),
            r.indexRange.highInclusive(), null, r.rangeHash, r.indexColumns, unlogged));
      } else {
        rs.add(new Records.Read(r.table.id, null, bound(r.range.low()), r.range.lowInclusive(),
            bound(r.range.high()), r.range.highInclusive(), null, r.rangeHash, null, unlogged));
      }
    }
    return new Records.Operation(op.id, op.trajectory.id(), op.seq, op.kind.name(), op.text,
        op.state.name(), op.rowsAffected(), op.timeMillis, ws, rs, undoneTime, op.annotation);
  }

  private static Object[] bound(io.coagent.engine.Key k) {
    return k == null ? null : k.toArray();
  }

  static Records.Notification notificationRecord(Notification n, boolean acked) {
    long[] ops = n.readOperations().stream().mapToLong(Long::longValue).toArray();
    return new Records.Notification(n.id(), n.readerTrajectory(), n.table(), n.key().toArray(),
        ops, n.seen(), n.now(), n.writerAgent(), n.writerRank(), n.writerOperation(),
        n.cause().name(), n.time().toEpochMilli(), acked);
  }
}
