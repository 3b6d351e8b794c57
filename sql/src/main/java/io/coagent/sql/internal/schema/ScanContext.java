package io.coagent.sql.internal.schema;

import io.coagent.engine.Operation;
import io.coagent.sql.internal.ThreadBinding;
import java.sql.SQLException;

/**
 * The engine operation of the statement running on this thread. Calcite calls table scans on the
 * executing thread, so a thread binding is the per-statement context through which every read a
 * statement makes goes through that statement's {@link Operation} (and registers its footprint).
 */
public final class ScanContext {
  private static final ThreadBinding<Operation> CURRENT = new ThreadBinding<>();

  private ScanContext() {}

  /** Makes {@code op} current until the returned scope is closed. */
  public static ThreadBinding.Scope enter(Operation op) {
    return CURRENT.bind(op);
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
}
