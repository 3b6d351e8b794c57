package io.coagent.sql.internal.sys;

import io.coagent.sql.internal.ThreadBinding;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * The times bound to the {@code FOR SYSTEM_TIME AS OF ?} parameters of the query running on this
 * thread. A parameterized snapshot is planned once as {@code SYS."T$AS_OF$P<i>"}, a relation whose
 * time is parameter {@code i}; {@link TimeTravelQuery} binds the times here for the duration of one
 * execution and the relation reads its time when Calcite scans it, on the same thread (as
 * {@code ScanContext} does for the statement's operation). Invariant: a scan of such a relation
 * happens only inside {@link #bind}; outside it is a bug and fails loudly.
 */
final class AsOfTimes {
  private static final ThreadBinding<Map<Integer, Instant>> CURRENT = new ThreadBinding<>();

  private AsOfTimes() {}

  /** Makes {@code times} (parameter index to time) current until the scope is closed. */
  static ThreadBinding.Scope bind(Map<Integer, Instant> times) {
    return CURRENT.bind(Map.copyOf(times));
  }

  /** The time bound to parameter {@code index} of the running query. */
  static Instant time(int index) {
    Map<Integer, Instant> times = CURRENT.get();
    Instant t = times == null ? null : times.get(index);
    if (t == null) {
      throw new IllegalStateException("FOR SYSTEM_TIME AS OF ? read outside its query",
          new SQLException("no time bound to parameter " + (index + 1)));
    }
    return t;
  }
}
