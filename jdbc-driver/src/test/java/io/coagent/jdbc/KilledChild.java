package io.coagent.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child process that is killed with SIGKILL, and every line it wrote to its stdout before it
 * died, none lost.
 *
 * <p>Not {@link Process#destroyForcibly()}: on Linux the JDK's {@code ProcessImpl.destroy} closes
 * the parent's end of the child's stdout right after sending the signal, so whatever the child had
 * written but the reader thread had not read yet is thrown away (the next read fails with "Stream
 * closed"). Under load the reader lags, and {@link CrashRecoveryTest} lost the child's last lines:
 * an operator statement that ran and landed was missing from the attempted ones ({@code
 * KilledChildTest}). {@link ProcessHandle#destroyForcibly()} sends the same signal and closes
 * nothing; the pipe then ends when the child is dead, and the reader reads up to that end.
 */
final class KilledChild {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final CountDownLatch marked = new CountDownLatch(1);
  private final Thread reader;
  private volatile IOException failure;

  /**
   * Starts {@code command}; its stdout is read by a thread that starts reading once {@code
   * readFrom} is released (tests hold it back to make the reader lag), and counts down on the line
   * {@code mark}.
   */
  KilledChild(ProcessBuilder command, String mark, CountDownLatch readFrom) throws IOException {
    process = command.start();
    reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        readFrom.await();
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
          }
          if (line.equals(mark)) {
            marked.countDown();
          }
        }
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "killed-child-reader");
    reader.start();
  }

  KilledChild(ProcessBuilder command, String mark) throws IOException {
    this(command, mark, new CountDownLatch(0));
  }

  /** Whether the child printed {@code mark} within {@code seconds}. */
  boolean awaitMark(long seconds) throws InterruptedException {
    return marked.await(seconds, TimeUnit.SECONDS);
  }

  /** SIGKILL (nothing closed, nothing rolled back), then {@link #lines()}. */
  List<String> killNine() throws InterruptedException {
    kill();
    return lines();
  }

  /**
   * Kills the child with SIGKILL and waits for it to die; closes nothing of ours, so its stdout
   * can still be read to its end.
   */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly(); // not Process.destroyForcibly(): see the class comment
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the child did not die within 30 s of SIGKILL");
    }
  }

  /**
   * Every line the dead child wrote: waits for the reader to reach the end of its stdout. Fails if
   * it does not, or reading failed: lines would be missing.
   */
  List<String> lines() throws InterruptedException {
    reader.join(30_000);
    if (reader.isAlive()) {
      throw new AssertionError("the child's stdout did not end within 30 s of its death");
    }
    if (failure != null) {
      throw new AssertionError("reading the child's stdout failed; its last lines are lost",
          failure);
    }
    synchronized (lines) {
      return new ArrayList<>(lines);
    }
  }

  /** Kills the child if it is still alive (a failed test); never throws. */
  void killQuietly() {
    process.toHandle().destroyForcibly();
  }
}
