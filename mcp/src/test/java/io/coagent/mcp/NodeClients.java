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
 * {@code .ci/run}'s {@code npm ci} installs it), and the LangGraph.js sample beside it. Skipped on a
 * machine without them; under CI ({@code CI} set) a missing node or package is a failure.
 */
final class NodeClients {
  private NodeClients() {}

  static Path samples() {
    return Repo.root().resolve("samples/node");
  }

  static void require() {
    require("@modelcontextprotocol/sdk");
  }

  /** Node and these packages of {@code samples/node/package.json}, installed by npm ci. */
  static void require(String... packages) {
    List<String> missing = new java.util.ArrayList<>();
    if (!Files.isExecutable(Path.of("/usr/bin/node"))) {
      missing.add("node");
    }
    for (String p : packages) {
      if (!Files.isDirectory(samples().resolve("node_modules").resolve(p))) {
        missing.add(p);
      }
    }
    if (System.getenv("CI") != null && !missing.isEmpty()) {
      throw new AssertionError(missing + " missing, but CI must run this test: .ci/run installs "
          + "them (npm ci --prefix samples/node)");
    }
    Assumptions.assumeTrue(missing.isEmpty(), missing + " missing; skipping");
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
