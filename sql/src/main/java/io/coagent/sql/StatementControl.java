package io.coagent.sql;

import io.coagent.engine.SqlState;
import io.coagent.sql.internal.ThreadBinding;

/**
 * Limits of one statement execution: a cancel flag ({@code Statement.cancel()}), a deadline
 * ({@code setQueryTimeout}) and a row budget. The driver binds it to the executing thread around
 * planning and execution ({@link #bind}); the SQL layer calls {@link #check} as rows flow (every
 * row a table scan hands to Calcite and every result row), so a runaway join, a huge sort input
 * or a long result ends at the next row with an {@link Exceeded} carrying 57014 (canceled or
 * timed out) or 54000 (row budget), which the SQL layer reports as an SQLException. Planning
 * honours cancel and deadline too. The failed statement is undone like any failed statement, so
 * its trajectory stays usable.
 *
 * <p>The budget counts rows read by scans plus rows returned, per execution: default 20,000,000,
 * set by the system property {@code coagent.query.maxRows}.
 */
public final class StatementControl {
  private static final ThreadBinding<StatementControl> CURRENT = new ThreadBinding<>();
  public static final long DEFAULT_MAX_ROWS = 20_000_000L;

  private final long deadline;
  private final int timeoutSeconds;
  private final long maxRows;
  private volatile boolean cancelled;
  private long rows;

  private StatementControl(int timeoutSeconds, long maxRows) {
    this.timeoutSeconds = timeoutSeconds;
    this.deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : 0;
    this.maxRows = maxRows;
  }

  /** Limits for one execution starting now; {@code timeoutSeconds} 0 means none. */
  public static StatementControl start(int timeoutSeconds) {
    return new StatementControl(timeoutSeconds,
        Long.getLong("coagent.query.maxRows", DEFAULT_MAX_ROWS));
  }

  /** Makes these limits current on this thread until the scope is closed. */
  public ThreadBinding.Scope bind() {
    return CURRENT.bind(this);
  }

  /** The limits bound to this thread, or null. */
  public static StatementControl current() {
    return CURRENT.get();
  }

  /** Asks the execution to stop at its next row (any thread may call it). */
  public void cancel() {
    cancelled = true;
  }

  /** Throws {@link Exceeded} if the statement is canceled or past its deadline. */
  public void checkTime() {
    if (cancelled) {
      throw new Exceeded("the statement was canceled (Statement.cancel())",
          SqlState.QUERY_CANCELED);
    }
    if (deadline != 0 && System.nanoTime() - deadline > 0) {
      throw new Exceeded("the statement ran past its query timeout of " + timeoutSeconds
          + " s (Statement.setQueryTimeout); narrow it or raise the timeout",
          SqlState.QUERY_CANCELED);
    }
  }

  /** Counts one row against the budget, then checks cancel and deadline. */
  public void row() {
    if (++rows > maxRows) {
      throw new Exceeded("the statement processed more than " + maxRows + " rows, the per-"
          + "statement budget (system property coagent.query.maxRows); narrow it (a WHERE, "
          + "join conditions, LIMIT)", SqlState.PROGRAM_LIMIT_EXCEEDED);
    }
    if ((rows & 0xFF) == 0 || cancelled) {
      checkTime();
    }
  }

  /** Checks the bound limits, if any, for one more row. */
  public static void checkRow() {
    StatementControl c = CURRENT.get();
    if (c != null) {
      c.row();
    }
  }

  /** A statement ended by its limits; {@link #state} is its SQLState. */
  public static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SqlState state;

    Exceeded(String message, SqlState state) {
      super(message);
      this.state = state;
    }

    public SqlState state() {
      return state;
    }
  }
}
