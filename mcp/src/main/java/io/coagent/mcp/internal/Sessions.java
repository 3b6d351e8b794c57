package io.coagent.mcp.internal;

import io.coagent.engine.SqlState;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MCP session id to {@link AgentSession}. A session's agent is fixed by the credentials of the
 * request that first used it (the HTTP filter put them in the transport context; stdio has one
 * fixed identity); a later request of the same session with other credentials is refused (42501),
 * so no session can act as another agent, and no tool argument names an agent.
 *
 * <p>Concurrency: the map is concurrent; a session is opened at most once
 * ({@link ConcurrentHashMap#computeIfAbsent}); closing removes it first, then closes it.
 */
final class Sessions implements AutoCloseable {
  /** Transport-context key of the request's {@link Identity}. */
  static final String IDENTITY = "coagent.identity";

  /** Who a request acts as: an agent of a database. */
  record Identity(String agent, String database) {}

  /** Opens the agent connection of an identity, and gives the store's observer (or null). */
  interface Opener {
    io.coagent.session.SqlConnection open(Identity id) throws SQLException;

    io.coagent.session.SqlConnection observer(Identity id) throws SQLException;
  }

  private record Entry(Identity id, AgentSession session, java.util.concurrent.atomic.AtomicLong used) {
    Entry(Identity id, AgentSession session) {
      this(id, session, new java.util.concurrent.atomic.AtomicLong(System.nanoTime()));
    }
  }

  /**
   * A session unused this long is closed when the next session opens (clients rarely end their
   * sessions with DELETE). Its agent's trajectory is the store's: it stays until its lease expires,
   * and a later call of the same MCP session opens a new connection that joins it.
   */
  static final long IDLE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(30);

  private final Opener opener;
  private final Identity fixed;
  private final long idleNanos;
  private final Map<String, Entry> open = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile AgentSession single;

  /** {@code fixed}: the identity of every session (stdio), or null to take it per request. */
  Sessions(Opener opener, Identity fixed) {
    this(opener, fixed, IDLE_NANOS);
  }

  Sessions(Opener opener, Identity fixed, long idleNanos) {
    this.opener = opener;
    this.fixed = fixed;
    this.idleNanos = idleNanos;
  }

  /** Stdio: the one session, connected before the transport starts; serves every session id. */
  void adopt(AgentSession session) {
    single = session;
  }

  AgentSession of(McpSyncServerExchange exchange) {
    if (single != null) {
      return single;
    }
    Identity id = fixed;
    if (id == null) {
      Object o = exchange.transportContext() == null ? null
          : exchange.transportContext().get(IDENTITY);
      if (!(o instanceof Identity i)) {
        throw new ToolCatalog.IdentityException(SqlState.INVALID_AUTHORIZATION_SPECIFICATION.code(),
            "this request carries no credentials; connect with a bearer token (or, in trust mode "
                + "on loopback, /mcp?agent=NAME)");
      }
      id = i;
    }
    return of(exchange.sessionId() == null ? "" : exchange.sessionId(), id);
  }

  AgentSession of(String sessionId, Identity id) {
    if (closed) {
      throw new ToolCatalog.IdentityException(SqlState.ADMIN_SHUTDOWN.code(),
          "the MCP server is shutting down");
    }
    if (!open.containsKey(sessionId)) {
      evictIdle(); // outside computeIfAbsent, which must not change the map
    }
    Entry e = open.computeIfAbsent(sessionId, k -> {
      try {
        return new Entry(id, new AgentSession(opener.open(id), id.database(),
            opener.observer(id)));
      } catch (SQLException ex) {
        throw new ToolCatalog.IdentityException(ex.getSQLState(), ex.getMessage());
      }
    });
    if (!e.id().equals(id)) {
      throw new ToolCatalog.IdentityException(SqlState.INSUFFICIENT_PRIVILEGE.code(),
          "MCP session " + sessionId + " belongs to agent " + e.id().agent() + " (database "
              + e.id().database() + "); these credentials are agent " + id.agent() + "'s: start "
              + "a session of your own");
    }
    e.used().set(System.nanoTime());
    return e.session();
  }

  private void evictIdle() {
    long now = System.nanoTime();
    for (Map.Entry<String, Entry> x : open.entrySet()) {
      if (now - x.getValue().used().get() > idleNanos && open.remove(x.getKey(), x.getValue())) {
        x.getValue().session().close();
      }
    }
  }

  /** The identity that opened {@code sessionId}, or null. */
  Identity owner(String sessionId) {
    Entry e = open.get(sessionId);
    return e == null ? null : e.id();
  }

  void close(String sessionId) {
    Entry e = open.remove(sessionId);
    if (e != null) {
      e.session().close();
    }
  }

  int size() {
    return open.size();
  }

  @Override
  public void close() {
    closed = true;
    for (String k : new ArrayList<>(open.keySet())) {
      close(k);
    }
    if (single != null) {
      single.close();
    }
  }
}
