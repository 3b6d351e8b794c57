package io.coagent.engine.internal;

import io.coagent.engine.HistoryRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Automatic history retention ({@link HistoryRetention}, setting {@code history_retention}):
 * compacts history with the cutoff {@code now - retention} on its own thread.
 *
 * <p>Design: one daemon thread per store ("coagent-retention"), only while the setting is on (the
 * core thread times out when nothing is scheduled). {@link #reschedule()} runs at open and after
 * every put of the setting: it cancels the pending pass and, if retention is on, schedules one
 * now and then one every {@link HistoryRetention#interval} with a fixed delay, so at most one pass
 * is pending or running at any time and passes never pile up behind a slow one. A pass is an
 * ordinary {@link StoreImpl#compactHistory} (serialized with an operator's
 * {@code SYS.COMPACT_HISTORY}), so it runs alongside traffic and changes no answer inside the
 * retained window. The cutoff uses wall-clock time, as trajectories record their end times.
 *
 * <p>Failure: a pass that fails (the store closing under it, a storage error) is logged and the
 * next one runs at its time; the setting stays as put.
 */
final class AutoRetention {
  private static final System.Logger LOG = System.getLogger(AutoRetention.class.getName());

  private final StoreImpl store;
  private final ScheduledThreadPoolExecutor timer;
  /** The pending periodic pass, null while retention is off; guarded by this. */
  private ScheduledFuture<?> pending;
  /** Passes run so far, for tests and for SYS views that may show it. */
  private final java.util.concurrent.atomic.AtomicLong passes =
      new java.util.concurrent.atomic.AtomicLong();

  AutoRetention(StoreImpl store) {
    this.store = store;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "coagent-retention");
      t.setDaemon(true);
      return t;
    });
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setKeepAliveTime(5, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Applies the current setting: cancels the pending pass, schedules the next if it is on. */
  synchronized void reschedule() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    Optional<Duration> retention = current();
    if (retention.isEmpty()) {
      return;
    }
    long every = HistoryRetention.interval(retention.get()).toMillis();
    try {
      pending = timer.scheduleWithFixedDelay(this::pass, 0, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the store is closing
    }
  }

  long passes() {
    return passes.get();
  }

  void shutdown() {
    Timers.stop(timer, "coagent-retention"); // waits for a running task, without an interrupt: Timers says why
  }

  private Optional<Duration> current() {
    String v = store.setting(HistoryRetention.NAME).orElse(null);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return HistoryRetention.parse(v);
    } catch (RuntimeException e) {
      // put before the setting was validated (a file from an older build): off, and say why
      LOG.log(System.Logger.Level.WARNING, "ignoring the store setting " + HistoryRetention.NAME
          + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private void pass() {
    Optional<Duration> retention = current();
    if (retention.isEmpty()) {
      return; // turned off; reschedule() cancels this task
    }
    try {
      store.compactHistory(Instant.now().minus(retention.get()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "automatic history compaction ("
          + HistoryRetention.NAME + "=" + store.setting(HistoryRetention.NAME).orElse("") + ")"
          + " failed; it runs again at its next time", e);
    } finally {
      passes.incrementAndGet();
    }
  }
}
