package io.coagent.mcp;

/** The stdio endpoint as a child process for tests (what {@code coagent mcp --url URL} runs). */
public final class StdioMain {
  private StdioMain() {}

  public static void main(String[] args) throws Exception {
    CoAgentMcpServer.serveStdio(args[0], null, System.in, System.out);
    System.exit(0);
  }
}
