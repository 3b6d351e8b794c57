package io.coagent.cli;

import io.coagent.mcp.CoAgentMcpServer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coagent mcp --url URL}: MCP over stdio for one agent, for clients that spawn a process per
 * server (Claude Code, Cursor). An http(s) URL bridges to a CoAgent server's MCP endpoint (a
 * shared store: identity and tools stay in the server); a {@code jdbc:coagent:file:} or
 * {@code mem:} URL serves an embedded store this process owns. stdout carries only MCP messages;
 * diagnostics go to stderr.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
    description = {"Serve MCP on stdin/stdout as one agent, for clients that spawn a process.",
        "--url http://HOST:PORT/mcp?agent=NAME&db=NAME (or https, and a bearer token instead of "
            + "?agent=): bridge to a running 'coagent server --mcp-port PORT', whose store other "
            + "agents share.",
        "--url 'jdbc:coagent:file:PATH;agent=NAME': serve an embedded store this process owns."})
final class McpCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, paramLabel = "URL",
      description = "http(s)://HOST:PORT/mcp[?agent=NAME&db=NAME], or "
          + "jdbc:coagent:file:PATH;agent=NAME.")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token (from 'coagent role token') for an http(s) --url. Prefer env "
          + "COAGENT_TOKEN: a token on the command line is visible to other users in ps.")
  String token;

  @Option(names = "--tools", paramLabel = "FILE",
      description = "Declared tools (YAML), for an embedded store; a server has its own "
          + "(--mcp-tools).")
  Path tools;

  @Override
  public Integer call() {
    String lower = url.toLowerCase(Locale.ROOT);
    boolean http = lower.startsWith("http://") || lower.startsWith("https://");
    boolean embedded = lower.startsWith("jdbc:coagent:file:") || lower.startsWith("jdbc:coagent:mem:");
    if (!http && !embedded) {
      System.err.println("coagent mcp: --url " + url + " is neither of the two accepted forms: a "
          + "CoAgent server's MCP endpoint, http(s)://HOST:PORT/mcp?agent=NAME&db=NAME (run "
          + "'coagent server --mcp-port PORT'), or an embedded store, "
          + "'jdbc:coagent:file:PATH;agent=NAME'");
      return 2;
    }
    if (http && tools != null) {
      System.err.println("coagent mcp: --tools applies to an embedded store; a server's declared "
          + "tools are its own: start it with 'coagent server --mcp-tools FILE'");
      return 2;
    }
    if (embedded && token != null) {
      System.err.println("coagent mcp: --token applies to an http(s) --url; an embedded store's "
          + "agent is the URL's ;agent=NAME");
      return 2;
    }
    try {
      if (http) {
        CoAgentMcpServer.bridgeStdio(url, token != null ? token : System.getenv("COAGENT_TOKEN"),
            System.in, System.out, System.err);
      } else {
        CoAgentMcpServer.serveStdio(url, tools, System.in, System.out);
      }
      return 0;
    } catch (Exception e) {
      System.err.println("coagent mcp: " + e.getMessage());
      return 1;
    }
  }
}
