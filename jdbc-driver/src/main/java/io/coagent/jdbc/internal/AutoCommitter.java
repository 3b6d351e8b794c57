package io.coagent.jdbc.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Notification;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryState;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends operator (auto-commit, no agent) trajectories as the spec asks: the statement returns at
 * once with the live state, and its trajectory commits when every lower rank has ended ({@link
 * Trajectory#commitAsync()}). An operator cannot repair anything, so a notification that blocks
 * its commit is acknowledged (the statement saw the live state when it ran) and the commit is
 * requested again, a bounded number of times; any other failure aborts the trajectory.
 */
final class AutoCommitter {
  private static final Logger LOG = Logger.getLogger(AutoCommitter.class.getName());
  private static final int MAX_ATTEMPTS = 1_000;

  private AutoCommitter() {}

  static void submit(Trajectory t) {
    submit(t, 0);
  }

  private static void submit(Trajectory t, int attempt) {
    t.commitAsync().whenComplete((ok, failure) -> {
      if (failure == null || t.state() != TrajectoryState.ACTIVE) {
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof CoAgentException e && e.code() == ErrorCode.NOTIFICATIONS_PENDING
          && attempt < MAX_ATTEMPTS) {
        try {
          for (Notification n : t.pendingNotifications()) {
            t.acknowledge(n.id());
          }
          submit(t, attempt + 1);
          return;
        } catch (RuntimeException ackFailure) {
          cause.addSuppressed(ackFailure);
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
