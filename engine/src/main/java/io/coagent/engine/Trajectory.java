package io.coagent.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An agent's long unit of work at a fixed rank. Handles are shared: every connection of the same
 * agent gets the same trajectory while it is active. All methods are thread-safe.
 */
public interface Trajectory {
  long id();

  String agent();

  long rank();

  TrajectoryState state();

  Isolation isolation();

  /** Starts a statement. Blocks while another statement of this trajectory runs. */
  Operation begin(OpKind kind, String text);

  Savepoint savepoint();

  /** Undoes, newest first, every operation started after {@code savepoint}. */
  void rollbackTo(Savepoint savepoint);

  /**
   * Undoes one of this trajectory's operations (rule 7): its versions disappear and every
   * higher-rank reader whose view changes is notified. Undoing a query retracts its reads.
   */
  void undo(long operationId);

  /** Commit with the store's default timeout; see {@link #commit(Duration)}. */
  void commit();

  /**
   * Rule 8: waits until every lower rank (active or reserved) has ended and every notification of
   * this trajectory is acknowledged. Fails with {@link ErrorCode#NOTIFICATIONS_PENDING} (the
   * notifications attached) if one is unacknowledged or arrives during the wait, and with
   * {@link ErrorCode#COMMIT_TIMEOUT} naming the blocking rank after {@code timeout}. After a
   * failure the trajectory stays active.
   */
  void commit(Duration timeout);

  /**
   * Rule 8 without blocking, for auto-commit statements: the future completes when the trajectory
   * has committed (once every lower rank has ended). It completes exceptionally with
   * {@link ErrorCode#NOTIFICATIONS_PENDING} if a notification is or becomes unacknowledged while
   * pending; the trajectory then stays active, so the caller can repair, acknowledge and ask again.
   * Futures complete on the store's commit thread, never on a writer's thread.
   */
  java.util.concurrent.CompletableFuture<Void> commitAsync();

  /**
   * As {@link #commitAsync()}, but unacknowledged notifications fail the future only at the
   * trajectory's turn: once it holds the lowest open rank (every lower rank has ended, so nothing
   * can notify it any more). A caller that repairs by re-running its statements (operator
   * auto-commit) therefore repairs once, against the final state of every lower rank, instead of
   * once per lower-rank change. Between the request and its turn no statement may run on the
   * trajectory ({@link ErrorCode#TRAJECTORY_NOT_ACTIVE}).
   */
  java.util.concurrent.CompletableFuture<Void> commitAsyncAtTurn();

  /** Undoes every operation and ends the trajectory. Idempotent on an aborted trajectory. */
  void abort();

  /** Next notification not yet handed out by poll/await, without blocking; empty if none. */
  Optional<Notification> poll();

  /** Like {@link #poll()} but waits up to {@code timeout}. */
  Optional<Notification> await(Duration timeout) throws InterruptedException;

  /** Every unacknowledged notification, oldest first (whether or not polled). */
  List<Notification> pendingNotifications();

  void acknowledge(long notificationId);

  /**
   * Replaces every listener by {@code listener} ({@code null}: removes all). Prefer
   * {@link #addListener} when several connections share the trajectory.
   */
  void setListener(NotificationListener listener);

  /** Adds a listener for notifications delivered from now on. */
  void addListener(NotificationListener listener);

  void removeListener(NotificationListener listener);

  /** Every operation of this trajectory, oldest first. */
  List<OperationInfo> operations();

  /**
   * Attaches a durable note to this trajectory (replacing any earlier one; null clears it). The
   * engine never interprets it: layers above keep what they need to resume the trajectory after
   * a restart (the session layer keeps an operator statement's text and parameters, to run it
   * again). Durable with the next synced call of the trajectory (a completed statement, an undo,
   * a commit or an abort); recovered in {@link TrajectoryInfo#annotation()}.
   */
  void annotate(String note);

  /** The note last attached with {@link #annotate}, or null. */
  String annotation();

  /** When the store aborts this trajectory unless a statement or heartbeat renews its lease. */
  java.time.Instant leaseExpires();

  /**
   * Why the store (not the agent) aborted this trajectory: its lease expired or an operator aborted
   * it, as an exception ready to report; null if it is active, committed or rolled back by its
   * agent.
   */
  CoAgentException abortNotice();
}
