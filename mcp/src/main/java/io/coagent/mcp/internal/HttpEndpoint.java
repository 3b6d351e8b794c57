package io.coagent.mcp.internal;

import io.coagent.engine.Isolation;
import io.coagent.engine.SqlState;
import io.coagent.server.Roles;
import io.coagent.session.SqlConnection;
import io.coagent.session.StoreAddress;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Streamable HTTP at {@code /mcp}: the SDK's servlet transport on embedded Jetty, behind a filter
 * that authenticates every request before the SDK sees it. Trust mode (loopback only, checked at
 * start and per request): {@code ?agent=NAME&db=NAME}. Token mode: {@code Authorization: Bearer T}
 * where T is a role's token ({@link Roles#newToken}); the role's agent is the session's. Missing or
 * unknown credentials: HTTP 401 with a JSON body that says what to send. The filter binds each MCP
 * session id to the identity that initialized it; the same id with other credentials is HTTP 403.
 *
 * <p>Stores: database NAME is {@code jdbc:coagent:file:DATA/NAME.coagent}, the URL the PostgreSQL
 * endpoint uses, so in one process both endpoints share the open store. Threading: Jetty's pool
 * serves requests; tool calls run on the SDK's scheduler and serialize per session
 * ({@link AgentSession}).
 */
