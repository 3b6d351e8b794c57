package io.coagent.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real client programs (psql, python3 with psycopg2/psycopg) run as child processes. On a
 * developer machine without them the tests are skipped; under CI ({@code CI} set in the
 * environment, as {@code .ci/run} runs) a missing client is a failure, since {@code .ci/run}
 * installs them.
 */
final class ExternalClients {
  static final String PYTHON = "/usr/bin/python3";

  private ExternalClients() {}

  static void require(String what, boolean present) {
    if (System.getenv("CI") != null && !present) {
      throw new AssertionError(what + " is not installed, but CI must run this test: "
          + ".ci/run installs it (apt-get)");
    }
    Assumptions.assumeTrue(present, what + " is not installed; skipping");
  }

  static boolean psqlPresent() {
    return Files.isExecutable(Path.of("/usr/bin/psql"));
  }

  static boolean pythonModule(String module) {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import " + module)
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The repository root, found from the module directory Maven runs tests in. */
  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("samples/python"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("samples/python not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** A child process with line-wise stdin/stdout. */
  static final class Child implements AutoCloseable {
    final Process process;
    final BufferedReader out;
    final StringBuilder transcript = new StringBuilder();

    Child(ProcessBuilder pb) throws IOException {
      pb.redirectErrorStream(true);
      process = pb.start();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
    }

    /** The next output line (null at end), kept in the transcript for failure messages. */
    String line() throws IOException {
      String l = out.readLine();
      transcript.append(l).append('\n');
      return l;
    }

    /** Reads lines until one starts with {@code prefix}; fails with the transcript if none. */
    String expect(String prefix) throws IOException {
      String l;
      while ((l = line()) != null) {
        if (l.startsWith(prefix)) {
          return l;
        }
      }
      throw new AssertionError("expected a line starting with '" + prefix + "'; got:\n"
          + transcript);
    }

    void send(String line) throws IOException {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    int exit() throws InterruptedException {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child did not exit; transcript:\n" + transcript);
      }
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
