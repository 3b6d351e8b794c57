package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test's bookkeeping: what a killed child wrote to its stdout reaches the parent whole,
 * even when the parent's reader lags behind (as it does on a loaded machine). The child
 * ({@link Printer}) writes {@value #LINES} lines, then creates a file; the parent waits for the
 * file without reading, so at the kill every line is still in the pipe.
 */
class KilledChildTest {
  private static final int LINES = 200;

  @TempDir Path dir;

  /** The child: prints {@code LINES} lines unbuffered, then creates the file, then waits. */
  public static final class Printer {
    public static void main(String[] args) throws Exception {
      PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
          true, StandardCharsets.UTF_8);
      out.println("READY");
      for (int i = 1; i <= LINES; i++) {
        out.println("o " + i);
      }
      Files.createFile(Path.of(args[0]));
      Thread.sleep(60_000); // killed long before
    }
  }

  private ProcessBuilder printer(Path done) {
    return new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-cp", System.getProperty("java.class.path"), Printer.class.getName(),
        done.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
  }

  private static void awaitFile(Path f) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(f)) {
      assertTrue(System.nanoTime() < deadline, "the child wrote its lines within 60 s");
      Thread.sleep(10);
    }
  }

  @Test
  void killNine_withTheReaderBehind_keepsEveryLineTheChildWrote() throws Exception {
    Path done = dir.resolve("done");
    CountDownLatch readFrom = new CountDownLatch(1);
    KilledChild child = new KilledChild(printer(done), "READY", readFrom);
    try {
      awaitFile(done); // every line is in the pipe, none read
      child.kill();
      readFrom.countDown(); // the reader starts only now, behind a dead child
      List<String> lines = child.lines();
      assertEquals(LINES + 1, lines.size(), "every line written before the kill: " + lines);
      assertEquals("o " + LINES, lines.get(lines.size() - 1));
    } finally {
      child.killQuietly();
    }
  }

  /**
   * Why {@link KilledChild} does not use {@link Process#destroyForcibly()}: after the signal it
   * closes the parent's end of the child's stdout, and what the reader had not read yet is gone.
   * This is the JDK's behaviour (ProcessImpl.destroy on Linux), pinned here because the crash test
   * lost its last lines to it (landed operator increments counted as never attempted).
   */
  @Test
  void processDestroyForcibly_discardsWhatTheReaderHadNotReadYet() throws Exception {
    Path done = dir.resolve("done");
    Process p = printer(done).start();
    try {
      awaitFile(done);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      List<String> read = new ArrayList<>();
      BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      IOException closed = assertThrows(IOException.class, () -> {
        for (String line; (line = r.readLine()) != null; ) {
          read.add(line);
        }
      }, "reading after destroyForcibly fails");
      assertTrue(read.isEmpty(), "lines read: " + read + " (" + closed + ")");
    } finally {
      p.toHandle().destroyForcibly();
    }
  }
}
