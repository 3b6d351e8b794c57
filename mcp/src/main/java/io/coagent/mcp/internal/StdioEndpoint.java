package io.coagent.mcp.internal;

import io.coagent.engine.Isolation;
import io.coagent.session.JdbcUrl;
import io.coagent.session.SqlConnection;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * MCP over stdio for clients that spawn a process per server: one session, one agent, the one of
 * the JDBC URL of an embedded store ({@code jdbc:coagent:file:PATH;agent=NAME}), parsed by the
 * session layer's {@link JdbcUrl} and connected without JDBC ({@link SqlConnection}). Runs until
 * stdin ends. A shared store is the server's: {@code coagent mcp --url http://HOST:PORT/mcp} runs
 * {@link StdioBridge} instead, to the server's own MCP endpoint. Not done: serving stdio from a
 * {@code jdbc:coagent://HOST:PORT/DB} connection (pgjdbc's, which cannot switch a running
 * transaction to read-only as {@code query} needs); such a URL is refused with the bridge as fix.
 */
public final class StdioEndpoint {
  private StdioEndpoint() {}

  /** Serves until {@code in} reaches its end; then closes the session (and its connection). */
  public static void run(String url, DeclaredTools tools, InputStream in, OutputStream out)
      throws Exception {
    if (!url.startsWith("jdbc:coagent:file:") && !url.startsWith("jdbc:coagent:mem:")) {
      throw io.coagent.engine.SqlState.FEATURE_NOT_SUPPORTED.exception("coagent mcp serves an "
          + "embedded store (jdbc:coagent:file:PATH;agent=NAME); for a CoAgent server give its MCP "
          + "endpoint, --url http://HOST:N/mcp?agent=NAME (coagent server --mcp-port N)");
    }
    // Connect first: a bad URL or an operator URL fails here, before the client is answered.
    JdbcUrl parsed = JdbcUrl.parse(url, new java.util.Properties());
    // the store's operator connection: the URL's store without its agent
    SqlConnection observer = SqlConnection.open(parsed.address(), null, null, Isolation.MTPO,
        "connect to " + JdbcUrl.masked(url), null);
    SqlConnection conn = null;
    AgentSession session;
    try {
      conn = SqlConnection.open(url);
      session = new AgentSession(conn, url, observer);
    } catch (java.sql.SQLException | RuntimeException e) {
      if (conn != null) {
        conn.close();
      }
      observer.close();
      throw e;
    }
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          ended.countDown();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          ended.countDown();
        }
        return n;
      }
    };
    Sessions sessions = new Sessions(null, new Sessions.Identity(session.agent(), url));
    sessions.adopt(session);
    StdioServerTransportProvider transport = new StdioServerTransportProvider(
        new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()), watched, out);
    McpSyncServer mcp = McpServers.build(McpServer.sync(transport), new ToolCatalog(tools),
        sessions::of);
    try {
      ended.await();
    } finally {
      mcp.close();
      sessions.close();
      observer.close();
    }
  }
}
