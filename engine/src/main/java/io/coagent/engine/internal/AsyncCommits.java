package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Notification;
import io.coagent.engine.TrajectoryState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pending {@link TrajectoryImpl#commitAsync()} requests (rule 8 without blocking, for auto-commit
 * statements). Shares the rank order's lock: a request completes when its trajectory holds the
 * lowest open rank, or fails when a notification is unacknowledged: at once, or, for an
 * {@code atTurn} request ({@link TrajectoryImpl#commitAsyncAtTurn()}), only when it holds the
 * lowest open rank, so that its caller repairs once against final lower-rank state.
 * {@link #progress()} runs after every change that can unblock a request (a rank closing, a
 * notification, a new request, a statement ending on a trajectory whose commit is pending).
 *
 * <p>Ending a trajectory needs its statement lock as well as the order lock (no statement may run
 * while it commits): {@link #progress()} takes it with tryLock, and skips a trajectory whose lock
 * is held; the holder calls {@link #progress()} again when it releases it.
 *
 * <p>Futures always complete on {@code completions} and outside the lock, because their
 * continuations (an operator statement re-running) call back into the store.
 */
final class AsyncCommits {
  /** A pending request. */
  private record AsyncCommit(TrajectoryImpl trajectory, CompletableFuture<Void> future,
      boolean atTurn) {}

  private final RankOrder order;
  private final ReentrantLock lock;
  private final Executor completions;
  private final TreeMap<Long, AsyncCommit> asyncCommits = new TreeMap<>();

  AsyncCommits(RankOrder order, Executor completions) {
    this.order = order;
    this.lock = order.lock();
    this.completions = completions;
  }

  CompletableFuture<Void> request(TrajectoryImpl t, boolean atTurn) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    lock.lock();
    try {
      if (t.state != TrajectoryState.ACTIVE) {
        throw new CoAgentException(ErrorCode.TRAJECTORY_NOT_ACTIVE, "the trajectory of agent "
            + t.agent() + " is " + t.state + "; nothing to commit");
      }
      AsyncCommit prev = asyncCommits.put(t.rank(), new AsyncCommit(t, f, atTurn));
      if (prev != null) {
        asyncCommits.put(t.rank(), prev);
        throw new CoAgentException(ErrorCode.TRAJECTORY_NOT_ACTIVE, "agent " + t.agent()
            + " already has a commit pending; wait for it");
      }
      t.committing = true;
    } finally {
      lock.unlock();
    }
    progress();
    return f;
  }

  /**
   * Completes every pending async commit that can complete now: fails those with unacknowledged
   * notifications, commits the one holding the lowest open rank (which may free the next). Bounded
   * by the number of pending commits per pass; the futures complete on {@code completions}.
   */
  void progress() {
    List<Runnable> done = new ArrayList<>();
    lock.lock();
    try {
      boolean progressed = true;
      while (progressed && !asyncCommits.isEmpty()) {
        progressed = false;
        for (AsyncCommit a : new ArrayList<>(asyncCommits.values())) {
          TrajectoryImpl t = a.trajectory();
          List<Notification> pending = t.inbox.unacknowledged();
          boolean turn = t.state == TrajectoryState.ACTIVE
              && (order.lowestOpenRank() == t.rank() || TestHooks.commitSkipsLowerRank);
          if (t.state != TrajectoryState.ACTIVE || (!pending.isEmpty() && (turn || !a.atTurn()))) {
            asyncCommits.remove(t.rank());
            t.committing = false;
            t.renew(); // its lease was suspended while the commit was pending
            CoAgentException e = t.state != TrajectoryState.ACTIVE
                ? new CoAgentException(ErrorCode.TRAJECTORY_NOT_ACTIVE, "agent " + t.agent()
                    + " ended (" + t.state + ") before its pending commit")
                : new CoAgentException(ErrorCode.NOTIFICATIONS_PENDING, "agent " + t.agent()
                    + " was notified while its commit was pending; repair, acknowledge and "
                    + "commit again", pending);
            done.add(() -> a.future().completeExceptionally(e));
          } else if (turn && t.tryLockForCommit()) {
            try {
              asyncCommits.remove(t.rank());
              t.committing = false;
              order.end(t, TrajectoryState.COMMITTED);
              done.add(() -> {
                RowAccess.unregister(t.reads(), false);
                a.future().complete(null);
              });
              progressed = true;
            } catch (RuntimeException e) {
              done.add(() -> a.future().completeExceptionally(e));
            } finally {
              t.unlockForCommit();
            }
            break;
          }
        }
      }
    } finally {
      lock.unlock();
    }
    done.forEach(completions::execute);
  }

  /**
   * Fails every pending async commit; the store is closing. The trajectories stay active (and,
   * in file mode, durable) so they can be resubmitted when the store reopens. Futures complete
   * outside the lock: their continuations may call back into the store.
   */
  void close() {
    List<AsyncCommit> pending;
    lock.lock();
    try {
      pending = new ArrayList<>(asyncCommits.values());
      asyncCommits.clear();
      pending.forEach(a -> a.trajectory().committing = false);
    } finally {
      lock.unlock();
    }
    for (AsyncCommit a : pending) {
      a.future().completeExceptionally(new CoAgentException(ErrorCode.STORE_CLOSED,
          "the store closed before agent " + a.trajectory().agent() + " could commit; its "
              + "trajectory stays active and can commit after the store reopens"));
    }
  }}
