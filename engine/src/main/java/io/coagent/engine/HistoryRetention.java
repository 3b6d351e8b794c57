package io.coagent.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The store setting {@code history_retention}: how far back history is kept. When set, the store
 * runs {@link CoStore#compactHistory} by itself with the cutoff {@code now - retention}: once
 * when the setting is put or the store opens with it, then every tenth of the retention (between
 * 1 s and 1 h). {@code off} (the default) keeps all history until an operator compacts it.
 * Values are a duration as for {@link LeaseTimeout} ({@code 7d}, {@code 12h}, {@code PT30M}),
 * between {@link #MIN} and {@link #MAX}, or {@code off}; the engine validates the setting when it
 * is put.
 */
public final class HistoryRetention {
  /** The setting's name, for {@link CoStore#setting} and {@link CoStore#putSetting}. */
  public static final String NAME = "history_retention";
  public static final Duration MIN = Duration.ofSeconds(1);
  public static final Duration MAX = Duration.ofDays(36_500);
  /** Shortest and longest time between two automatic compactions. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  public static final Duration MAX_INTERVAL = Duration.ofHours(1);

  private HistoryRetention() {}

  /** Parses a value: empty for {@code off}; fails with {@link ErrorCode#INVALID_SETTING}. */
  public static Optional<Duration> parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.equals("off")) {
      return Optional.empty();
    }
    Duration d = s.isEmpty() ? null : Durations.parseOrNull(s);
    if (d == null || d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
      throw new CoAgentException(ErrorCode.INVALID_SETTING, NAME + "='" + text + "' is neither "
          + "'off' nor a duration between " + Durations.format(MIN) + " and "
          + Durations.format(MAX) + "; write e.g. '7d', '12h' or 'off'");
    }
    return Optional.of(d);
  }

  /** How long between two automatic compactions for {@code retention}. */
  public static Duration interval(Duration retention) {
    Duration d = retention.dividedBy(10);
    return d.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL
        : d.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : d;
  }
}
