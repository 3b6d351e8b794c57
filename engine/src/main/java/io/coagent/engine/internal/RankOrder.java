package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Isolation;
import io.coagent.engine.Notification;
import io.coagent.engine.TrajectoryState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The serialization order: rank assignment, reservations, and commit (rule 8).
 *
 * <p>{@code open} maps every rank that can still write (active trajectories and reservations) to
 * its holder. A trajectory commits only when it holds the lowest open rank and has no
 * unacknowledged notification; it waits on {@code changed}, which is signalled whenever a rank
 * closes or a notification reaches a committing trajectory.
 *
 * <p>Invariants, all under {@code lock}: ranks are unique for the store's lifetime
 * ({@code used}); every open rank is above {@code maxCommitted} (a committed rank has no open rank
 * below it, and new ranks below it are refused), so nothing can ever write below a committed
 * trajectory; each agent has at most one open rank.
 *
 * <p>Leases: each reservation's last renewal is in {@code reservationRenewed} (store clock, ms);
 * {@link Leases} drops expired ones here ({@link #expireReservations}) and aborts expired
 * trajectories through {@link TrajectoryImpl#expire}. When the store rather than the agent ends
 * an agent's work (expiry, {@code SYS.ABORT}), the news waits in {@code notices} and is thrown,
 * once, at the agent's next begin that does not join an active trajectory, or its next heartbeat.
 * A committer waiting past the lease of the rank below it kicks the reaper.
 *
 * <p>Explicit ranks are at most {@link io.coagent.engine.CoStore#MAX_EXPLICIT_RANK}, so the
 * dynamic ranks above can never run out.
 *
 * <p>Lock order, as the code takes them: a trajectory's statement lock, then {@code lock}, then a
 * chain monitor or an inbox monitor. Chain and inbox monitors are leaves: nothing is taken while
 * one is held (the notifier collects under a chain monitor and delivers after releasing it, so a
 * chain monitor never nests with an inbox monitor or {@code lock}). Under {@code lock}: commit
 * reads inboxes, OCC validation and baseline install take chain monitors, and
 * {@link AsyncCommits} takes a statement lock only with tryLock (never waiting for one), so the
 * reverse nesting cannot deadlock.
 */
final class RankOrder {
  private final StoreImpl store;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final TreeMap<Long, Object> open = new TreeMap<>();
  private final Map<String, Long> reservations = new HashMap<>();
  private final Map<String, Long> reservationRenewed = new HashMap<>();
  /** News of work the store ended for an agent, not yet told (see the class comment). */
  private final Map<String, CoAgentException> notices = new HashMap<>();
  private final Map<String, TrajectoryImpl> active = new HashMap<>();
  private final Set<Long> used = new HashSet<>();
  private long maxCommitted = Long.MIN_VALUE;
  private long maxAssigned;
  /** Commit order of every level (OCC snapshots are taken in it). */
  private long commitCounter;

  private final AsyncCommits async;

  RankOrder(StoreImpl store, Executor completions) {
    this.store = store;
    this.async = new AsyncCommits(this, completions);
  }

  /** The store-wide order lock; {@link AsyncCommits} shares it. */
  ReentrantLock lock() {
    return lock;
  }

  /** The lowest open rank; call holding {@link #lock()}. */
  long lowestOpenRank() {
    return open.firstKey();
  }

  List<Long> launch(List<String> agents) {
    lock.lock();
    try {
      Set<String> distinct = new HashSet<>();
      for (String a : agents) {
        if (active.containsKey(a) || reservations.containsKey(a) || !distinct.add(a)) {
          throw new CoAgentException(ErrorCode.RANK_CONFLICT, "agent " + a + " already has a "
              + "rank (active, reserved or listed twice); commit, roll back or cancel it first");
        }
      }
      List<Long> ranks = new ArrayList<>();
      if (maxAssigned > Long.MAX_VALUE - agents.size()) {
        throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "not enough ranks left above "
            + maxAssigned + " to launch " + agents.size() + " agents");
      }
      for (String a : agents) {
        long r = ++maxAssigned;
        used.add(r);
        reservations.put(a, r);
        reservationRenewed.put(a, now());
        open.put(r, a);
        store.backend.putReservation(a, r);
        ranks.add(r);
      }
      store.sync();
      return ranks;
    } finally {
      lock.unlock();
    }
  }

  void cancelReservation(String agent) {
    lock.lock();
    try {
      Long r = reservations.remove(agent);
      if (r == null) {
        throw new CoAgentException(ErrorCode.UNKNOWN_AGENT,
            "agent " + agent + " has no reservation; reservations come from launch");
      }
      dropReservation(agent, r);
    } finally {
      lock.unlock();
    }
    progressAsync();
  }

  /** Under lock: the reservation ends, higher ranks stop waiting for it. */
  private void dropReservation(String agent, long r) {
    reservationRenewed.remove(agent);
    open.remove(r);
    store.backend.removeReservation(agent);
    store.sync();
    changed.signalAll();
  }

  /** Drops every reservation whose lease expired; returns how many. */
  int expireReservations(long now, long leaseMillis) {
    int n = 0;
    lock.lock();
    try {
      for (String agent : new ArrayList<>(reservations.keySet())) {
        long renewed = reservationRenewed.getOrDefault(agent, now);
        if (renewed + leaseMillis <= now) {
          long r = reservations.remove(agent);
          dropReservation(agent, r);
          notice(agent, new CoAgentException(ErrorCode.LEASE_EXPIRED, "agent " + agent
              + "'s reservation of rank " + r + " was dropped by lease expiry at "
              + Instant.ofEpochMilli(now) + " (" + Leases.describe(renewed, leaseMillis)
              + "); higher ranks no longer wait for it. Start again: the next statement joins at "
              + "the end of the order (or ask for a new reservation with SYS.LAUNCH)"));
          n++;
        }
      }
    } finally {
      lock.unlock();
    }
    if (n > 0) {
      progressAsync();
    }
    return n;
  }

  /** Keeps the news that the store ended {@code agent}'s work, for its next begin or heartbeat. */
  void notice(String agent, CoAgentException news) {
    if (news == null || agent.startsWith(io.coagent.engine.CoStore.OPERATOR_PREFIX)) {
      return; // operator names are never begun again: their connection reads abortNotice()
    }
    lock.lock();
    try {
      notices.put(agent, news);
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns the agent's untold news, if any. */
  Optional<CoAgentException> takeNotice(String agent) {
    lock.lock();
    try {
      return Optional.ofNullable(notices.remove(agent));
    } finally {
      lock.unlock();
    }
  }

  /** Renews the agent's trajectory and reservation leases; see CoStore#heartbeat. */
  Optional<Instant> heartbeat(String agent) {
    TrajectoryImpl t;
    lock.lock();
    try {
      t = active.get(agent);
      long lease = store.leaseTimeout().toMillis();
      long now = now();
      Instant until = null;
      if (t != null) {
        t.renew();
        until = Instant.ofEpochMilli(now + lease);
      }
      if (reservations.containsKey(agent)) {
        reservationRenewed.put(agent, now);
        until = Instant.ofEpochMilli(now + lease);
      }
      if (until == null) {
        CoAgentException news = notices.remove(agent);
        if (news != null) {
          throw news;
        }
      }
      return Optional.ofNullable(until);
    } finally {
      lock.unlock();
    }
  }

  /** SYS.ABORT: drops the reservation, then aborts the active trajectory; returns how many. */
  int abortAgent(String agent) {
    int n = 0;
    TrajectoryImpl t;
    lock.lock();
    try {
      Long r = reservations.remove(agent);
      if (r != null) {
        dropReservation(agent, r);
        notice(agent, new CoAgentException(ErrorCode.ABORTED_BY_OPERATOR, "agent " + agent
            + "'s reservation of rank " + r + " was dropped by an operator (SYS.ABORT) at "
            + Instant.ofEpochMilli(now()) + ". Start again: the next statement joins at the end "
            + "of the order"));
        n++;
      }
      t = active.get(agent);
    } finally {
      lock.unlock();
    }
    if (t != null && t.abortByOperator()) {
      n++;
    }
    if (n == 0) {
      throw new CoAgentException(ErrorCode.UNKNOWN_AGENT, "agent " + agent + " has no active "
          + "trajectory and no reservation; list them in SYS.TRAJECTORIES (STATE = 'ACTIVE') and "
          + "SYS.RESERVATIONS");
    }
    progressAsync();
    return n;
  }

  /** Every reservation, by rank. */
  List<io.coagent.engine.ReservationInfo> reservations() {
    lock.lock();
    try {
      long lease = store.leaseTimeout().toMillis();
      return reservations.entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .map(e -> new io.coagent.engine.ReservationInfo(e.getKey(), e.getValue(),
              Instant.ofEpochMilli(reservationRenewed.getOrDefault(e.getKey(), now()) + lease)))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /** Whether any trajectory is active or any rank reserved (the reaper has work). */
  boolean holdsLeases() {
    lock.lock();
    try {
      return !active.isEmpty() || !reservations.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** The active trajectories, for the reaper. */
  List<TrajectoryImpl> activeTrajectories() {
    lock.lock();
    try {
      return new ArrayList<>(active.values());
    } finally {
      lock.unlock();
    }
  }

  private long now() {
    return store.config.clock().millis();
  }

  /**
   * Join, take the reservation, or create at {@code explicit} or the next free rank. A new
   * trajectory is durable before it is returned; the sync runs after the order's lock is released,
   * so concurrent begins share one write (MvBackend's group commit) instead of queueing on the lock
   * for one fsync each. Safe because a begun trajectory has no writes yet: whatever a later sync
   * writes includes its record, and a crash before the sync loses only a rank nobody acted under.
   * An operator trajectory skips it: its rank is not returned to anybody, and its statement's own
   * sync (if it writes) includes the record. So does a new trajectory begun for one auto-commit
   * statement ({@code oneStatement}, {@link TrajectoryImpl#deferred}): nothing of it is
   * acknowledged before its end, whose sync includes the record.
   */
  TrajectoryImpl begin(String agent, Long explicit, Isolation isolation, boolean oneStatement) {
    TrajectoryImpl t = beginLocked(agent, explicit, isolation, oneStatement);
    if (!t.operator && !t.deferred) { // nobody acts under these ranks before the statement ends
      store.sync();
    }
    return t;
  }

  private TrajectoryImpl beginLocked(String agent, Long explicit, Isolation isolation,
      boolean oneStatement) {
    lock.lock();
    try {
      TrajectoryImpl t = active.get(agent);
      if (t != null && isolation != null && t.isolation() != isolation) {
        throw conflict(agent + " has an active " + t.isolation() + " trajectory; commit or roll "
            + "back before starting one at " + isolation);
      }
      if (t == null && notices.containsKey(agent)) {
        throw notices.remove(agent);
      }
      if (isolation != null && isolation != Isolation.MTPO && t == null) {
        return beginBaseline(agent, isolation);
      }
      if (t != null) {
        if (explicit != null && explicit != t.rank()) {
          throw conflict(agent + " already has an active trajectory at rank " + t.rank()
              + "; commit or roll back before starting one at rank " + explicit);
        }
        // a joiner's statements are acknowledged when they return: from now on the trajectory
        // syncs as any other (this begin's sync writes what the deferred statement put so far)
        t.deferred = false;
        return t;
      }
      long rank;
      Long reserved = reservations.get(agent);
      if (reserved != null) {
        if (explicit != null && explicit.longValue() != reserved) {
          throw conflict(agent + " has reserved rank " + reserved + ", not " + explicit
              + "; connect without a rank or cancel the reservation");
        }
        rank = reserved;
        reservations.remove(agent);
        reservationRenewed.remove(agent);
        store.backend.removeReservation(agent);
      } else if (explicit != null) {
        rank = explicit;
        if (rank > io.coagent.engine.CoStore.MAX_EXPLICIT_RANK) {
          throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "rank " + rank + " for agent "
              + agent + " is above the largest explicit rank "
              + io.coagent.engine.CoStore.MAX_EXPLICIT_RANK + " (10^18, CoStore.MAX_EXPLICIT_RANK"
              + "); ranks above it are kept for dynamic joins. Choose a rank at most 10^18, or "
              + "omit it to join at the end of the order");
        }
        if (rank <= maxCommitted) {
          throw new CoAgentException(ErrorCode.RANK_BELOW_COMMITTED, "rank " + rank + " for agent "
              + agent + " is not above committed rank " + maxCommitted
              + "; choose a higher rank or omit it to join at the end of the order");
        }
        if (!used.add(rank)) {
          throw conflict("rank " + rank + " is already used" + holder(rank)
              + "; choose another rank for agent " + agent);
        }
      } else {
        if (maxAssigned == Long.MAX_VALUE) {
          throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "no rank above "
              + Long.MAX_VALUE + " is left for agent " + agent + "; pass an explicit lower rank");
        }
        rank = maxAssigned + 1;
        used.add(rank);
      }
      maxAssigned = Math.max(maxAssigned, rank);
      t = new TrajectoryImpl(store, store.nextTrajectoryId(), agent, rank, Instant.now(),
          TrajectoryState.ACTIVE, Isolation.MTPO);
      t.deferred = oneStatement;
      active.put(agent, t);
      open.put(rank, t);
      store.register(t);
      store.persist(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** A non-MTPO trajectory: no rank until commit, so it holds no one back. Under lock. */
  private TrajectoryImpl beginBaseline(String agent, Isolation isolation) {
    if (reservations.containsKey(agent)) {
      throw conflict(agent + " has reserved rank " + reservations.get(agent) + ", which is an "
          + "MTPO place in the order; connect with isolation=mtpo or cancel the reservation");
    }
    TrajectoryImpl t = new TrajectoryImpl(store, store.nextTrajectoryId(), agent, 0,
        Instant.now(), TrajectoryState.ACTIVE, isolation);
    t.snapshotSeq = commitCounter;
    active.put(agent, t);
    store.register(t);
    store.persist(t);
    return t; // synced by begin, after the lock
  }

  /**
   * Commit of a non-MTPO trajectory: OCC validates its reads first (a failure aborts it, all its
   * work lost); then its writes install at a fresh rank above every rank in use, i.e. in commit
   * order, and it commits at once. Validation and installation are atomic under the lock.
   */
  void commitBaseline(TrajectoryImpl t) {
    lock.lock();
    try {
      t.checkNotDoomed();
      if (t.isolation() == Isolation.OCC) {
        ReadRecord stale = BaselineAccess.firstInvalidRead(t);
        if (stale != null) {
          for (OperationImpl op : t.ops()) {
            op.state = op.state == io.coagent.engine.OpState.APPLIED
                ? io.coagent.engine.OpState.UNDONE : op.state;
          }
          t.workspace.clear();
          end(t, TrajectoryState.ABORTED);
          throw new CoAgentException(ErrorCode.SERIALIZATION_FAILURE, "agent " + t.agent()
              + "'s optimistic trajectory was aborted: its " + stale.describe() + " (operation "
              + stale.op + ") changed since it began; all its work is lost, start again");
        }
      }
      if (maxAssigned == Long.MAX_VALUE) {
        throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "no rank left to place agent "
            + t.agent() + "'s commit");
      }
      long placed = ++maxAssigned;
      used.add(placed);
      t.placeAt(placed);
      t.unloggedAll = true; // visible from install on, logged with the end record below
      BaselineAccess.install(t);
      for (OperationImpl op : t.ops()) {
        if (op.state == io.coagent.engine.OpState.APPLIED) {
          store.backend.putOperation(Infos.operationRecord(op));
        }
      }
      end(t, TrajectoryState.COMMITTED);
      t.unloggedAll = false;
    } finally {
      lock.unlock();
    }
  }

  Optional<TrajectoryImpl> active(String agent) {
    lock.lock();
    try {
      return Optional.ofNullable(active.get(agent));
    } finally {
      lock.unlock();
    }
  }

  void commit(TrajectoryImpl t, Duration timeout) {
    Duration bounded = timeout.compareTo(store.config.maxCommitTimeout()) > 0
        ? store.config.maxCommitTimeout() : timeout;
    long deadline = System.nanoTime() + Math.max(0, bounded.toNanos());
    lock.lock();
    t.committing = true;
    try {
      while (true) {
        if (t.inbox.overflowed()) {
          throw new CoAgentException(ErrorCode.LIMIT_EXCEEDED, "agent " + t.agent()
              + " received more than maxPendingNotifications=" + t.inbox.limit()
              + " unacknowledged notifications; it can only roll back");
        }
        List<Notification> pending = t.inbox.unacknowledged();
        if (!pending.isEmpty()) {
          throw new CoAgentException(ErrorCode.NOTIFICATIONS_PENDING, "agent " + t.agent()
              + " (rank " + t.rank() + ") has " + pending.size() + " unacknowledged notification(s) "
              + ids(pending) + "; repair or judge them, acknowledge, then commit again", pending);
        }
        Map.Entry<Long, Object> lowest = open.firstEntry();
        assert lowest != null && lowest.getKey() <= t.rank() : "an active rank is open";
        if (lowest.getKey() == t.rank() || TestHooks.commitSkipsLowerRank) {
          break;
        }
        long left = deadline - System.nanoTime();
        long leaseEnd = leaseEnd(lowest.getValue());
        if (left <= 0) {
          throw new CoAgentException(ErrorCode.COMMIT_TIMEOUT, "commit of agent " + t.agent()
              + " (rank " + t.rank() + ") timed out after " + bounded.toMillis() + " ms waiting "
              + "for lower rank " + lowest.getKey() + holder(lowest.getKey())
              + " to commit or roll back" + leaseText(lowest.getValue(), leaseEnd)
              + "; retry the commit later");
        }
        if (leaseEnd <= now()) {
          store.leases.kick(); // the lower rank is past its lease: expire it now
        }
        changed.await(Math.min(left, Leases.tick(store.leaseTimeout()).toNanos()),
            TimeUnit.NANOSECONDS);
      }
      end(t, TrajectoryState.COMMITTED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoAgentException(ErrorCode.COMMIT_TIMEOUT,
          "commit of agent " + t.agent() + " was interrupted; the trajectory is still active", e);
    } finally {
      t.committing = false;
      lock.unlock();
    }
  }

  /** Closes {@code t}'s rank: durable first, then visible to readers and waiters. */
  void end(TrajectoryImpl t, TrajectoryState outcome) {
    lock.lock();
    try {
      assert t.state == TrajectoryState.ACTIVE;
      Instant ended = Instant.now();
      long seq = outcome == TrajectoryState.COMMITTED ? commitCounter + 1 : Long.MAX_VALUE;
      store.backend.putTrajectory(Infos.trajectoryRecord(t, outcome, ended, seq));
      if (!t.lazyDurable() && !t.lazyCommit(outcome)) { // TrajectoryImpl says why for both
        store.sync();
      }
      commitCounter = outcome == TrajectoryState.COMMITTED ? seq : commitCounter;
      t.ended = ended;
      t.commitSeq = seq;
      t.state = outcome; // the volatile write that publishes the outcome to readers
      active.remove(t.agent(), t);
      open.remove(t.rank(), t);
      if (outcome == TrajectoryState.COMMITTED && t.isolation() == Isolation.MTPO) {
        maxCommitted = Math.max(maxCommitted, t.rank());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes committers; called when a notification reaches a committing trajectory. */
  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    progressAsync();
  }

  CompletableFuture<Void> commitAsync(TrajectoryImpl t, boolean atTurn) {
    return async.request(t, atTurn);
  }

  void progressAsync() {
    async.progress();
  }

  void closeAsync() {
    async.close();
  }



  /** Recovery only. */
  void restore(TrajectoryImpl t) {
    boolean mtpo = t.isolation() == Isolation.MTPO;
    if (mtpo || t.state == TrajectoryState.COMMITTED) {
      used.add(t.rank());
      maxAssigned = Math.max(maxAssigned, t.rank());
    }
    if (t.state == TrajectoryState.ACTIVE) {
      active.put(t.agent(), t);
      if (mtpo) {
        open.put(t.rank(), t);
      }
    } else if (t.state == TrajectoryState.COMMITTED) {
      commitCounter = Math.max(commitCounter, t.commitSeq);
      if (mtpo) {
        maxCommitted = Math.max(maxCommitted, t.rank());
      }
    }
  }

  /** Recovery only: bounds kept by history compaction after their trajectories were removed. */
  void restoreHorizon(long assigned, long committed) {
    maxAssigned = Math.max(maxAssigned, assigned);
    maxCommitted = Math.max(maxCommitted, committed);
  }

  /** (maxAssigned, maxCommitted), for compaction to persist. */
  long[] horizon() {
    lock.lock();
    try {
      return new long[] {maxAssigned, maxCommitted};
    } finally {
      lock.unlock();
    }
  }

  /** Recovery only. */
  void restoreReservation(String agent, long rank) {
    used.add(rank);
    maxAssigned = Math.max(maxAssigned, rank);
    reservations.put(agent, rank);
    reservationRenewed.put(agent, now()); // the lease counts from reopen
    open.put(rank, agent);
  }

  boolean quiescent() {
    lock.lock();
    try {
      return open.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** When the lease of an open rank's holder ends (store clock, ms); under lock. */
  private long leaseEnd(Object holder) {
    long lease = store.leaseTimeout().toMillis();
    if (holder instanceof TrajectoryImpl h) {
      return h.leaseExpiresAt(lease);
    }
    return reservationRenewed.getOrDefault((String) holder, now()) + lease;
  }

  private String leaseText(Object holder, long leaseEnd) {
    if (holder instanceof TrajectoryImpl h && h.committing) {
      return ", which is itself committing";
    }
    return ", whose lease expires at " + Instant.ofEpochMilli(leaseEnd) + " (lease_timeout="
        + io.coagent.engine.LeaseTimeout.format(store.leaseTimeout()) + ") unless it runs a "
        + "statement or heartbeats";
  }

  private String holder(long rank) {
    Object h = open.get(rank);
    if (h instanceof TrajectoryImpl t) {
      return " (agent " + t.agent() + ")";
    }
    return h == null ? "" : " (reserved for agent " + h + ")";
  }

  private static CoAgentException conflict(String msg) {
    return new CoAgentException(ErrorCode.RANK_CONFLICT, msg);
  }

  private static String ids(List<Notification> ns) {
    return ns.stream().map(n -> String.valueOf(n.id())).toList().toString();
  }
}
