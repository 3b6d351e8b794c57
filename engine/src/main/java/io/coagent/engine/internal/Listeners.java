package io.coagent.engine.internal;

import io.coagent.engine.Notification;
import io.coagent.engine.NotificationListener;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs listener callbacks on one daemon thread, off the writer's path. The queue is bounded;
 * callbacks beyond it are dropped (the notification itself stays queued in the inbox, so polling
 * and commit still see it: only the push is best-effort).
 */
final class Listeners {
  static final int QUEUE_BOUND = 100_000;

  private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0,
      TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_BOUND), r -> {
        Thread t = new Thread(r, "coagent-listeners");
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.DiscardPolicy());

  void dispatch(TrajectoryImpl reader, Notification n) {
    for (NotificationListener l : reader.listeners) {
      executor.execute(() -> {
        try {
          l.onNotification(n);
        } catch (RuntimeException e) {
          // A faulty listener must not stop delivery to others; the notification stays pending.
        }
      });
    }
  }

  /**
   * Completes async commits on their own thread, so that a caller's continuation (an auto-commit
   * statement re-running after a notification) never runs on a writer's or a listener's thread.
   * Unbounded in principle, but at most one task per pending async commit is ever queued.
   */
  private final java.util.concurrent.ExecutorService commits =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coagent-commits");
        t.setDaemon(true);
        return t;
      });

  void runCommitCompletion(Runnable r) {
    try {
      commits.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      r.run(); // the store is closing: complete inline rather than leave a future hanging
    }
  }

  void shutdown() {
    commits.shutdown();
    executor.shutdown();
  }
}
