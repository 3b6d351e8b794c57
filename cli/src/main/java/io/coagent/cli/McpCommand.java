package io.coagent.cli;

import io.coagent.mcp.CoAgentMcpServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coagent mcp --url URL}: MCP over stdio for one agent, for clients that spawn a process per
 * server (Claude Code, Cursor). stdout carries only MCP messages; diagnostics go to stderr.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
    description = "Serve MCP on stdin/stdout as the one agent of --url, an embedded store "
        + "(jdbc:coagent:file:PATH;agent=NAME). For a shared store use 'coagent server "
        + "--mcp-port N' (Streamable HTTP).")
final class McpCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
      description = "The agent's JDBC URL; it names the agent.")
  String url;

  @Option(names = "--tools", paramLabel = "FILE", description = "Declared tools (YAML).")
  Path tools;

  @Override
  public Integer call() {
    try {
      CoAgentMcpServer.serveStdio(url, tools, System.in, System.out);
      return 0;
    } catch (Exception e) {
      System.err.println("coagent mcp: " + e.getMessage());
      return 1;
    }
  }
}