public final class HttpEndpoint implements AutoCloseable {
  static final Pattern DB = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
  private static final Pattern AGENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.@-]{0,62}");
  private static final String SESSION_HEADER = "Mcp-Session-Id";
  /** Largest request body accepted (a tool call's SQL and arguments). */
  static final int MAX_BODY = 4 << 20;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Server jetty;
  private final McpSyncServer mcp;
  private final Sessions sessions;
  private final Stores stores;

  private HttpEndpoint(Server jetty, McpSyncServer mcp, Sessions sessions, Stores stores) {
    this.jetty = jetty;
    this.mcp = mcp;
    this.sessions = sessions;
    this.stores = stores;
  }

  /**
   * Database NAME is the file store {@code DATA/NAME.coagent}; one operator connection per open
   * store observes it (and keeps it open while the endpoint runs). Connections are the session
   * layer's ({@link SqlConnection}), as the PostgreSQL endpoint's are.
   */
  private static final class Stores implements Sessions.Opener, AutoCloseable {
    private final Path dataDir;
    private final Map<String, SqlConnection> observers = new java.util.HashMap<>();

    Stores(Path dataDir) {
      this.dataDir = dataDir;
    }

    private StoreAddress address(String db) throws java.sql.SQLException {
      try {
        java.nio.file.Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw SqlState.IO_ERROR.exception("cannot create data directory " + dataDir + ": " + e, e);
      }
      return StoreAddress.file(dataDir.resolve(db + ".coagent").toString());
    }

    @Override
    public SqlConnection open(Sessions.Identity id) throws java.sql.SQLException {
      String problem = io.coagent.session.Session.agentNameProblem(id.agent());
      if (problem != null) {
        throw SqlState.INVALID_PARAMETER_VALUE.exception("invalid agent name for database \""
            + id.database() + "\": " + problem);
      }
      return SqlConnection.open(address(id.database()), id.agent(), null, Isolation.MTPO,
          "connect to database " + id.database(), null);
    }

    @Override
    public synchronized SqlConnection observer(Sessions.Identity id)
        throws java.sql.SQLException {
      SqlConnection c = observers.get(id.database());
      if (c == null) {
        c = SqlConnection.open(address(id.database()), null, null, Isolation.MTPO,
            "open database " + id.database(), null);
        observers.put(id.database(), c);
      }
      return c;
    }

    @Override
    public synchronized void close() {
      for (SqlConnection c : observers.values()) {
        c.close(); // the store logs its own close failures
      }
      observers.clear();
    }
  }

  /** Starts serving; {@code trust} false means bearer tokens. */
  public static HttpEndpoint start(Path dataDir, String bind, int port, boolean trust,
      DeclaredTools tools) throws Exception {
    InetAddress addr = InetAddress.getByName(bind);
    if (trust && !addr.isLoopbackAddress()) {
      throw new IllegalArgumentException("--auth trust serves loopback only, and " + bind
          + " is not a loopback address: bind 127.0.0.1 or use bearer tokens (--auth token)");
    }
    Stores stores = new Stores(dataDir);
    Sessions sessions = new Sessions(stores, null);
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
            .mcpEndpoint("/mcp")
            .contextExtractor(req -> {
              Object id = req.getAttribute(Sessions.IDENTITY);
              return id == null ? McpTransportContext.EMPTY
                  : McpTransportContext.create(Map.of(Sessions.IDENTITY, id));
            })
            .build();
    McpSyncServer mcp = McpServers.build(McpServer.sync(transport), new ToolCatalog(tools),
        sessions::of);
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(bind);
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler();
    ServletHolder servlet = new ServletHolder(transport);
    servlet.setAsyncSupported(true);
    ctx.addServlet(servlet, "/mcp");
    FilterHolder filter = new FilterHolder(new Auth(dataDir, trust, sessions));
    filter.setAsyncSupported(true);
    ctx.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(ctx);
    try {
      jetty.start();
    } catch (Exception e) {
      mcp.close();
      sessions.close();
      stores.close();
      throw e;
    }
    return new HttpEndpoint(jetty, mcp, sessions, stores);
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  public int sessions() {
    return sessions.size();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      // stopping a server that failed: nothing left to release but the sessions
    }
    mcp.close();
    sessions.close();
    stores.close();
  }

  /** Authenticates each request and binds MCP sessions to identities. */
  private static final class Auth implements Filter {
    private final Roles roles;
    private final boolean trust;
    private final Sessions sessions;
    private final Map<String, Sessions.Identity> owners = new ConcurrentHashMap<>();

    Auth(Path dataDir, boolean trust, Sessions sessions) {
      this.roles = Roles.in(dataDir);
      this.trust = trust;
      this.sessions = sessions;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest req = (HttpServletRequest) request;
      HttpServletResponse res = (HttpServletResponse) response;
      if (!"/mcp".equals(req.getRequestURI())) {
        refuse(res, 404, SqlState.UNDEFINED_OBJECT.code(), "the MCP endpoint is /mcp");
        return;
      }
      Sessions.Identity id;
      try {
        id = identify(req);
      } catch (Refusal r) {
        res.setHeader("WWW-Authenticate", trust ? "CoAgent-Trust" : "Bearer realm=\"coagent\"");
        refuse(res, r.status, r.state, r.getMessage());
        return;
      }
      String sid = req.getHeader(SESSION_HEADER);
      if (sid != null) {
        Sessions.Identity owner = owners.get(sid);
        if (owner != null && !owner.equals(id)) {
          refuse(res, 403, SqlState.INSUFFICIENT_PRIVILEGE.code(), "MCP session " + sid
              + " belongs to agent " + owner.agent() + " (database " + owner.database()
              + "); these credentials are agent " + id.agent() + "'s: start a session of your "
              + "own");
          return;
        }
      }
      if ("POST".equals(req.getMethod())) {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        String problem = body.length > MAX_BODY ? "the message is larger than " + MAX_BODY
            + " bytes" : malformed(body);
        if (problem != null) {
          refuse(res, body.length > MAX_BODY ? 413 : 400, SqlState.PROTOCOL_VIOLATION.code(),
              "not a JSON-RPC 2.0 message: " + problem);
          return;
        }
        req = new Buffered(req, body);
      }
      req.setAttribute(Sessions.IDENTITY, id);
      chain.doFilter(req, res);
      if (sid == null) {
        String created = res.getHeader(SESSION_HEADER);
        if (created != null) {
          owners.put(created, id);
        }
      } else if ("DELETE".equals(req.getMethod())) {
        owners.remove(sid);
        sessions.close(sid);
      }
    }

    /**
     * Why {@code body} is not one JSON-RPC 2.0 request, notification or response; null if it is.
     * Checked before the SDK parses it, so junk gets a 400 naming the problem, not a 500.
     */
    private static String malformed(byte[] body) {
      com.fasterxml.jackson.databind.JsonNode n;
      try {
        n = JSON.readTree(body);
      } catch (IOException e) {
        return "the body is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")";
      }
      if (n == null || !n.isObject()) {
        return "the body must be one JSON object (batches are not supported)";
      }
      if (!"2.0".equals(n.path("jsonrpc").asText(null))) {
        return "\"jsonrpc\": \"2.0\" is missing";
      }
      if (n.has("method")) {
        if (!n.get("method").isTextual()) {
          return "method must be a string";
        }
        if (n.has("params") && !n.get("params").isObject()) {
          return "params must be an object";
        }
        return null;
      }
      if (n.has("id") && (n.has("result") || n.has("error"))) {
        return null;
      }
      return "neither a request (method) nor a response (id with result or error)";
    }

    private Sessions.Identity identify(HttpServletRequest req) throws Refusal {
      String db = req.getParameter("db") == null ? "default" : req.getParameter("db");
      if (!DB.matcher(db).matches()) {
        throw new Refusal(400, SqlState.INVALID_CATALOG_NAME.code(), "invalid database name \""
            + db + "\": use 1 to 63 letters, digits, '_' or '-' (not starting with '-')");
      }
      if (trust) {
        String remote = req.getRemoteAddr();
        boolean loopback;
        try {
          loopback = InetAddress.getByName(remote).isLoopbackAddress();
        } catch (IOException e) {
          loopback = false;
        }
        if (!loopback) {
          throw new Refusal(401, SqlState.INVALID_AUTHORIZATION_SPECIFICATION.code(),
              "trust mode serves loopback clients only; " + remote + " is not one");
        }
        String agent = req.getParameter("agent");
        if (agent == null || agent.isBlank()) {
          throw new Refusal(401, SqlState.INVALID_AUTHORIZATION_SPECIFICATION.code(),
              "no agent: in trust mode name it in the URL, http://127.0.0.1:PORT/mcp?agent=NAME"
                  + "&db=NAME");
        }
        if (!AGENT.matcher(agent).matches()) {
          throw new Refusal(400, SqlState.INVALID_NAME.code(), "invalid agent name '" + agent
              + "': use 1 to 63 letters, digits, '_', '.', '@' or '-', starting with a letter or "
              + "'_'");
        }
        return new Sessions.Identity(agent, db);
      }
      String header = req.getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new Refusal(401, SqlState.INVALID_AUTHORIZATION_SPECIFICATION.code(),
            "no bearer token: send 'Authorization: Bearer TOKEN' with a token from 'coagent role "
                + "token --data DIR ROLE'");
      }
      Roles.Role role;
      try {
        role = roles.byToken(header.substring(7).trim()).orElse(null);
      } catch (IOException e) {
        throw new Refusal(500, SqlState.IO_ERROR.code(), "cannot read the role store: " + e);
      }
      if (role == null) {
        throw new Refusal(401, SqlState.INVALID_PASSWORD.code(), "unknown bearer token: it was "
            + "never issued or was replaced by a newer 'coagent role token'");
      }
      if (role.operator()) {
        throw new Refusal(403, SqlState.INSUFFICIENT_PRIVILEGE.code(), "role " + role.name()
            + " is an operator; an MCP session acts as one agent: use a role added with --agent");
      }
      return new Sessions.Identity(role.agent(), db);
    }

    private static void refuse(HttpServletResponse res, int status, String state, String message)
        throws IOException {
      res.setStatus(status);
      res.setContentType("application/json");
      res.setCharacterEncoding("UTF-8");
      String body = JSON.writeValueAsString(Map.of(
          "jsonrpc", "2.0", "error", Map.of("code", -32001, "message", message,
              "data", Map.of("sqlstate", state))));
      res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A request whose body was read by the filter: the SDK reads the same bytes again. */
  private static final class Buffered extends jakarta.servlet.http.HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() {
      java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
      return new jakarta.servlet.ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
          throw new IllegalStateException("the body is already buffered");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public java.io.BufferedReader getReader() {
      return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
          StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }

  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String state;

    Refusal(int status, String state, String message) {
      super(message, null, false, false);
      this.status = status;
      this.state = state;
    }
  }
}
