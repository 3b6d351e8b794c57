package io.coagent.engine.internal;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Stopping the store's background threads (lease expiry, history retention) at close.
 *
 * <p>They are stopped without an interrupt: a task may be inside MVStore's file I/O (an expiry's
 * abort syncs, a retention pass compacts), and H2's {@code retry:} file system, which the backend
 * opens the file through, answers an interrupted channel by reopening the file. Interrupted at
 * close, a task could reopen, and so re-create, a file the store had just closed (seen as a
 * temporary directory that could not be deleted after a test). So close stops new tasks and
 * waits for the running one, bounded by {@link #WAIT_MILLIS} so that a stuck task cannot hang
 * close; only then is it interrupted.
 */
final class Timers {
  /** The longest close waits for a running background task. */
  static final long WAIT_MILLIS = 30_000;

  private Timers() {}

  /** Stops {@code timer}: no new task starts, the running one finishes (bounded; see above). */
  static void stop(ThreadPoolExecutor timer, String threadName) {
    timer.shutdown();
    if (Thread.currentThread().getName().equals(threadName)) {
      return; // closing from its own task: it cannot wait for itself
    }
    try {
      if (!timer.awaitTermination(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
