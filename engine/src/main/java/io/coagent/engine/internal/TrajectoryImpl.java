package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Isolation;
import io.coagent.engine.Notification;
import io.coagent.engine.NotificationListener;
import io.coagent.engine.OpKind;
import io.coagent.engine.OpState;
import io.coagent.engine.Operation;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.Savepoint;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An agent's trajectory at a fixed rank.
 *
 * <p>Concurrency: one statement at a time. {@code stmtLock} is held from {@link #begin} until the
 * operation closes, and by undo, rollback, commit and abort; connections sharing the trajectory
 * queue on it. An async commit ({@link AsyncCommits}) also ends the trajectory holding it (taken
 * with tryLock; a statement that ends while the commit is pending lets it try again), and
 * {@link #begin} refuses a trajectory whose commit is pending ({@code committing}), so no
 * statement runs on a trajectory that is being, or has been, committed. Notification calls (poll, await, acknowledge) do not take it, so another thread
 * can acknowledge while a commit waits. {@code ops} and {@code reads} are appended under
 * {@code stmtLock} and copied out under their own monitor.
 *
 * <p>Invariants: {@code state} leaves ACTIVE exactly once, inside {@link RankOrder}; operations'
 * sequence numbers are 1, 2, ... in log order.
 *
 * <p>Lease: {@code renewedAt} (store clock, ms) is set at creation (for a recovered trajectory:
 * at reopen) and by every statement, savepoint, undo, commit, notification call and heartbeat; the
 * lease ends {@code lease_timeout} later ({@link Leases}). An expired or operator-aborted
 * trajectory keeps why in {@code endCode}/{@code endReason} ({@link #abortNotice()}).
 */
final class TrajectoryImpl implements Trajectory {
  final StoreImpl store;
  private final long id;
  private final String agent;
  /**
   * An operator (auto-commit) trajectory ({@link io.coagent.engine.CoStore#OPERATOR_PREFIX}):
   * while it has written nothing, its records are not synced on their own ({@link #lazyDurable}).
   */
  final boolean operator;
  /**
   * A new trajectory begun for one auto-commit statement of an agent
   * ({@link io.coagent.engine.CoStore#beginStatement}): nothing of it is acknowledged before its
   * commit or abort returns, so its begin and its statement's completion are not synced on their
   * own, only its end is (one sync per statement instead of three). Whatever is put is still
   * written by the next sync of anyone's (MvBackend's prefix), so an acknowledged call that
   * depends on it (a higher rank's read of its write, say) makes it durable first; a crash before
   * its end loses at most the unacknowledged statement, as if it never ran (its readers are
   * told, as for any change a crash lost). Cleared when another connection of the agent joins
   * (RankOrder.begin): the joiner's statements are acknowledged when they return.
   */
  volatile boolean deferred;
  /** Fixed at begin for MTPO; for other levels 0 until commit places the trajectory. */
  private volatile long rank;
  private final Isolation isolation;
  /** Buffered writes of non-MTPO levels; null for MTPO. */
  final Workspace workspace;
  /** OCC: commits up to this sequence number form the snapshot. */
  volatile long snapshotSeq;
  /** Position in commit order; MAX_VALUE until committed. */
  volatile long commitSeq = Long.MAX_VALUE;
  /** Set when a deadlock chose this trajectory as victim: it can only roll back. */
  volatile CoAgentException doomed;
  final Instant started;
  volatile Instant ended;
  volatile TrajectoryState state;
  volatile boolean committing;
  /**
   * The operation whose current change to the rows (its writes while it runs, or its undo) is
   * applied in memory but not yet in the backend, or -1. Only this trajectory's statement holder
   * writes it, set before the change is applied and cleared once its record is put (any later
   * sync writes it then). Readers of other trajectories that see such a change note it
   * ({@link ReadRecord#dependOn}): their own sync may reach the disk before it does.
   */
  volatile long unloggedOp = -1;
  /**
   * Set while an abort reverts every operation, or a baseline commit installs its versions,
   * until the trajectory's end record is put: every version of this trajectory is then a change
   * not yet logged (as {@link #unloggedOp}).
   */
  volatile boolean unloggedAll;
  final Inbox inbox;
  final java.util.List<NotificationListener> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ReentrantLock stmtLock = new ReentrantLock();
  private final List<OperationImpl> ops = new ArrayList<>();
  private final List<ReadRecord> reads = new ArrayList<>();
  private long nextSeq;
  private volatile String annotation;
  private volatile long renewedAt;
  private volatile ErrorCode endCode;
  private volatile String endReason;

  TrajectoryImpl(StoreImpl store, long id, String agent, long rank, Instant started,
      TrajectoryState state, Isolation isolation) {
    this.store = store;
    this.id = id;
    this.agent = agent;
    this.operator = agent.startsWith(io.coagent.engine.CoStore.OPERATOR_PREFIX);
    this.rank = rank;
    this.isolation = isolation;
    this.workspace = isolation == Isolation.MTPO ? null : new Workspace();
    this.started = started;
    this.state = state;
    this.inbox = new Inbox(store.config.maxPendingNotifications());
    this.renewedAt = store.config.clock().millis();
  }

  /** Renews the lease (see the class comment). */
  void renew() {
    renewedAt = store.config.clock().millis();
  }

  long renewedAt() {
    return renewedAt;
  }

  long leaseExpiresAt(long leaseMillis) {
    return renewedAt + leaseMillis;
  }

  @Override
  public Instant leaseExpires() {
    return Instant.ofEpochMilli(leaseExpiresAt(store.leaseTimeout().toMillis()));
  }

  String endReason() {
    return endReason;
  }

  @Override
  public CoAgentException abortNotice() {
    ErrorCode code = endCode;
    String why = endReason;
    if (code == null || why == null) {
      return null;
    }
    return new CoAgentException(code, "agent " + agent + "'s trajectory " + id + " (rank " + rank
        + ") was " + why + "; its writes were undone and higher ranks notified. Start again: the "
        + "next statement begins a new trajectory" + (code == ErrorCode.LEASE_EXPIRED
            ? " (an agent that thinks longer than lease_timeout must heartbeat: "
            + "CoAgentConnection.heartbeat() or CALL SYS.HEARTBEAT())" : ""));
  }

  /**
   * The reaper's expiry: aborts as {@link #abort()} does if the lease is still expired and no
   * statement or commit is under way (never blocks: a held statement lock means the agent is
   * active). Returns whether it aborted.
   */
  boolean expire(long now, long leaseMillis) {
    if (stmtLock.isLocked() || !stmtLock.tryLock()) { // isLocked: even by this very thread
      return false;
    }
    try {
      long renewed = renewedAt;
      if (state != TrajectoryState.ACTIVE || committing || renewed + leaseMillis > now) {
        return false;
      }
      abortLocked(ErrorCode.LEASE_EXPIRED, "aborted by lease expiry at "
          + Instant.ofEpochMilli(now) + " (" + Leases.describe(renewed, leaseMillis) + ")");
    } finally {
      stmtLock.unlock();
    }
    afterAbort();
    store.order.notice(agent, abortNotice());
    return true;
  }

  /** {@code SYS.ABORT}: waits up to the lock timeout for a running statement, then aborts. */
  boolean abortByOperator() {
    try {
      if (!stmtLock.tryLock(lockTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new CoAgentException(ErrorCode.LOCK_TIMEOUT, "agent " + agent + " (rank " + rank
            + ") kept a statement or commit running for " + lockTimeout().toMillis() + " ms; "
            + "retry SYS.ABORT when it ends");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoAgentException(ErrorCode.LOCK_TIMEOUT, "SYS.ABORT of agent " + agent
          + " was interrupted", e);
    }
    try {
      if (state != TrajectoryState.ACTIVE) {
        return false;
      }
      abortLocked(ErrorCode.ABORTED_BY_OPERATOR, "aborted by an operator (SYS.ABORT) at "
          + Instant.ofEpochMilli(store.config.clock().millis()));
    } finally {
      stmtLock.unlock();
    }
    afterAbort();
    store.order.notice(agent, abortNotice());
    return true;
  }
  @Override public long id() { return id; }
  @Override public String agent() { return agent; }
  @Override public long rank() { return rank; }
  @Override public TrajectoryState state() { return state; }
  @Override public Isolation isolation() { return isolation; }

  /** Non-MTPO commit: the trajectory takes its place in the order. */
  void placeAt(long r) {
    assert isolation != Isolation.MTPO;
    rank = r;
  }

  java.time.Duration lockTimeout() {
    return store.config.defaultCommitTimeout();
  }

  boolean isActive() {
    return state == TrajectoryState.ACTIVE;
  }

  @Override
  public Operation begin(OpKind kind, String text) {
    store.checkOpen();
    stmtLock.lock();
    try {
      checkActive();
      checkNotCommitting();
      checkNotDoomed();
      renew();
      if (inbox.overflowed()) {
        throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "agent " + agent + " (rank " + rank
            + ") received more than maxPendingNotifications=" + inbox.limit()
            + " unacknowledged notifications; it can only roll back");
      }
      synchronized (ops) {
        if (ops.size() >= store.config.maxOperationsPerTrajectory()) {
          throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "agent " + agent + " reached "
              + "maxOperationsPerTrajectory=" + ops.size() + "; commit and start a new trajectory");
        }
        OperationImpl op = new OperationImpl(this, store.nextOpId(), ++nextSeq, kind, text,
            OpState.RUNNING, System.currentTimeMillis());
        unloggedOp = op.id; // before its first write; cleared when its record is put
        ops.add(op);
        return op;
      }
    } catch (RuntimeException e) {
      stmtLock.unlock();
      throw e;
    }
  }

  void endStatement() {
    renew();
    unlockStatement();
  }

  /**
   * Releases the statement lock; if an async commit is pending, lets it try again (it skipped this
   * trajectory while the lock was held, see {@link #tryLockForCommit}).
   */
  private void unlockStatement() {
    boolean last = stmtLock.getHoldCount() == 1;
    stmtLock.unlock();
    if (last && committing && state == TrajectoryState.ACTIVE) {
      store.order.progressAsync();
    }
  }

  /**
   * For {@link AsyncCommits}, holding the order lock: takes the statement lock if no statement,
   * undo or abort holds it (never waits, so the order lock never waits for a statement lock).
   * False also when the calling thread itself holds it (it is inside a statement of this
   * trajectory). Release with {@link #unlockForCommit}.
   */
  boolean tryLockForCommit() {
    if (stmtLock.isHeldByCurrentThread()) {
      return false;
    }
    return stmtLock.tryLock();
  }

  void unlockForCommit() {
    stmtLock.unlock();
  }

  private void checkNotCommitting() {
    if (committing) {
      throw new CoAgentException(ErrorCode.TRAJECTORY_NOT_ACTIVE, "agent " + agent + "'s "
          + "trajectory (rank " + rank + ") has a commit pending; no statement may run on it "
          + "until the commit completes or fails");
    }
  }

  /**
   * True for an operator trajectory none of whose operations wrote anything: its begin, its
   * queries and its commit need no sync of their own. Nothing it did can be lost in a crash,
   * because it changed nothing: its answers were already returned, no other trajectory read
   * anything it wrote, and a recovered copy (its records reach the file with the next sync of
   * anyone's) has nothing to re-run and commits at reopen (RecoveredOperators). What a crash can
   * lose is only its record: SYS.TRAJECTORIES and SYS.VERIFY after reopen may not show it.
   */
  /**
   * True for the commit of an MTPO operator trajectory that wrote: its statement was acknowledged
   * at {@code complete} (synced then), and nobody waits for the commit. A crash before the commit
   * record reaches the file finds the trajectory ACTIVE with its completed statement, and
   * RecoveredOperators commits it at reopen (every lower rank had ended before this commit, and
   * their ends were durable, so nothing can invalidate it there). Anything acknowledged after the
   * commit that depends on it (a higher rank's commit, which waited for it) syncs first, and a
   * sync writes every record put before it (MvBackend's prefix), this commit record included.
   * Aborts stay synced: an abort undoes an acknowledged statement's writes, which must not come
   * back. Other levels install their writes at commit and stay synced too.
   */
  boolean lazyCommit(TrajectoryState outcome) {
    return operator && workspace == null && outcome == TrajectoryState.COMMITTED;
  }

  boolean lazyDurable() {
    if (!operator || workspace != null) { // other levels buffer writes outside the operations
      return false;
    }
    synchronized (ops) {
      for (OperationImpl op : ops) {
        if (!op.writes.isEmpty()) {
          return false;
        }
      }
      return true;
    }
  }

  void addRead(ReadRecord r) {
    synchronized (ops) {
      if (reads.size() >= store.config.maxReadsPerTrajectory()) {
        throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "agent " + agent + " (rank " + rank
            + ") recorded maxReadsPerTrajectory=" + reads.size() + " reads; commit, or read "
            + "with a range scan instead of many point reads");
      }
      reads.add(r);
    }
  }

  List<ReadRecord> reads() {
    synchronized (ops) {
      return new ArrayList<>(reads);
    }
  }

  List<OperationImpl> ops() {
    synchronized (ops) {
      return new ArrayList<>(ops);
    }
  }

  /** History compaction: forgets a logged operation. */
  void removeOp(OperationImpl op) {
    synchronized (ops) {
      ops.remove(op);
    }
  }

  /** History compaction: this ended trajectory's reads leave the rule-10 check. */
  void dropReads() {
    synchronized (ops) {
      reads.clear();
    }
  }

  /** Recovery only: re-attaches a logged operation. */
  void restore(OperationImpl op) {
    synchronized (ops) {
      ops.add(op);
      nextSeq = Math.max(nextSeq, op.seq);
    }
  }

  @Override
  public Savepoint savepoint() {
    stmtLock.lock();
    try {
      checkActive();
      return new Savepoint(id, nextSeq);
    } finally {
      unlockStatement();
    }
  }

  @Override
  public void rollbackTo(Savepoint sp) {
    if (sp.trajectory() != id) {
      throw new CoAgentException(ErrorCode.UNKNOWN_OPERATION, "savepoint belongs to trajectory "
          + sp.trajectory() + ", not to agent " + agent + "'s trajectory " + id);
    }
    withStatementLock(() -> {
      List<OperationImpl> all = ops();
      for (int i = all.size() - 1; i >= 0 && all.get(i).seq > sp.afterSeq(); i--) {
        undoLocked(all.get(i), Notification.Cause.UNDO);
      }
      store.sync();
    });
  }

  @Override
  public void undo(long operationId) {
    withStatementLock(() -> {
      OperationImpl op = ops().stream().filter(o -> o.id == operationId).findFirst()
          .orElseThrow(() -> store.foreignOrUnknownOperation(operationId, agent));
      if (op.state == OpState.RUNNING) {
        throw new CoAgentException(ErrorCode.UNKNOWN_OPERATION,
            "operation " + operationId + " is still running; close it first");
      }
      undoLocked(op, Notification.Cause.UNDO);
      store.sync();
    });
  }

  private void undoLocked(OperationImpl op, Notification.Cause cause) {
    if (op.state != OpState.APPLIED) {
      return;
    }
    unloggedOp = op.id;
    op.revert(cause);
    op.state = OpState.UNDONE;
    store.persist(op);
    unloggedOp = -1;
  }

  /** Whether {@code v}, a version of this trajectory, is part of a change not yet logged. */
  boolean unlogged(Version v) {
    return unloggedAll || unloggedOp == v.op;
  }

  @Override
  public void commit() {
    commit(store.config.defaultCommitTimeout());
  }

  @Override
  public void commit(Duration timeout) {
    if (isolation != Isolation.MTPO) {
      try {
        withStatementLock(() -> store.order.commitBaseline(this));
      } finally {
        if (state != TrajectoryState.ACTIVE) {
          store.locks.releaseAll(this);
        }
      }
      store.order.progressAsync();
      return;
    }
    withStatementLock(() -> store.order.commit(this, timeout));
    RowAccess.unregister(reads(), false);
    store.order.progressAsync(); // a higher pending auto-commit may be next
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> commitAsync() {
    store.checkOpen();
    if (isolation != Isolation.MTPO) {
      commit(); // nothing to wait for: the other levels commit at once or fail
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return store.order.commitAsync(this, false);
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> commitAsyncAtTurn() {
    store.checkOpen();
    if (isolation != Isolation.MTPO) {
      commit();
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return store.order.commitAsync(this, true);
  }

  @Override
  public void abort() {
    stmtLock.lock();
    try {
      if (state == TrajectoryState.ABORTED) {
        return;
      }
      checkActive();
      abortLocked(null, null);
    } finally {
      stmtLock.unlock();
    }
    afterAbort();
  }

  /** Undoes every operation, newest first, and ends the trajectory; holding stmtLock. */
  private void abortLocked(ErrorCode code, String why) {
    endCode = code;
    endReason = why;
    List<OperationImpl> all = ops();
    unloggedAll = true;
    for (int i = all.size() - 1; i >= 0; i--) {
      OperationImpl op = all.get(i);
      if (op.state == OpState.APPLIED) {
        op.revert(Notification.Cause.ABORT);
        op.state = OpState.UNDONE;
      }
    }
    store.order.end(this, TrajectoryState.ABORTED);
    unloggedAll = false; // the end record is put (if that failed, the change stays unlogged)
  }

  private void afterAbort() {
    if (isolation != Isolation.MTPO) {
      store.locks.releaseAll(this);
    }
    RowAccess.unregister(reads(), false);
    store.order.progressAsync();
  }

  private void withStatementLock(Runnable body) {
    store.checkOpen();
    stmtLock.lock();
    try {
      checkActive();
      renew();
      body.run();
    } finally {
      renew(); // a failed commit's wait must not count as the agent's silence
      unlockStatement();
    }
  }

  void checkNotDoomed() {
    CoAgentException d = doomed;
    if (d != null) {
      throw new CoAgentException(d.code(), "agent " + agent + "'s trajectory was aborted ("
          + d.getMessage() + "); roll back before running more statements");
    }
  }

  private void checkActive() {
    CoAgentException news = state == TrajectoryState.ACTIVE ? null : abortNotice();
    if (news != null) {
      throw news; // expired or aborted by an operator: say so, not just "ABORTED"
    }
    if (state != TrajectoryState.ACTIVE) {
      throw new CoAgentException(ErrorCode.TRAJECTORY_NOT_ACTIVE, "the trajectory of agent "
          + agent + " (rank " + rank + ") is " + state + "; start a new one with begin");
    }
  }

  @Override
  public Optional<Notification> poll() {
    renewIfActive();
    return inbox.poll();
  }

  @Override
  public Optional<Notification> await(Duration timeout) throws InterruptedException {
    renewIfActive();
    return inbox.await(timeout.compareTo(store.config.maxCommitTimeout()) > 0
        ? store.config.maxCommitTimeout() : timeout);
  }

  @Override public List<Notification> pendingNotifications() { return inbox.unacknowledged(); }

  @Override
  public void acknowledge(long notificationId) {
    renewIfActive();
    store.acknowledge(this, notificationId);
  }

  private void renewIfActive() {
    if (state == TrajectoryState.ACTIVE) {
      renew();
    }
  }

  @Override
  public void setListener(NotificationListener l) {
    listeners.clear();
    if (l != null) {
      listeners.add(l);
    }
  }

  @Override
  public void addListener(NotificationListener l) {
    listeners.add(java.util.Objects.requireNonNull(l, "listener"));
  }

  @Override
  public void removeListener(NotificationListener l) {
    listeners.remove(l);
  }

  @Override
  public List<OperationInfo> operations() {
    return ops().stream().map(store::info).toList();
  }

  @Override
  public void annotate(String note) {
    store.checkOpen();
    withStatementLock(() -> {
      annotation = note;
      store.persist(this);
    });
  }

  @Override
  public String annotation() {
    return annotation;
  }

  /** Recovery only. */
  void restoreAnnotation(String note) {
    annotation = note;
  }

  /** Recovery only: why an ended trajectory was aborted (its exception's class is not kept). */
  void restoreEndReason(String why) {
    endReason = why;
  }

  @Override
  public String toString() {
    return "Trajectory[" + agent + ", rank " + rank + ", " + state + "]";
  }
}
