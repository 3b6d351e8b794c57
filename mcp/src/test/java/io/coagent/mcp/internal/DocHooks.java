package io.coagent.mcp.internal;

import io.coagent.session.SqlConnection;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/** Lets the doc tests of the public package drive an internal session: one call, then commit. */
public final class DocHooks {
  private DocHooks() {}

  /** Calls declared tool {@code name} of {@code tools} as the agent of {@code url}, commits. */
  public static void callTool(Path tools, String url, Connection observer, String name,
      Map<String, Object> args) throws Exception {
    ToolCatalog catalog = new ToolCatalog(DeclaredTools.load(tools, ToolCatalog.builtInNames()));
    // the doc's observer connection is a JDBC one; the session observes through its own
    String store = url.replaceAll("(?i);agent=[^;]*", "");
    try (SqlConnection watcher = SqlConnection.open(store);
        AgentSession s = new AgentSession(SqlConnection.open(url), "doc", watcher)) {
      for (String tool : new String[] {name, "commit"}) {
        McpSchema.CallToolResult r = catalog.call(s, tool, tool.equals("commit")
            ? Map.of("wait_seconds", 10) : args);
        if (Boolean.TRUE.equals(r.isError())) {
          throw new AssertionError(tool + ": " + r.structuredContent());
        }
      }
    }
  }
}
