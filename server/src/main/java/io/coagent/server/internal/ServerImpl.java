package io.coagent.server.internal;

import io.coagent.engine.SqlState;
import io.coagent.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listening socket and the sessions: one accept thread, one thread per session.
 *
 * <p>Bounds: at most {@link ServerConfig#maxConnections()} sessions; the next connection gets a
 * FATAL 53300 and is closed by the accept thread itself, so an overload never grows a thread. A
 * session's failure ends that session only (see {@link Session}).
 *
 * <p>Shutdown: the listening socket closes first (no new sessions), then {@link #closing} tells
 * idle sessions to end at their next poll (within {@link Session#POLL_MS}) and busy ones after
 * their running statement; after the grace period the remaining sockets are closed; finally the
 * stores close. A statement's effects are durable when the engine returns, which is before its
 * CommandComplete is written, so no acknowledged work is lost by stopping.
 */
public final class ServerImpl {
  public static final String SERVER_VERSION = "15.0";
  public static final String VERSION = "0.1.0";

  private final ServerConfig config;
  private final ServerSocket listener;
  private final Databases databases;
  private final io.coagent.server.Roles roles;
  private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger pids = new AtomicInteger(1000);
  private final SecureRandom random = new SecureRandom();
  private final Thread acceptor;
  private volatile boolean closing;

  private ServerImpl(ServerConfig config, ServerSocket listener) {
    this.config = config;
    this.listener = listener;
    this.databases = new Databases(config.dataDir(),
        config.durability().name().toLowerCase(java.util.Locale.ROOT));
    this.roles = io.coagent.server.Roles.in(config.dataDir());
    this.acceptor = new Thread(this::acceptLoop, "coagent-accept-" + listener.getLocalPort());
  }

  public static ServerImpl start(ServerConfig config) throws IOException {
    InetAddress addr = InetAddress.getByName(config.bind());
    if (config.auth() == ServerConfig.Auth.TRUST && !addr.isLoopbackAddress()) {
      throw new IllegalArgumentException("--auth trust lets anyone act as any agent: it is for "
          + "development only and binds only to loopback (127.0.0.1 or ::1), not "
          + config.bind());
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(addr, config.port()), 128);
    ServerImpl server = new ServerImpl(config, s);
    server.acceptor.start();
    return server;
  }

  public int port() {
    return listener.getLocalPort();
  }

  Databases databases() {
    return databases;
  }

  /** Creates database {@code name} if it does not exist. */
  public void create(String name) throws SQLException {
    databases.create(name);
  }

  ServerConfig config() {
    return config;
  }

  boolean closing() {
    return closing;
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** The SCRAM verifier for a new password (used by {@link io.coagent.server.Roles}). */
  public static String verifier(char[] password) {
    return Scram.verifier(password);
  }

  /** The role {@code user}, for SCRAM logins; empty if there is none. */
  java.util.Optional<io.coagent.server.Roles.Role> role(String user) throws IOException {
    return roles.find(user);
  }

  /** Trust: the user name is the agent; {@code operator} is an operator connection (null). */
  String trustedAgent(String user) throws SQLException {
    if (user.equals("operator")) {
      return null;
    }
    if (user.startsWith("$")) {
      throw SqlState.INVALID_AUTHORIZATION_SPECIFICATION.exception("user \"" + user
          + "\" is not a valid agent name: names starting with '$' are internal");
    }
    return user;
  }

  void cancel(int pid, int secret) {
    Session s = sessions.get(pid);
    if (s != null && s.secret == secret) {
      s.cancel();
    }
  }

  void ended(Session s) {
    sessions.remove(s.pid, s);
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (closing) {
          return;
        }
        continue; // e.g. too many open files: keep serving the sessions we have
      }
      if (sessions.size() >= config.maxConnections()) {
        refuse(socket);
        continue;
      }
      int pid = pids.incrementAndGet();
      Session session = new Session(socket, this, pid, random.nextInt());
      sessions.put(pid, session);
      Thread t = new Thread(session, "coagent-session-" + pid);
      t.setDaemon(true);
      t.start();
    }
  }

  private void refuse(Socket socket) {
    try (socket) {
      socket.setSoTimeout(1000);
      var out = new io.coagent.server.internal.wire.MessageWriter(socket.getOutputStream());
      out.response('E', "FATAL", SqlState.TOO_MANY_CONNECTIONS.code(), "sorry, too many "
          + "clients already: the server serves " + config.maxConnections()
          + " sessions (--max-connections)");
      out.flush();
    } catch (IOException e) {
      // the client is gone
    }
  }

  public void shutdown(Duration grace) {
    if (closing) {
      return;
    }
    closing = true;
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (!sessions.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Session s : sessions.values()) {
      s.cancel();
    }
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    databases.close();
  }
}
