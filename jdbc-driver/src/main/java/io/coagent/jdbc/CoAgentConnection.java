package io.coagent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CoAgent view of a JDBC connection: {@code connection.unwrap(CoAgentConnection.class)}.
 *
 * <p>An agent connection (URL or property {@code agent=NAME}) works inside the agent's trajectory;
 * the notification methods act on that trajectory. Operator connections (no agent) in auto-commit
 * mode have no long-lived trajectory: their rank is empty and the notification methods fail; with
 * auto-commit off an operator connection has a trajectory of its own, as an agent's.
 */
public interface CoAgentConnection extends Connection {

  /**
   * The MTPO isolation level, for {@link Connection#setTransactionIsolation} and reported by
   * {@link Connection#getTransactionIsolation()}. Outside the range of the JDBC constants, as SQL
   * Server's {@code TRANSACTION_SNAPSHOT} (4096) is.
   */
  int TRANSACTION_MTPO = 0x4D54;

  /**
   * Optimistic concurrency control (snapshot reads, validation at commit), the comparison
   * baseline of spec section 4. {@code TRANSACTION_SERIALIZABLE} selects strict two-phase locking
   * and {@code TRANSACTION_READ_COMMITTED} the naive last-writer-wins level.
   */
  int TRANSACTION_OCC = 0x4F43;

  /** The agent name, or null for an operator connection. */
  String agent();

  /**
   * The rank of the connection's active trajectory, or else of the agent's active trajectory
   * (which the connection joins at its next statement); empty if none is active, and for an
   * operator connection in auto-commit mode. Never begins a trajectory: a trajectory begun by a
   * look would hold every higher rank back after the connection closed.
   */
  Optional<Long> rank() throws SQLException;

  /**
   * Renews the lease of the agent's active trajectory and of its reservation (an operator
   * connection with auto-commit off: of its own trajectory), so the store does not abort work
   * that is only waiting for the agent to think (see {@code lease_timeout} in
   * {@code docs/reference/jdbc.md}). Returns when the renewed lease expires, or empty if there is
   * nothing to renew. If the store aborted the agent's trajectory meanwhile (lease expiry, an
   * operator's {@code SYS.ABORT}) it fails with that news once (SQLState MT010, MT011); the next
   * statement then begins a new trajectory. Never begins a trajectory.
   */
  Optional<java.time.Instant> heartbeat() throws SQLException;

  /**
   * The id of the connection's active trajectory, or else of the agent's active trajectory (which
   * the connection joins at its next statement); empty if none is active.
   */
  Optional<Long> trajectoryId();

  /** The next notification not yet handed out, without blocking; empty if no trajectory is active. */
  Optional<Notification> poll() throws SQLException;

  /** Like {@link #poll()} but waits up to {@code timeout}; empty at once if none is active. */
  Optional<Notification> await(Duration timeout) throws SQLException, InterruptedException;

  /** Every unacknowledged notification of the active trajectory, oldest first (none: empty). */
  List<Notification> pendingNotifications() throws SQLException;

  /**
   * Receives the notifications of the active trajectory, and of each trajectory this connection
   * begins or joins later, from now on; null removes it. Does not begin a trajectory.
   */
  void setNotificationListener(NotificationListener listener) throws SQLException;

  /** Spec rule 9: the agent judged the notification irrelevant or repaired its plan. */
  void acknowledge(long notificationId) throws SQLException;

  /**
   * The operations of the active trajectory, oldest first (their ids are what {@link #undo} takes);
   * empty if none is active. Does not begin a trajectory.
   */
  List<Operation> operations() throws SQLException;

  /** Spec rule 7: undoes one of this trajectory's operations (by {@code OP_ID}). */
  void undo(long operationId) throws SQLException;
}
