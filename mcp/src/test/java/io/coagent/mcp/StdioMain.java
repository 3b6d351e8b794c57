package io.coagent.mcp;

/**
 * {@code coagent mcp --url URL} as a child process for tests: an http(s) URL bridges to a server
 * (bearer token from env {@code COAGENT_TOKEN}), anything else is the embedded stdio endpoint.
 */
public final class StdioMain {
  private StdioMain() {}

  public static void main(String[] args) throws Exception {
    if (args[0].startsWith("http")) {
      CoAgentMcpServer.bridgeStdio(args[0], System.getenv("COAGENT_TOKEN"), System.in,
          System.out, System.err);
    } else {
      CoAgentMcpServer.serveStdio(args[0], null, System.in, System.out);
    }
    System.exit(0);
  }
}
