package io.coagent.sql.internal.sys;

import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** A prepared {@code CALL SYS.<procedure>(...)}: arguments checked, run on each execute. */
final class CallStatement implements PreparedSql {
  private final String sql;
  private final Procedure proc;
  private final CallArgs args;
  private final Procedures procedures;
  private final HistoryProcedures history;

  CallStatement(String sql, Procedure proc, CallArgs args, Procedures procedures,
      HistoryProcedures history) {
    this.history = history;
    this.sql = sql;
    this.proc = proc;
    this.args = args;
    this.procedures = procedures;
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return Kind.SYSTEM;
  }

  @Override
  public int parameterCount() {
    return args.parameterCount();
  }

  /** Runs the procedure; {@code trajectory} is ignored (procedures find the agent's own). */
  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    List<Object> a = args.bind(parameters);
    return switch (proc) {
      case LAUNCH -> procedures.launch((String) a.get(0));
      case UNDO -> procedures.undo((Long) a.get(0));
      case ACK -> procedures.ack((Long) a.get(0));
      case VERIFY -> procedures.verify();
      case AT_RANK -> history.atRank((String) a.get(0), (Long) a.get(1));
      case DIFF -> history.diff((String) a.get(0), (Instant) a.get(1), (Instant) a.get(2));
      case COMPACT_HISTORY -> history.compact((Instant) a.get(0));
      case HEARTBEAT -> procedures.heartbeat();
      case ABORT -> procedures.abort((String) a.get(0));
      case SET -> procedures.set((String) a.get(0), (String) a.get(1));
      case OUTBOX_TAKE -> procedures.outboxTake((Long) a.get(0));
      case OUTBOX_PUT -> throw new IllegalStateException("OUTBOX_PUT is prepared by "
          + "SysStatements as a statement of the trajectory, never as a CallStatement");
    };
  }
}
