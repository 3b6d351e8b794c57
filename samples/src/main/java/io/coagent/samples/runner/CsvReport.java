package io.coagent.samples.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code results.csv}: one row per workload x protocol x agent count. Ratios are against the
 * serial run in rank order; notifications, false notifications, aborts and deadlocks are means per
 * trial; serializable_fraction is empty for ranked protocols (their check is correct_fraction);
 * lock_wait_s (time blocked in statements) and commit_wait_s are means per trial in simulated
 * seconds.
 */
public final class CsvReport {
  public static final String HEADER = "workload,protocol,agents,trials,speedup_vs_serial,"
      + "tokens_vs_serial,correct_fraction,notifications,false_notifications,aborts,deadlocks,"
      + "serializable_fraction,lock_wait_s,commit_wait_s";

  private CsvReport() {}

  public static Path write(Benchmark.Results r, Path dir) throws IOException {
    return write(r, dir, "results.csv");
  }

  /** Writes {@code name} into {@code dir}. */
  public static Path write(Benchmark.Results r, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Cell c : r.cells()) {
      Double ser = c.serializableFraction();
      double scale = r.config().msPerSecond();
      b.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.3f,%.3f,%.2f,%.2f,%.2f,%.2f,%s,"
              + "%.2f,%.2f%n", c.workload(), c.protocol().label(), c.agents(), c.trials(),
          c.speedup(), c.tokenRatio(), c.correctFraction(), c.notifications(),
          c.falseNotifications(), c.aborts(), c.deadlocks(),
          ser == null ? "" : String.format(Locale.ROOT, "%.3f", ser), c.lockWaitSeconds(scale),
          c.commitWaitSeconds(scale)));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    return file;
  }
}
