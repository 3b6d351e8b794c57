package io.coagent.jdbc.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Notification;
import io.coagent.engine.Savepoint;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryState;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends operator (auto-commit, no agent) trajectories as the spec asks: the statement returns at
 * once with the live state, and its trajectory commits when every lower rank has ended ({@link
 * Trajectory#commitAsync()}).
 *
 * <p>Repair: an operator statement sits at the end of the order, so if a lower rank changes what
 * it read before it commits, the serial run would have executed it on the new values. The
 * committer therefore undoes the statement and runs it again ({@link Redo}, in a private session
 * on the store's commit thread), acknowledges, and asks to commit again. A read-only statement has
 * nothing to redo: its answer was already returned, so it is only acknowledged. Attempts are
 * bounded; past the bound, or on any other failure, the trajectory is aborted and logged.
 */
final class AutoCommitter {
  private static final Logger LOG = Logger.getLogger(AutoCommitter.class.getName());
  private static final int MAX_ATTEMPTS = 100;

  /** Re-executes an operator statement inside its (rolled back) trajectory. */
  @FunctionalInterface
  interface Redo {
    void rerun(Trajectory t) throws SQLException;
  }

  private AutoCommitter() {}

  /** {@code redo} null: nothing to re-run (a query, or a trajectory recovered after restart). */
  static void submit(Trajectory t, Redo redo) {
    submit(t, redo, 0);
  }

  private static void submit(Trajectory t, Redo redo, int attempt) {
    t.commitAsync().whenComplete((ok, failure) -> {
      if (failure == null || t.state() != TrajectoryState.ACTIVE) {
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof CoAgentException e && e.code() == ErrorCode.STORE_CLOSED) {
        return; // stays active: resubmitted when the store reopens (StoreRegistry)
      }
      if (cause instanceof CoAgentException e && e.code() == ErrorCode.NOTIFICATIONS_PENDING
          && attempt < MAX_ATTEMPTS) {
        try {
          if (redo != null) {
            t.rollbackTo(new Savepoint(t.id(), 0));
            redo.rerun(t);
          }
          for (Notification n : t.pendingNotifications()) {
            t.acknowledge(n.id());
          }
          submit(t, redo, attempt + 1);
          return;
        } catch (SQLException | RuntimeException repairFailure) {
          cause.addSuppressed(repairFailure);
        }
      }
      LOG.log(Level.WARNING, "operator trajectory " + t.id() + " cannot commit; aborting", cause);
      abortQuietly(t);
    });
  }

  static void abortQuietly(Trajectory t) {
    try {
      t.abort();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "abort of trajectory " + t.id() + " failed", e);
    }
  }
}
