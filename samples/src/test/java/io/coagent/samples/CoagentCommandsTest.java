package io.coagent.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./coagent bench} and {@code ./coagent demo} run this module through the repository's
 * {@code coagent} script (the CLI and this module built, as after the README's install command).
 */
class CoagentCommandsTest {
  private static String run(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of("..", "coagent").toAbsolutePath().normalize().toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "coagent " + String.join(" ", args));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void coagentBench_runsTheBenchmarkCommandOfThisModule() throws Exception {
    String out = run("bench", "--help");
    assertTrue(out.contains("coagent-bench") && out.contains("--trials"), out);
    assertFalse(out.contains("SLF4J"), "no logging-provider notice: " + out);
  }

  @Test
  void coagentHelp_listsDemoAndBench() throws Exception {
    String out = run("--help");
    assertTrue(out.contains("demo") && out.contains("bench"), out);
  }
}
