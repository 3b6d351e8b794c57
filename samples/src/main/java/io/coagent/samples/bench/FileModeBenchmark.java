package io.coagent.samples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * File mode against H2's, side by side in one run (issue 9, section 2): durable auto-commit
 * single-row inserts by one writer and by several concurrent writers, the time they take and the
 * size of the file they leave, CoAgent ({@code jdbc:coagent:file:}, operator connections, so
 * every statement is its own trajectory) and H2 ({@code jdbc:h2:file:}) on the same rows.
 *
 * <p>Like for like: CoAgent's {@code durability=flush} writes every acknowledged statement to the
 * operating system (one MVStore commit) without fsync, as H2 does with {@code WRITE_DELAY=0};
 * {@code durability=sync} adds an fsync per acknowledgement, which H2 has no setting for, so it is
 * reported against H2's flush figure and marked so. Sizes are measured while the store is open
 * (after the inserts) and after a clean close, which for both compacts what it can.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl samples exec:java
 * -Dexec.mainClass=io.coagent.samples.bench.FileModeBenchmark -Dexec.args="10000 8"} (rows,
 * concurrent writers). Prints one line per measurement and the ratios.
 */
public final class FileModeBenchmark {
  private FileModeBenchmark() {}

  /** One measured run: what ran, its wall time and the file size it left. */
  record Result(String target, String durability, int writers, int rows, double seconds,
      long openBytes, long bytes) {
    String line() {
      return String.format(Locale.ROOT, "%-8s %-6s writers=%-2d rows=%-6d %8.2f s %10.0f rows/s"
          + " %8.1f MB open %8.1f MB closed", target, durability, writers, rows, seconds,
          rows / seconds, openBytes / 1e6, bytes / 1e6);
    }
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int writers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    List<Result> results = new ArrayList<>();
    for (int w : new int[] {1, writers}) {
      Result h2 = run("h2", "flush", w, rows);
      Result flush = run("coagent", "flush", w, rows);
      Result sync = run("coagent", "sync", w, rows);
      results.add(h2);
      results.add(flush);
      results.add(sync);
      for (Result r : List.of(h2, flush, sync)) {
        System.out.println(r.line());
      }
      System.out.printf(Locale.ROOT, "writers=%d: time CoAgent flush / H2 = %.2fx, CoAgent sync /"
          + " H2 flush = %.2fx; file CoAgent / H2 = %.2fx%n", w, flush.seconds() / h2.seconds(),
          sync.seconds() / h2.seconds(), (double) flush.bytes() / h2.bytes());
    }
  }

  static Result run(String target, String durability, int writers, int rows) throws Exception {
    Path dir = Files.createTempDirectory("coagent-filemode");
    try {
      String url = target.equals("h2") ? "jdbc:h2:file:" + dir.resolve("h2") + ";WRITE_DELAY=0"
          : "jdbc:coagent:file:" + dir.resolve("store.coagent") + ";durability=" + durability;
      double seconds;
      long openBytes;
      try (Connection keeper = DriverManager.getConnection(url);
          Statement s = keeper.createStatement()) {
        s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, owner VARCHAR(32), qty BIGINT)");
        long t0 = System.nanoTime();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int first = w;
          Thread t = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(url);
                PreparedStatement p = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
              for (int id = first; id < rows; id += writers) {
                p.setInt(1, id);
                p.setString(2, "owner-" + (id % 97));
                p.setLong(3, id * 7L);
                p.executeUpdate();
              }
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          });
          threads.add(t);
          t.start();
        }
        for (Thread t : threads) {
          t.join();
        }
        seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
          throw new IllegalStateException(target + " failed", failure.get());
        }
        check(s, rows);
        openBytes = size(dir);
      } // the keeper is the last connection: both stores close with it
      return new Result(target, durability, writers, rows, seconds, openBytes, size(dir));
    } finally {
      delete(dir);
    }
  }

  private static void check(Statement s, int rows) throws SQLException {
    try (var rs = s.executeQuery("SELECT count(*) FROM items")) {
      rs.next();
      if (rs.getInt(1) != rows) {
        throw new IllegalStateException("expected " + rows + " rows, found " + rs.getInt(1));
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
