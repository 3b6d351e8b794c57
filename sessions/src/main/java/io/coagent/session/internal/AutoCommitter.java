package io.coagent.session.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Notification;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.Savepoint;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryState;
import io.coagent.session.Session.Redo;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends operator (auto-commit, no agent) trajectories as the spec asks: the statement returns at
 * once with the live state, and its trajectory commits when every lower rank has ended ({@link
 * Trajectory#commitAsyncAtTurn()}).
 *
 * <p>Repair: an operator statement sits at the end of the order, so if a lower rank changed what
 * it read before it commits, the serial run would have executed it on the new values. The commit
 * request fails with the notifications only at the trajectory's turn (every lower rank has
 * ended, so nothing can notify it any more); the committer then undoes the statement and runs it
 * again ({@link Redo}, on the store's commit thread, with the plan of the store's repair session),
 * acknowledges exactly the notifications the re-run consumed and asks to commit again. Consumed
 * means: every read the notification names belongs to an operation that existed before the
 * re-run began, i.e. one the rollback undid; a notification naming a re-run's own read reports a
 * change the re-run may not have seen, and stays pending for another round. A read-only statement
 * has nothing to redo: its answer was already returned, so it is only acknowledged. A script
 * ({@code INSERT ...; UPDATE ...}) is one statement, one trajectory: it is undone and re-run
 * whole. Rounds are bounded ({@link #MAX_ROUNDS}; more than one is needed only when a trajectory
 * joins below this one at an explicit rank); past the bound, or on any other failure, the
 * trajectory is aborted and logged.
 */
public final class AutoCommitter {
  private static final Logger LOG = Logger.getLogger(AutoCommitter.class.getName());
  static final int MAX_ROUNDS = 16;

  private AutoCommitter() {}

  /** {@code redo} null: nothing to re-run (a query, or a trajectory recovered after restart). */
  public static void submit(Trajectory t, Redo redo) {
    submit(t, redo, 0);
  }

  private static void submit(Trajectory t, Redo redo, int round) {
    java.util.concurrent.CompletableFuture<Void> commit;
    try {
      commit = t.commitAsyncAtTurn();
    } catch (RuntimeException e) {
      if (!(e instanceof CoAgentException c && c.code() == ErrorCode.STORE_CLOSED)) {
        LOG.log(Level.WARNING, "operator trajectory " + t.id() + " cannot commit; aborting", e);
        abortQuietly(t);
      }
      return;
    }
    commit.whenComplete((ok, failure) -> {
      if (failure == null || t.state() != TrajectoryState.ACTIVE) {
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof CoAgentException e && e.code() == ErrorCode.STORE_CLOSED) {
        return; // stays active: resubmitted when the store reopens (Stores)
      }
      if (cause instanceof CoAgentException e && e.code() == ErrorCode.NOTIFICATIONS_PENDING
          && round < MAX_ROUNDS) {
        try {
          repair(t, redo);
          submit(t, redo, round + 1);
          return;
        } catch (SQLException | RuntimeException repairFailure) {
          cause.addSuppressed(repairFailure);
        }
      }
      LOG.log(Level.WARNING, "operator trajectory " + t.id() + " cannot commit; aborting", cause);
      abortQuietly(t);
    });
  }

  /** One repair round: undo, re-run, acknowledge what the re-run consumed (class comment). */
  private static void repair(Trajectory t, Redo redo) throws SQLException {
    Set<Long> before = new HashSet<>();
    for (OperationInfo op : t.operations()) {
      before.add(op.id());
    }
    if (redo != null) {
      t.rollbackTo(new Savepoint(t.id(), 0));
      redo.rerun(t);
    }
    for (Notification n : t.pendingNotifications()) {
      if (before.containsAll(n.readOperations())) {
        t.acknowledge(n.id());
      }
    }
  }

  public static void abortQuietly(Trajectory t) {
    try {
      t.abort();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "abort of trajectory " + t.id() + " failed", e);
    }
  }
}
