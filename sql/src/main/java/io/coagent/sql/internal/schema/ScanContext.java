package io.coagent.sql.internal.schema;

import io.coagent.engine.Operation;
import java.sql.SQLException;

/**
 * The engine operation of the statement running on this thread. Calcite calls table scans on the
 * executing thread, so a thread-local is the per-statement context through which every read a
 * statement makes goes through that statement's {@link Operation} (and registers its footprint).
 */
public final class ScanContext implements AutoCloseable {
  private static final ThreadLocal<Operation> CURRENT = new ThreadLocal<>();

  private final Operation previous;

  private ScanContext(Operation op) {
    this.previous = CURRENT.get();
    CURRENT.set(op);
  }

  /** Makes {@code op} current until the returned context is closed. */
  public static ScanContext enter(Operation op) {
    return new ScanContext(op);
  }

  /** The current operation; a table read outside a statement is a bug. */
  public static Operation current() {
    Operation op = CURRENT.get();
    if (op == null) {
      throw new IllegalStateException(
          "engine table read outside a statement", new SQLException("no current operation"));
    }
    return op;
  }

  @Override
  public void close() {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
