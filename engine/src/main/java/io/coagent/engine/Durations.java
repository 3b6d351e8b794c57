package io.coagent.engine;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The duration syntax of store settings: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601. */
final class Durations {
  private Durations() {}

  /** Parses lower-case, stripped text; null if it is not a duration. */
  static Duration parseOrNull(String s) {
    if (s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 12) {
      return null; // no number, or one that could overflow a Duration of days
    }
    long n = Long.parseLong(s.substring(0, i));
    return switch (s.substring(i).strip()) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> null;
    };
  }

  /** The shortest of {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} that is exact. */
  static String format(Duration d) {
    long ms = d.toMillis();
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }
}
