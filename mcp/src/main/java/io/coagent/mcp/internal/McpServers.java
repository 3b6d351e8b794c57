package io.coagent.mcp.internal;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.function.Function;

/** The one MCP server definition both transports (HTTP, stdio) build. */
final class McpServers {
  static final String INSTRUCTIONS = "You share a CoAgent database with other agents. Each of "
      + "your tool calls works in your trajectory (one transaction across calls) at a fixed rank. "
      + "Every result has 'notifications': a lower-rank agent changed something you had read "
      + "(seen -> now, who, which of your operations it affects). At your next step judge each "
      + "one: if it changes what you did, undo the affected operations and redo them on the new "
      + "value; then ack it. commit refuses while notifications are unacknowledged and may report "
      + "'waiting' for lower ranks: call it again later.";

  private McpServers() {}

  static McpSyncServer build(McpServer.SyncSpecification<?> spec, ToolCatalog catalog,
      Function<McpSyncServerExchange, AgentSession> sessions) {
    return spec.serverInfo("coagent", "0.1.0")
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(catalog.specifications(sessions))
        .build();
  }
}
