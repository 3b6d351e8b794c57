package io.coagent.sql.internal;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs Calcite's planning (validation, rewrites, code generation) on threads with a large stack.
 * Calcite's validator and rewrites recurse once or more per level of an expression, so
 * {@code a + 1 + 1 + ...} of a few hundred terms overflowed a default thread stack; on these
 * threads such statements plan, and what is still too deep ({@link ExpressionDepth} rejects most
 * of it up front) ends as a {@code StackOverflowError} that {@link SqlErrors} turns into 54001.
 * Planning reads no table (scans run at execution, on the caller's thread), so nothing bound to
 * the caller's thread is needed here. Threads are daemons, made on demand and kept 30 s idle.
 * The caller waits honouring its {@link io.coagent.sql.StatementControl} (cancel, timeout).
 */
public final class PlannerThreads {
  /** Stack of a planning thread; reserved address space, committed only as deep as used. */
  static final long STACK_BYTES = 256L << 20;
  private static final long POLL_MILLIS = 50;
  private static final AtomicLong IDS = new AtomicLong();
  private static final ThreadFactory FACTORY = r -> {
    Thread t = new Thread(null, r, "coagent-planner-" + IDS.incrementAndGet(), STACK_BYTES);
    t.setDaemon(true);
    return t;
  };
  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
      30, TimeUnit.SECONDS, new SynchronousQueue<>(), FACTORY);

  private PlannerThreads() {}

  /** Work that plans {@code sql}. */
  @FunctionalInterface
  public interface Planning<T> {
    T plan() throws SQLException;
  }

  /**
   * The result of {@code work} run on a planning thread; its failures, {@code Error}s included,
   * come back as {@link SQLException}s classified by {@link SqlErrors#translate}. An interrupt of
   * the caller cancels the planning (57014).
   */
  public static <T> T call(Planning<T> work, String sql) throws SQLException {
    Future<T> f = POOL.submit(() -> {
      try {
        return work.plan();
      } catch (SQLException e) {
        throw e;
      } catch (RuntimeException | Error e) {
        throw SqlErrors.translate(e, sql);
      }
    });
    io.coagent.sql.StatementControl control = io.coagent.sql.StatementControl.current();
    try {
      while (true) {
        try {
          return f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillPlanning) {
          if (control != null) {
            try {
              control.checkTime();
            } catch (io.coagent.sql.StatementControl.Exceeded e) {
              f.cancel(true); // Calcite does not poll interrupts: the thread ends on its own
              throw SqlErrors.translate(e, sql);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new SQLException("planning was interrupted: " + sql, SqlState.QUERY_CANCELED.code(),
          e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof SQLException s ? s : SqlErrors.translate(c, sql);
    }
  }
}
