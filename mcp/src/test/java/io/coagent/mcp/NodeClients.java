package io.coagent.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official MCP TypeScript SDK client, run by node from {@code samples/node} (where
 * {@code .ci/run}'s {@code npm ci} installs it). Skipped on a machine without it; under CI
 * ({@code CI} set) a missing node or SDK is a failure.
 */
final class NodeClients {
  private NodeClients() {}

  static Path samples() {
    return Repo.root().resolve("samples/node");
  }

  static void require() {
    boolean present = Files.isDirectory(samples().resolve("node_modules/@modelcontextprotocol/sdk"))
        && Files.isExecutable(Path.of("/usr/bin/node"));
    if (System.getenv("CI") != null && !present) {
      throw new AssertionError("node or @modelcontextprotocol/sdk is missing, but CI must run this "
          + "test: .ci/run installs it (npm ci --prefix samples/node)");
    }
    Assumptions.assumeTrue(present, "node or @modelcontextprotocol/sdk missing; skipping");
  }

  /** Runs {@code node SCRIPT args}; returns exit code and output (stdout and stderr). */
  record Run(int exit, String output) {}

  static Run run(String script, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/node", script));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(samples().toFile());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node " + script + " did not finish");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
