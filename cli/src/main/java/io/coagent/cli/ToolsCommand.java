package io.coagent.cli;

import io.coagent.mcp.CoAgentMcpServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coagent tools check FILE}: validates a declared-tools file. */
@Command(name = "tools", mixinStandardHelpOptions = true,
    description = "Declared MCP tools (YAML).", subcommands = ToolsCommand.Check.class)
final class ToolsCommand {
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Check a declared-tools file; print each tool's signature.")
  static final class Check implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Override
    public Integer call() {
      try {
        for (String t : CoAgentMcpServer.checkTools(file)) {
          System.out.println(t);
        }
        return 0;
      } catch (IllegalArgumentException | java.io.IOException e) {
        System.err.println("coagent tools check: " + e.getMessage());
        return 1;
      }
    }
  }
}
