package io.coagent.engine.internal;

import io.coagent.engine.LeaseTimeout;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The lease reaper: aborts trajectories and drops reservations whose lease expired (see
 * docs/design/engine.md, "Leases").
 *
 * <p>Design: one daemon thread per store ("coagent-leases"), on a single-thread scheduler with
 * at most one pending tick and one pending kick. It is its own thread rather than a task on the
 * store's existing executors because those run callers' code: the listener thread runs agents'
 * callbacks and the commit thread runs operator statements being re-run, and either may block for
 * long; expiry must not wait behind the very agents it protects the others from. A tick costs
 * O(active trajectories + reservations).
 *
 * <p>Ticks run only while something holds a lease ({@link #wake()} after every begin and launch,
 * and at open); the thread itself ends after a few idle seconds, so a JVM holding many idle
 * in-memory stores holds no reaper threads for them.
 *
 * <p>Timing: ticks run every quarter of the lease, between 10 ms and 1 s of real time, and
 * compare leases with the store's clock ({@code StoreConfig.clock}), so an injected clock can
 * expire a lease without real waiting. A committer that sees the lower rank it waits for past its
 * lease {@link #kick()}s the reaper rather than expiring it itself: expiry undoes writes, which
 * takes chain monitors that a waiter holding the order lock must not take (lock order, see
 * {@link RankOrder}).
 *
 * <p>Who is exempt: a trajectory whose statement is running (its statement lock is held,
 * including a synchronous commit waiting for lower ranks) and one with a pending asynchronous
 * commit: neither waits for its agent. Its lease counts again from when that ends.
 */
final class Leases {
  static final Duration MIN_TICK = Duration.ofMillis(10);
  static final Duration MAX_TICK = Duration.ofSeconds(1);

  private final StoreImpl store;
  private final ScheduledThreadPoolExecutor timer;
  /** Whether a tick is scheduled; ticks stop when nothing holds a lease. */
  private final java.util.concurrent.atomic.AtomicBoolean ticking =
      new java.util.concurrent.atomic.AtomicBoolean();

  Leases(StoreImpl store) {
    this.store = store;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "coagent-leases");
      t.setDaemon(true);
      return t;
    });
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setKeepAliveTime(5, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  /** Starts ticking if it is not; call after anything that takes a lease. */
  void wake() {
    if (ticking.compareAndSet(false, true)) {
      schedule();
    }
  }

  /** How long between ticks for the current lease. */
  static Duration tick(Duration lease) {
    Duration q = lease.dividedBy(4);
    return q.compareTo(MIN_TICK) < 0 ? MIN_TICK : q.compareTo(MAX_TICK) > 0 ? MAX_TICK : q;
  }

  private void schedule() {
    try {
      timer.schedule(this::tickAndReschedule, tick(store.leaseTimeout()).toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the store is closing
    }
  }

  private void tickAndReschedule() {
    try {
      reap();
    } catch (RuntimeException e) {
      // a failed expiry (the store closed under it) is retried at the next tick
    } finally {
      if (store.order.holdsLeases()) {
        schedule();
      } else {
        ticking.set(false);
        if (store.order.holdsLeases()) {
          wake(); // a lease was taken between the check and the reset
        }
      }
    }
  }

  /** Runs a pass now, on the reaper thread. */
  void kick() {
    if (timer.getQueue().size() < 2) {
      try {
        timer.execute(() -> {
          try {
            reap();
          } catch (RuntimeException e) {
            // retried at the next tick
          }
        });
      } catch (RejectedExecutionException e) {
        // the store is closing
      }
    }
  }

  /** One pass: expires every lease past its end; returns how many holders it ended. */
  int reap() {
    if (store.isClosed()) {
      return 0;
    }
    long now = store.config.clock().millis();
    long lease = store.leaseTimeout().toMillis();
    int n = 0;
    for (TrajectoryImpl t : store.order.activeTrajectories()) {
      if (t.leaseExpiresAt(lease) <= now && t.expire(now, lease)) {
        n++;
      }
    }
    return n + store.order.expireReservations(now, lease);
  }

  void shutdown() {
    Timers.stop(timer, "coagent-leases"); // waits for a running task, without an interrupt: Timers says why
  }

  /** What an expiry message says about the lease. */
  static String describe(long renewedAt, long lease) {
    return "no statement or heartbeat since " + java.time.Instant.ofEpochMilli(renewedAt)
        + " for more than lease_timeout=" + LeaseTimeout.format(Duration.ofMillis(lease));
  }
}
