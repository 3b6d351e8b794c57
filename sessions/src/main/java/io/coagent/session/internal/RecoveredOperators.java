package io.coagent.session.internal;

import io.coagent.engine.CoStore;
import io.coagent.engine.OpKind;
import io.coagent.engine.OpState;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.Savepoint;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.TrajectoryState;
import io.coagent.session.Session;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlSession;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Operator (auto-commit) trajectories found ACTIVE when a file store opens: their statement was
 * acknowledged to its caller ({@code executeUpdate} returned) but had not committed yet, because a
 * lower rank was still open when the store closed or crashed.
 *
 * <p>Such a statement must neither vanish nor commit a stale result. Its SQL text is durable with
 * its operations (an operator trajectory runs exactly one statement, re-run attempts included),
 * so it is resubmitted with a redo that re-runs that text: a notification after reopen (a lower
 * rank's rollback, say) undoes and re-runs it on the new values, exactly as before the crash. A
 * trajectory whose operations are all UNDONE (the crash fell between the durable undo of a repair
 * and its re-run) is re-run at once. A statement with parameters cannot be re-run (parameter
 * values are not persisted): it is committed as it stands if nothing invalidates it, and aborted
 * (logged) instead of being committed stale if something does.
 */
public final class RecoveredOperators {
  private static final Logger LOG = Logger.getLogger(RecoveredOperators.class.getName());

  private RecoveredOperators() {}

  /** Resubmits every recovered operator trajectory of {@code engine}'s store (at open). */
  public static void resubmit(SqlEngine engine) {
    CoStore store = engine.store();
    for (TrajectoryInfo info : store.trajectories()) {
      if (info.state() == TrajectoryState.ACTIVE
          && info.agent().startsWith(CoStore.OPERATOR_PREFIX)) {
        store.active(info.agent()).ifPresent(t -> resubmit(engine, t));
      }
    }
  }

  private static void resubmit(SqlEngine engine, Trajectory t) {
    List<OperationInfo> ops = t.operations();
    String sql = ops.isEmpty() ? null : ops.get(ops.size() - 1).text();
    boolean write = ops.stream().anyMatch(o -> o.kind() != OpKind.QUERY);
    Session.Redo redo = write && sql != null && parameterless(engine, sql)
        ? tr -> rerun(engine, sql, tr) : null;
    if (write && redo == null) {
      redo = tr -> {
        throw new SQLException("operator statement '" + sql + "' of trajectory " + tr.id()
            + " was invalidated after a restart and has parameters, which are not persisted, "
            + "so it cannot be re-run; it is aborted instead of committed stale");
      };
    }
    try {
      if (write && ops.stream().noneMatch(o -> o.state() == OpState.APPLIED)) {
        redo.rerun(t); // acknowledged, undone for a repair, not yet re-run: re-run it now
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "recovered operator trajectory " + t.id() + " cannot re-run its "
          + "statement; aborting", e);
      AutoCommitter.abortQuietly(t);
      return;
    }
    AutoCommitter.submit(t, redo);
  }

  private static boolean parameterless(SqlEngine engine, String sql) {
    try (SqlSession s = engine.openSession()) {
      PreparedSql p = s.prepare(sql);
      return p.parameterCount() == 0;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  private static void rerun(SqlEngine engine, String sql, Trajectory t) throws SQLException {
    t.rollbackTo(new Savepoint(t.id(), 0)); // a no-op when everything is undone already
    try (SqlSession s = engine.openSession()) {
      s.prepare(sql).execute(t, List.of());
    }
  }
}
