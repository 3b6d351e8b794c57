package io.coagent.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * The store setting {@code lease_timeout}: how long a trajectory or a reservation may go without a
 * statement or a heartbeat before the store aborts it (see {@code docs/design/engine.md},
 * "Leases"). Values are a whole number with a unit ({@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d}) or an ISO-8601 duration ({@code PT30S}), between {@link #MIN} and
 * {@link #MAX}. The engine validates the setting when it is put.
 */
public final class LeaseTimeout {
  /** The setting's name, for {@link CoStore#setting} and {@link CoStore#putSetting}. */
  public static final String NAME = "lease_timeout";
  /** The lease of a store that never set {@code lease_timeout}. */
  public static final Duration DEFAULT = Duration.ofMinutes(5);
  public static final Duration MIN = Duration.ofMillis(10);
  public static final Duration MAX = Duration.ofDays(30);

  private LeaseTimeout() {}

  /** Parses a value; fails with {@link ErrorCode#INVALID_SETTING} naming the accepted forms. */
  public static Duration parse(String text) {
    Duration d = text == null ? null : Durations.parseOrNull(text.strip().toLowerCase(Locale.ROOT));
    if (d == null || d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
      throw new CoAgentException(ErrorCode.INVALID_SETTING, NAME + "='" + text + "' is not a "
          + "duration between " + format(MIN) + " and " + format(MAX) + "; write e.g. '500ms', "
          + "'30s', '5m', '2h' or 'PT30S'");
    }
    return d;
  }

  /** The shortest of {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} that is exact. */
  public static String format(Duration d) {
    return Durations.format(d);
  }
}
