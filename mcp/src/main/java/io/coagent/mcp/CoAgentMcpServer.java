package io.coagent.mcp;

import io.coagent.mcp.internal.DeclaredTools;
import io.coagent.mcp.internal.HttpEndpoint;
import io.coagent.mcp.internal.StdioBridge;
import io.coagent.mcp.internal.StdioEndpoint;
import io.coagent.mcp.internal.ToolCatalog;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The MCP endpoint of a CoAgent data directory: Streamable HTTP at {@code /mcp}. Each MCP session
 * is one agent (from its credentials, never from a tool argument) working in one trajectory across
 * tool calls; see {@code docs/agents.md}.
 *
 * <pre>{@code
 * try (CoAgentMcpServer mcp = CoAgentMcpServer.start(dataDir, "127.0.0.1", 0, Auth.TRUST, null)) {
 *   String url = "http://127.0.0.1:" + mcp.port() + "/mcp?agent=planner";
 * }
 * }</pre>
 */
public final class CoAgentMcpServer implements AutoCloseable {
  /** How requests are authenticated. */
  public enum Auth {
    /** Loopback only: {@code /mcp?agent=NAME&db=NAME} names the agent (development). */
    TRUST,
    /** {@code Authorization: Bearer TOKEN}, a role's token ({@code coagent role token}). */
    TOKEN
  }

  private final HttpEndpoint endpoint;

  private CoAgentMcpServer(HttpEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Serves the stores under {@code dataDir} ({@code NAME.coagent}, as the PostgreSQL endpoint
   * does; in one process both share them). {@code toolsFile}: declared tools (YAML), or null.
   * Port 0 picks a free port ({@link #port()}).
   */
  public static CoAgentMcpServer start(Path dataDir, String bind, int port, Auth auth,
      Path toolsFile) throws Exception {
    return new CoAgentMcpServer(HttpEndpoint.start(dataDir, bind, port, auth == Auth.TRUST,
        tools(toolsFile)));
  }

  /**
   * MCP over stdio for one agent, the one of {@code jdbcUrl}; returns when {@code in} ends.
   */
  public static void serveStdio(String jdbcUrl, Path toolsFile, InputStream in, OutputStream out)
      throws Exception {
    StdioEndpoint.run(jdbcUrl, tools(toolsFile), in, out);
  }

  /**
   * MCP over stdio bridged to a CoAgent server's endpoint {@code url}
   * ({@code http(s)://HOST:PORT/mcp[?agent=NAME&db=NAME]}), as the agent of {@code token} (a
   * role's bearer token) or, with a null token in trust mode, of the URL; returns when {@code in}
   * ends. Identity, tools and the store stay in the server. Failures are JSON-RPC errors on
   * {@code out} and lines on {@code err}; only a URL that is not http(s) throws.
   */
  public static void bridgeStdio(String url, String token, InputStream in, OutputStream out,
      java.io.PrintStream err) throws Exception {
    StdioBridge.run(url, token, in, out, err);
  }

  /**
   * Checks a declared-tools file; returns each tool as {@code name(param type, ...)}, followed by
   * {@code irreversible} for a tool held in the outbox. A problem
   * is an IllegalArgumentException naming the tool and the fix.
   */
  public static List<String> checkTools(Path file) throws java.io.IOException {
    return DeclaredTools.load(file, ToolCatalog.builtInNames()).tools().stream()
        .map(t -> t.name() + "(" + String.join(", ", t.params().stream()
            .map(p -> p.name() + " " + p.type()).toList()) + ")"
            + (t.irreversible() ? " irreversible" : ""))
        .toList();
  }

  private static DeclaredTools tools(Path file) throws java.io.IOException {
    return file == null ? DeclaredTools.empty()
        : DeclaredTools.load(file, ToolCatalog.builtInNames());
  }

  public int port() {
    return endpoint.port();
  }

  /** MCP sessions with an open agent connection. */
  public int sessions() {
    return endpoint.sessions();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
