package io.coagent.server.internal;

import io.coagent.engine.SqlState;
import io.coagent.engine.Notification;
import io.coagent.engine.Trajectory;
import io.coagent.server.ServerConfig;
import io.coagent.server.internal.wire.Message;
import io.coagent.server.internal.wire.MessageReader;
import io.coagent.server.internal.wire.MessageWriter;
import io.coagent.server.internal.wire.PgType;
import io.coagent.server.internal.wire.ProtocolException;
import io.coagent.session.Control;
import io.coagent.session.Conversions;
import io.coagent.session.SessionErrors;
import io.coagent.session.SqlConnection;
import io.coagent.session.TransactionBlock;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.StatementControl;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * One client connection speaking PostgreSQL protocol 3.0: startup, then simple and extended query
 * messages, mapped onto one session-layer {@link SqlConnection} of the login's agent (the query
 * executor the embedded JDBC driver runs on too; no JDBC in between).
 *
 * <p>Threading: one thread per session runs {@link #run()}; it alone reads the socket, writes it
 * and uses the connection. The engine's listener thread only offers notifications to
 * {@link #pushed} (bounded; on overflow the push is dropped, the notification stays pending in the
 * trajectory and is still reported by SYS.NOTIFICATIONS and refused commits). The session writes
 * queued notifications before every ReadyForQuery and, while the client is idle, every
 * {@link #POLL_MS} ms (the socket read times out at a message boundary, the queue is drained, the
 * read resumes). A cancel request from another connection only calls {@link StatementControl#cancel()} of
 * the running statement.
 *
 * <p>Transactions follow PostgreSQL's rules on the surface (the session layer's {@link
 * TransactionBlock}, shared with the embedded driver): outside BEGIN each statement is its
 * own trajectory, committed before its CommandComplete (so it may wait for lower ranks, rule 8);
 * BEGIN ... COMMIT is one trajectory. One MTPO difference is deliberate: a failed statement does
 * not doom the transaction block (the trajectory stays usable, status 'T', not 'E'), since MTPO
 * repairs instead of aborting; and a refused COMMIT (pending notifications, MT004) leaves the block
 * open so that the agent can repair and commit again.
 *
 * <p>Errors: a statement's SQLException becomes an ErrorResponse with its SQLState and the session
 * goes on; a protocol violation becomes a FATAL ErrorResponse and ends this session only.
 */
final class Session implements Runnable {
  /** Idle poll interval: the bound on how late a notification reaches an idle client. */
  static final int POLL_MS = 20;
  /** A started message must arrive whole within this time, or the connection is dropped. */
  static final int BODY_TIMEOUT_MS = 60_000;
  /** Bound on queued pushes per session; see the class comment for what overflow means. */
  static final int PUSH_QUEUE = 4096;
  private static final int SSL_REQUEST = 80877103;
  private static final int GSSENC_REQUEST = 80877104;
  private static final int CANCEL_REQUEST = 80877102;
  private static final int PROTOCOL_3 = 196608;

  /** The client's socket; replaced once by its TLS wrapper after an accepted SSLRequest. */
  private volatile Socket socket;
  /** The buffered input under {@link #in}: bytes it holds are bytes the client already sent. */
  private BufferedInputStream buffered;
  private boolean encrypted;
  private final ServerImpl server;
  final int pid;
  final int secret;
  private final BlockingQueue<Notification> pushed = new ArrayBlockingQueue<>(PUSH_QUEUE);
  private final AtomicBoolean pushDropped = new AtomicBoolean();
  private final Map<String, Prepared> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private MessageReader in;
  private MessageWriter out;
  private SqlConnection conn;
  private String agent;
  /** Transaction block, savepoints and settings; null until startup has connected. */
  private TransactionBlock block;
  private boolean skipToSync;
  private volatile StatementControl running;
  private long lastActive = System.nanoTime();

  Session(Socket socket, ServerImpl server, int pid, int secret) {
    this.socket = socket;
    this.server = server;
    this.pid = pid;
    this.secret = secret;
  }

  @Override
  public void run() {
    try {
      socket.setTcpNoDelay(true);
      streams();
      socket.setSoTimeout(server.config().authTimeoutMillis());
      if (startup()) {
        loop();
      }
    } catch (ProtocolException e) {
      fatal(e.state(), e.getMessage());
    } catch (SocketTimeoutException e) {
      fatal(SqlState.PROTOCOL_VIOLATION, "timed out waiting for the client");
    } catch (IOException e) {
      // the client went away; nothing to tell it
    } catch (RuntimeException | Error e) {
      // A bug must end this session, never the server.
      fatal(SqlState.INTERNAL_ERROR, "internal error: " + e);
    } finally {
      cleanup();
    }
  }

  private void streams() throws IOException {
    buffered = new BufferedInputStream(socket.getInputStream(), 8192);
    in = new MessageReader(buffered, server.config().maxMessageBytes());
    out = new MessageWriter(new BufferedOutputStream(socket.getOutputStream(), 8192));
  }

  /**
   * Answers an SSLRequest: {@code S} and the TLS handshake when TLS is configured (then the
   * startup message comes encrypted), else {@code N} and the client goes on in clear. Bytes the
   * client sent after its SSLRequest, before the answer, are refused with an ErrorResponse instead
   * of {@code S}: they were not encrypted, yet could be taken as if they came over TLS (the
   * CVE-2021-23214 class of injection). The TLS socket reads the raw stream, so nothing buffered
   * before the handshake is ever read as part of the session.
   */
  private void negotiateTls() throws IOException, ProtocolException {
    ServerConfig.Tls tls = server.config().tls();
    if (tls == null || encrypted) {
      socket.getOutputStream().write('N');
      socket.getOutputStream().flush();
      return;
    }
    // Checked before the answer: until it has 'S' a client sends nothing, so any byte here came
    // with the SSLRequest, in clear. (Checked after it, a quick client's ClientHello would count.)
    if (buffered.available() > 0) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
          "received unencrypted data after the SSLRequest; send nothing before the TLS handshake");
    }
    socket.getOutputStream().write('S');
    socket.getOutputStream().flush();
    SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory()
        .createSocket(socket, (java.io.InputStream) null, true);
    ssl.setUseClientMode(false);
    ssl.startHandshake(); // bounded by the startup timeout set on the socket
    socket = ssl;
    encrypted = true;
    streams();
  }

  void cancel() {
    StatementControl c = running;
    if (c != null) {
      c.cancel();
    }
  }

  // ---------------------------------------------------------------- startup

  private boolean startup() throws IOException, ProtocolException {
    for (int attempt = 0; attempt < 3; attempt++) {
      Message m = in.readStartup();
      int code = m.int32();
      if (code == SSL_REQUEST) {
        negotiateTls();
        continue;
      }
      if (code == GSSENC_REQUEST) {
        socket.getOutputStream().write('N'); // no GSSAPI: the client goes on (or asks for TLS)
        socket.getOutputStream().flush();
        continue;
      }
      if (code == CANCEL_REQUEST) {
        server.cancel(m.int32(), m.int32());
        return false;
      }
      if (code != PROTOCOL_3) {
        throw new ProtocolException(SqlState.PROTOCOL_VIOLATION, "unsupported frontend protocol "
            + (code >>> 16) + "." + (code & 0xFFFF) + ": the server supports 3.0");
      }
      ServerConfig.Tls tls = server.config().tls();
      if (tls != null && tls.required() && !encrypted) {
        fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "this server requires TLS: connect "
            + "with sslmode=require (or verify-full with the server's certificate)");
        return false;
      }
      Map<String, String> params = new HashMap<>();
      while (m.remaining() > 0) {
        String k = m.cstring();
        if (k.isEmpty()) {
          break;
        }
        params.put(k, m.cstring());
      }
      return login(params);
    }
    throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
        "too many SSL/GSS negotiation requests before the startup message");
  }

  private boolean login(Map<String, String> params) throws IOException, ProtocolException {
    String user = params.get("user");
    if (user == null || user.isBlank()) {
      fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
          "no user name in the startup message: connect with user=AGENT (or user=operator)");
      return false;
    }
    String db = params.getOrDefault("database", user);
    try {
      if (server.config().auth() == ServerConfig.Auth.SCRAM) {
        if (!scram(user)) {
          return false;
        }
      } else {
        agent = server.trustedAgent(user);
      }
      conn = server.databases().connect(db, agent);
      conn.setAutoCommit(true); // PostgreSQL's default; BEGIN switches it off
      if (agent != null) { // an operator's auto-commit statements are never notified
        conn.setListener(n -> {
          if (!pushed.offer(n)) {
            pushDropped.set(true);
          }
        });
      }
    } catch (SQLException e) {
      fatal(stateOf(e), e.getMessage());
      return false;
    }
    out.authenticationOk();
    Map<String, String> settings = TransactionBlock.defaultSettings();
    settings.put("application_name", params.getOrDefault("application_name", ""));
    settings.put("extra_float_digits", params.getOrDefault("extra_float_digits", "1"));
    // MTPO is serial-equivalent in rank order, so clients asking (pgjdbc, pools) are told
    // "serializable" (the default settings say so); SYS.TRAJECTORIES.ISOLATION says MTPO.
    // The server's own parameters: reported once as ParameterStatus, and to SHOW as settings that
    // SET refuses (55P02).
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put("server_version", ServerImpl.SERVER_VERSION);
    fixed.put("server_encoding", "UTF8");
    fixed.put("integer_datetimes", "on");
    fixed.put("standard_conforming_strings", "on");
    fixed.put("is_superuser", agent == null ? "on" : "off");
    settings.putAll(fixed);
    block = new TransactionBlock(conn, settings, fixed.keySet());
    fixed.forEach(out::parameterStatus);
    out.parameterStatus("client_encoding", "UTF8");
    out.parameterStatus("DateStyle", "ISO, MDY");
    out.parameterStatus("TimeZone", "UTC");
    out.parameterStatus("IntervalStyle", "postgres");
    out.parameterStatus("session_authorization", user);
    out.parameterStatus("application_name", block.settings().get("application_name"));
    out.backendKeyData(pid, secret);
    readyForQuery();
    return true;
  }

  /**
   * SCRAM-SHA-256 login of role {@code user}; sets {@link #agent} to the role's agent. An unknown
   * role runs the same exchange against a random verifier, so the answer does not tell whether the
   * role exists.
   */
  private boolean scram(String user) throws IOException, ProtocolException {
    java.util.Optional<io.coagent.server.Roles.Role> role = server.role(user);
    Scram.Verifier v = Scram.Verifier.parse(role.map(io.coagent.server.Roles.Role::verifier)
        .orElseGet(() -> Scram.verifier(Long.toString(secret ^ System.nanoTime()).toCharArray())));
    out.begin('R').int32(10).cstring(Scram.MECHANISM).int8(0).end();
    out.flush();
    Message first = saslMessage();
    String mechanism = first.cstring();
    int len = first.int32();
    if (!mechanism.equals(Scram.MECHANISM) || len < 0) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION, "SASL mechanism '" + mechanism
          + "' is not offered: the server offers " + Scram.MECHANISM);
    }
    Scram.Exchange x = new Scram.Exchange(v);
    String serverFirst = x.first(new String(first.bytes(len), StandardCharsets.UTF_8));
    if (serverFirst == null) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
          "malformed SCRAM client-first-message");
    }
    out.begin('R').int32(11).bytes(serverFirst.getBytes(StandardCharsets.UTF_8)).end();
    out.flush();
    Message last = saslMessage();
    String serverFinal = x.last(new String(last.bytes(last.remaining()), StandardCharsets.UTF_8));
    if (serverFinal == null || role.isEmpty()) {
      fatal(SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user
          + "\": check the password, or add the role with ./coagent role add " + user);
      return false;
    }
    out.begin('R').int32(12).bytes(serverFinal.getBytes(StandardCharsets.UTF_8)).end();
    agent = role.get().agent();
    return true;
  }

  private Message saslMessage() throws IOException, ProtocolException {
    int type = in.readType();
    if (type != 'p') {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION, "expected a SASL response ('p') "
          + "during authentication, got '" + (char) Math.max(type, 0) + "'");
    }
    return in.readBody(type);
  }

  // ---------------------------------------------------------------- main loop

  private void loop() throws IOException, ProtocolException {
    while (true) {
      int type = nextType();
      if (type < 0) {
        return;
      }
      Message m = in.readBody(type);
      lastActive = System.nanoTime();
      if (skipToSync && type != 'S' && type != 'X') {
        continue; // after an error in an extended-query batch, PostgreSQL discards up to Sync
      }
      switch (type) {
        case 'Q' -> simpleQuery(m.cstring());
        case 'P' -> parse(m);
        case 'B' -> bind(m);
        case 'D' -> describe(m);
        case 'E' -> execute(m);
        case 'S' -> {
          skipToSync = false;
          closeUnnamedPortal();
          readyForQuery();
        }
        case 'H' -> out.flush();
        case 'C' -> close(m);
        case 'X' -> {
          return;
        }
        case 'F' -> extendedError(SqlState.FEATURE_NOT_SUPPORTED,
            "the function-call protocol is not supported: call functions with SELECT");
        case 'd', 'c', 'f' -> extendedError(SqlState.FEATURE_NOT_SUPPORTED,
            "COPY is not supported: use INSERT");
        default -> throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
            "unknown frontend message type '" + (char) type + "' (" + type + ")");
      }
    }
  }

  /** Waits for the next message type byte, pushing notifications while the client is idle. */
  private int nextType() throws IOException {
    socket.setSoTimeout(POLL_MS);
    try {
      while (true) {
        try {
          int t = in.readType();
          socket.setSoTimeout(BODY_TIMEOUT_MS);
          return t;
        } catch (SocketTimeoutException e) {
          if (server.closing()) {
            fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection: the server is shutting down");
            return -1;
          }
          long idle = server.config().idleTimeoutMillis();
          boolean inBlock = block != null && block.inBlock();
          if (idle > 0 && !inBlock && System.nanoTime() - lastActive > idle * 1_000_000L) {
            fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection: idle for more than "
                + idle + " ms (idle_timeout)");
            return -1;
          }
          if (!skipToSync && drainNotifications()) {
            out.flush();
          }
        }
      }
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(BODY_TIMEOUT_MS);
      }
    }
  }

  private boolean drainNotifications() {
    boolean any = false;
    Notification n;
    while ((n = pushed.poll()) != null) {
      any = true;
      out.begin('A').int32(pid).cstring(NotificationPayload.CHANNEL)
          .cstring(NotificationPayload.json(n)).end();
      out.response('N', "NOTICE", SqlState.MTPO_NOTIFICATION.code(),
          NotificationPayload.notice(n));
    }
    if (pushDropped.getAndSet(false)) {
      any = true;
      notice(SqlState.WARNING.code(), "more than " + PUSH_QUEUE + " notifications were waiting;"
          + " some were not pushed: read SYS.NOTIFICATIONS for all of them");
    }
    return any;
  }

  private void readyForQuery() throws IOException {
    drainNotifications();
    out.readyForQuery(block != null && block.inBlock() ? 'T' : 'I');
    out.flush();
  }

  // ---------------------------------------------------------------- simple query

  private void simpleQuery(String text) throws IOException {
    List<String> parts = PgSql.split(text);
    if (parts.isEmpty()) {
      out.begin('I').end();
    }
    for (String sql : parts) {
      try {
        Prepared p = prepare("", sql, new int[0]);
        Portal portal = new Portal("", p, new Object[0], new boolean[0]);
        if (p.command.kind() == Command.Kind.SQL && p.translated.maxParam() > 0) {
          throw SqlState.UNDEFINED_PARAMETER.exception("there is no parameter $1: a simple "
              + "query cannot have parameters; use the extended protocol (a prepared statement)");
        }
        run(portal, 0, true);
      } catch (SQLException e) {
        error(e);
        break; // PostgreSQL skips the rest of a multi-statement query after an error
      }
    }
    readyForQuery();
  }

  // ---------------------------------------------------------------- extended query

  private void parse(Message m) throws IOException, ProtocolException {
    String name = m.cstring();
    String sql = m.cstring();
    int n = m.int16();
    if (n < 0) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION, "negative parameter count " + n);
    }
    int[] oids = new int[n];
    for (int i = 0; i < n; i++) {
      oids[i] = m.int32();
    }
    try {
      if (!name.isEmpty() && statements.containsKey(name)) {
        throw SqlState.DUPLICATE_PREPARED_STATEMENT.exception("prepared statement \"" + name
            + "\" already exists: Close it first or use another name");
      }
      statements.remove(name);
      statements.put(name, prepare(name, sql, oids));
      out.begin('1').end();
    } catch (SQLException e) {
      extendedError(e);
    }
  }

  private void bind(Message m) throws IOException, ProtocolException {
    String portalName = m.cstring();
    String stmtName = m.cstring();
    int nFormats = m.int16();
    boolean[] paramBinary = new boolean[Math.max(nFormats, 0)];
    for (int i = 0; i < nFormats; i++) {
      paramBinary[i] = m.int16() == 1;
    }
    int n = m.int16();
    if (n < 0 || nFormats > 1 && nFormats != n) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION, "Bind has " + nFormats
          + " parameter format codes for " + n + " parameters");
    }
    byte[][] raw = new byte[n][];
    for (int i = 0; i < n; i++) {
      int len = m.int32();
      raw[i] = len < 0 ? null : m.bytes(len);
    }
    int nResult = m.int16();
    boolean[] resultBinary = new boolean[Math.max(nResult, 0)];
    for (int i = 0; i < nResult; i++) {
      resultBinary[i] = m.int16() == 1;
    }
    try {
      Prepared p = statements.get(stmtName);
      if (p == null) {
        throw SqlState.INVALID_SQL_STATEMENT_NAME.exception("prepared statement \"" + stmtName
            + "\" does not exist: Parse it first");
      }
      if (n != p.parameterCount()) {
        throw SqlState.PROTOCOL_VIOLATION.exception("bind message supplies " + n
            + " parameters, but prepared statement \"" + stmtName + "\" requires "
            + p.parameterCount());
      }
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        if (raw[i] != null) {
          boolean bin = nFormats == 1 ? paramBinary[0] : nFormats > 1 && paramBinary[i];
          values[i] = decode(p, i, raw[i], bin);
        }
      }
      if (!portalName.isEmpty() && portals.containsKey(portalName)) {
        throw SqlState.DUPLICATE_CURSOR.exception("portal \"" + portalName
            + "\" already exists: Close it first");
      }
      Portal old = portals.remove(portalName);
      if (old != null) {
        old.close();
      }
      portals.put(portalName, new Portal(portalName, p, values, resultBinary));
      out.begin('2').end();
    } catch (SQLException e) {
      extendedError(e);
    } catch (ProtocolException e) {
      extendedError(e.state(), e.getMessage());
    }
  }

  private Object decode(Prepared p, int i, byte[] raw, boolean binary)
      throws ProtocolException, SQLException {
    int oid = i < p.declaredOids.length ? p.declaredOids[i] : 0;
    PgType t = PgType.ofOid(oid);
    if (t == null && p.statement != null) {
      int jdbc = jdbcParameterType(p, i + 1);
      t = jdbc == Types.OTHER ? null : PgType.ofJdbc(jdbc);
    }
    if (t == null) {
      if (binary) {
        throw new ProtocolException(SqlState.FEATURE_NOT_SUPPORTED, "binary parameter $" + (i + 1)
            + " of unsupported type OID " + oid + ": send it in text format");
      }
      // Neither the client nor the SQL layer knows the type (PostgreSQL's "unknown"): a number
      // stays a number, anything else is text; the SQL layer converts from there.
      String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
      if (text.matches("-?\\d{1,18}")) {
        return Long.parseLong(text);
      }
      if (text.matches("-?\\d+\\.\\d+")) {
        return new java.math.BigDecimal(text);
      }
      return text;
    }
    return t.decode(raw, binary);
  }

  /** The JDBC type of the first {@code ?} that binds {@code $n}, or OTHER if unknown. */
  private int jdbcParameterType(Prepared p, int n) {
    int[] order = p.translated.paramOrder();
    for (int j = 0; j < order.length; j++) {
      if (order[j] == n) {
        try {
          List<SqlColumn> ps;
          synchronized (conn.lock()) {
            ps = SessionErrors.guard(p.statement.sql(), p.statement::parameters);
          }
          return j < ps.size() ? ps.get(j).jdbcType() : Types.OTHER;
        } catch (SQLException | RuntimeException e) {
          return Types.OTHER;
        }
      }
    }
    return Types.OTHER;
  }

  private void describe(Message m) throws IOException, ProtocolException {
    byte kind = m.int8();
    String name = m.cstring();
    try {
      if (kind == 'S') {
        Prepared p = statements.get(name);
        if (p == null) {
          throw SqlState.INVALID_SQL_STATEMENT_NAME.exception("prepared statement \"" + name
              + "\" does not exist");
        }
        out.begin('t').int16(p.parameterCount());
        for (int i = 0; i < p.parameterCount(); i++) {
          int oid = i < p.declaredOids.length ? p.declaredOids[i] : 0;
          if (oid == 0 && p.statement != null) {
            int jdbc = jdbcParameterType(p, i + 1);
            oid = jdbc == Types.OTHER ? PgType.TEXT.oid : PgType.ofJdbc(jdbc).oid;
          }
          out.int32(oid == 0 ? PgType.TEXT.oid : oid);
        }
        out.end();
        rowDescription(p, null);
      } else if (kind == 'P') {
        Portal portal = portals.get(name);
        if (portal == null) {
          throw SqlState.INVALID_CURSOR_NAME.exception("portal \"" + name + "\" does not exist");
        }
        if (portal.rows == null && portal.completed == null && needsEarlyRun(portal.prepared)) {
          // The SQL layer cannot describe this query before running it (SYS relations, CALL
          // results): run it now and describe the open result; Execute then streams from it.
          portal.early = true;
          open(portal);
        }
        if (portal.rows != null) {
          rowDescription(portal.columns, portal);
        } else {
          rowDescription(portal.prepared, portal);
        }
      } else {
        throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
            "invalid Describe kind '" + (char) kind + "' (expected 'S' or 'P')");
      }
    } catch (SQLException e) {
      extendedError(e);
    }
  }

  private void execute(Message m) throws IOException, ProtocolException {
    String name = m.cstring();
    int max = m.int32();
    try {
      Portal portal = portals.get(name);
      if (portal == null) {
        throw SqlState.INVALID_CURSOR_NAME.exception("portal \"" + name + "\" does not exist");
      }
      run(portal, Math.max(max, 0), false);
    } catch (SQLException e) {
      extendedError(e);
    }
  }

  private void close(Message m) throws IOException, ProtocolException {
    byte kind = m.int8();
    String name = m.cstring();
    if (kind == 'S') {
      statements.remove(name);
    } else if (kind == 'P') {
      Portal p = portals.remove(name);
      if (p != null) {
        p.close();
      }
    } else {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
          "invalid Close kind '" + (char) kind + "' (expected 'S' or 'P')");
    }
    out.begin('3').end();
  }

  private void closeUnnamedPortal() {
    if (!block.inBlock()) {
      Portal p = portals.remove("");
      if (p != null) {
        p.close();
      }
    }
  }

  // ---------------------------------------------------------------- execution

  private Prepared prepare(String name, String sql, int[] oids) throws SQLException {
    Command c = Command.of(sql);
    if (c.kind() != Command.Kind.SQL) {
      return new Prepared(name, sql, c, null, oids, null);
    }
    PgSql.Translated t = PgSql.translate(CatalogArrays.rewrite(SetReturning.rewrite(sql)));
    PreparedSql ps;
    try {
      ps = conn.prepare(t.sql());
    } catch (SQLException e) {
      java.util.Optional<List<String>> empty = EmptyCatalogQuery.columns(sql);
      if (empty.isEmpty()) {
        throw e;
      }
      return new Prepared(name, sql, Command.empty(empty.get()), null, oids, null);
    }
    return new Prepared(name, sql, c, t, oids, ps);
  }

  /** Runs (or resumes) a portal, sending up to {@code max} rows (0: all). */
  private void run(Portal portal, int max, boolean describeRows) throws SQLException, IOException {
    if (portal.completed != null && portal.rows == null) {
      portal.early = false;
      out.commandComplete(portal.completed);
      return;
    }
    Prepared p = portal.prepared;
    Command c = p.command;
    if (c.kind() != Command.Kind.SQL) {
      control(c, describeRows);
      portal.completed = c.kind() == Command.Kind.FUNCTION ? "SELECT 1" : c.tag();
      out.commandComplete(portal.completed);
      return;
    }
    if (portal.rows == null) {
      if (!open(portal)) {
        return;
      }
      if (describeRows) {
        rowDescription(portal.columns, portal);
      }
    }
    int sentNow = 0;
    while (max == 0 || sentNow < max) {
      if (portal.sent >= portal.rows.size()) {
        portal.completed = rowsTag(p.text, portal.sent);
        portal.close();
        out.commandComplete(portal.completed);
        return;
      }
      Object[] row = portal.rows.get((int) portal.sent);
      out.begin('D').int16(portal.types.length);
      for (int i = 0; i < portal.types.length; i++) {
        SqlColumn col = portal.columns.get(i);
        byte[] v = portal.binary(i) ? portal.types[i].binary(row[i], col)
            : portal.types[i].text(row[i], col);
        if (v == null) {
          out.int32(-1);
        } else {
          out.int32(v.length).bytes(v);
        }
      }
      out.end();
      out.maybeFlush();
      sentNow++;
      portal.sent++;
    }
    out.begin('s').end(); // PortalSuspended: Execute again for more rows
  }

  /** A query whose result shape the SQL layer knows only by running it. */
  private boolean needsEarlyRun(Prepared p) throws SQLException {
    if (p.statement == null || columns(p.statement) != null) {
      return false;
    }
    String verb = PgSql.verb(p.text);
    return verb.equals("SELECT") || verb.equals("WITH") || verb.equals("VALUES")
        || verb.equals("EXPLAIN") || verb.equals("CALL") || verb.equals("TABLE");
  }

  /**
   * Executes a portal's statement. Returns true with {@code portal.rows} open for a query; for
   * an update sends its CommandComplete and returns false.
   */
  private boolean open(Portal portal) throws SQLException {
    Prepared p = portal.prepared;
    PreparedSql ps = p.statement;
    int[] order = p.translated.paramOrder();
    List<Object> values = new ArrayList<>(order.length);
    for (int j = 0; j < order.length; j++) {
      SqlConnection.checkParameterIndex(ps, j + 1);
      Object v = order[j] - 1 < portal.values.length ? portal.values[order[j] - 1] : null;
      values.add(v == null ? null : Conversions.parameter(v));
    }
    StatementControl control = StatementControl.start(0);
    running = control;
    SqlResult r;
    try {
      r = conn.execute(ps, values, control);
    } finally {
      running = null;
    }
    if (!r.isQuery()) {
      portal.completed = tag(p.text, r.updateCount());
      if (!portal.early) {
        out.commandComplete(portal.completed);
      }
      return false;
    }
    portal.rows = r.rows();
    portal.columns = r.columns();
    portal.types = new PgType[portal.columns.size()];
    for (int i = 0; i < portal.types.length; i++) {
      portal.types[i] = PgType.of(portal.columns.get(i));
    }
    return true;
  }

  /**
   * The result columns of {@code ps} without running it, as a JDBC statement's metadata says
   * them: a query's (possibly none), a write's RETURNING columns, else null (no rows).
   */
  private List<SqlColumn> columns(PreparedSql ps) throws SQLException {
    synchronized (conn.lock()) {
      List<SqlColumn> cols = SessionErrors.guard(ps.sql(), ps::columns);
      return ps.kind() == PreparedSql.Kind.QUERY || !cols.isEmpty() ? cols : null;
    }
  }

  /** The tag of a statement that returned rows: a write's RETURNING counts as the write. */
  private static String rowsTag(String sql, long rows) {
    return switch (PgSql.verb(sql)) {
      case "INSERT", "UPDATE", "DELETE", "MERGE" -> tag(sql, rows);
      default -> "SELECT " + rows;
    };
  }

  private static String tag(String sql, long count) {
    String verb = PgSql.verb(sql);
    return switch (verb) {
      case "INSERT" -> "INSERT 0 " + count;
      case "UPDATE", "DELETE", "MERGE" -> verb + " " + count;
      case "CREATE", "DROP", "ALTER", "TRUNCATE" -> {
        List<String> w = PgSql.words(sql);
        String obj = w.size() > 1 ? w.get(1).toUpperCase(Locale.ROOT) : "";
        if (obj.equals("UNIQUE") && w.size() > 2) {
          obj = w.get(2).toUpperCase(Locale.ROOT);
        }
        yield verb.equals("TRUNCATE") ? "TRUNCATE TABLE" : verb + " " + obj.replace(";", "");
      }
      case "CALL" -> "CALL";
      default -> verb.isEmpty() ? "OK" : verb;
    };
  }

  private void control(Command c, boolean describeRows) throws SQLException {
    switch (c.kind()) {
      case BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO, RELEASE, SET, SHOW -> {
        // rule 8: a COMMIT may wait for lower ranks; a refusal (MT004) keeps the block open
        TransactionBlock.Result r = block.apply(c.control());
        if (r.warning() != null) {
          notice(r.warning().getSQLState(), r.warning().getMessage());
        }
        if (c.kind() == Command.Kind.SET && "application_name".equals(c.name())) {
          out.parameterStatus("application_name", block.settings().get("application_name"));
        }
        if (r.isQuery()) {
          if (describeRows) {
            out.begin('T').int16(r.columns().size());
            r.columns().forEach(this::textColumn);
            out.end();
          }
          for (List<String> row : r.rows()) {
            dataRow(row.toArray(new String[0]));
          }
        }
      }
      case FUNCTION -> {
        String v = switch (c.name()) {
          case "version" -> "PostgreSQL " + ServerImpl.SERVER_VERSION + " (CoAgent "
              + ServerImpl.VERSION + ", MTPO)";
          case "current_database" -> server.databases().nameOf(conn);
          case "current_schema" -> "public";
          case "pg_backend_pid" -> Integer.toString(pid);
          default -> agent == null ? "operator" : agent;
        };
        if (describeRows) {
          out.begin('T').int16(1);
          textColumn(c.name());
          out.end();
        }
        dataRow(v);
      }
      case RESET -> {
        // RESET ALL / DISCARD ALL (what pools send on check-in) restore every setting; RESET name
        // restores one, as SET name = DEFAULT does. Other DISCARD forms have nothing to drop.
        if (c.name().equals("all")) {
          block.resetSettings();
        } else if (!c.name().isEmpty() && !c.name().equals("plans")
            && !c.name().equals("sequences") && !c.name().equals("temp")
            && !c.name().equals("temporary")) {
          block.apply(new Control(Control.Kind.SET, c.name(), null));
        }
      }
      case LISTEN, UNLISTEN -> {
        // Notifications always arrive on channel "coagent"; LISTEN is accepted so clients that
        // issue it (node-postgres, psycopg) work unchanged.
      }
      case EMPTY -> {
        if (describeRows) {
          emptyDescription(c);
        }
      }
      case SQL -> throw new IllegalStateException("SQL is not a control command");
    }
  }

  private void emptyDescription(Command c) {
    List<String> cols = c.emptyColumns();
    out.begin('T').int16(cols.size());
    for (String col : cols) {
      textColumn(col);
    }
    out.end();
  }

  private void textColumn(String name) {
    out.cstring(name).int32(0).int16(0).int32(PgType.TEXT.oid).int16(-1).int32(-1).int16(0);
  }

  private void dataRow(String... vs) {
    out.begin('D').int16(vs.length);
    for (String v : vs) {
      if (v == null) {
        out.int32(-1);
      } else {
        byte[] b = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.int32(b.length).bytes(b);
      }
    }
    out.end();
  }

  private void rowDescription(Prepared p, Portal portal) throws SQLException {
    Command c = p.command;
    if (c.kind() == Command.Kind.SHOW || c.kind() == Command.Kind.FUNCTION) {
      out.begin('T').int16(c.resultColumns().size());
      c.resultColumns().forEach(this::textColumn);
      out.end();
      return;
    }
    if (c.kind() == Command.Kind.EMPTY) {
      emptyDescription(c);
      return;
    }
    List<SqlColumn> cols = p.statement == null ? null : columns(p.statement);
    if (cols == null) {
      out.begin('n').end(); // NoData
      return;
    }
    rowDescription(cols, portal, p.pgNames);
  }

  /** Matches the planner's name of an unnamed result column. */
  private static final java.util.regex.Pattern UNNAMED = java.util.regex.Pattern.compile(
      "EXPR\\$\\d+");

  private void rowDescription(List<SqlColumn> cols, Portal portal) {
    rowDescription(cols, portal, portal == null ? null : portal.prepared.pgNames);
  }

  private void rowDescription(List<SqlColumn> cols, Portal portal, List<String> pgNames) {
    int n = cols.size();
    out.begin('T').int16(n);
    for (int i = 1; i <= n; i++) {
      PgType t = PgType.of(cols.get(i - 1));
      String label = cols.get(i - 1).label();
      if (label == null || UNNAMED.matcher(label).matches()) {
        String pg = pgNames != null && pgNames.size() == n ? pgNames.get(i - 1) : null;
        label = pg == null ? io.coagent.sql.PgColumnNames.UNNAMED : pg; // PostgreSQL's name
      }
      // Unquoted names come back folded to upper case: PostgreSQL's clients expect them lower.
      out.cstring(label.equals(label.toUpperCase(Locale.ROOT)) ? label.toLowerCase(Locale.ROOT)
              : label)
          .int32(0).int16(0).int32(t.oid).int16(t.size).int32(-1)
          .int16(portal != null && portal.binary(i - 1) ? 1 : 0);
    }
    out.end();
  }

  // ---------------------------------------------------------------- errors

  private void extendedError(SQLException e) {
    error(e);
    skipToSync = true;
  }

  private void extendedError(SqlState state, String message) {
    error(state.code(), message);
    skipToSync = true;
  }

  private void error(SQLException e) {
    error(stateOf(e), e.getMessage() == null ? e.toString() : e.getMessage());
  }

  private static String stateOf(SQLException e) {
    String s = e.getSQLState();
    return s == null || s.length() != 5 ? SqlState.INTERNAL_ERROR.code() : s;
  }

  private void error(String state, String message) {
    out.response('E', "ERROR", state, message);
  }

  private void notice(String state, String message) {
    out.response('N', "WARNING", state, message);
  }

  private void fatal(SqlState state, String message) {
    fatal(state.code(), message);
  }

  private void fatal(String state, String message) {
    if (out == null || socket.isClosed()) {
      return;
    }
    try {
      out.response('E', "FATAL", state, message);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // the client is gone; the session ends either way
    }
  }

  private void cleanup() {
    for (Portal p : portals.values()) {
      p.close();
    }
    portals.clear();
    statements.clear();
    if (conn != null) {
      try {
        if (block != null && block.inBlock()) {
          // A dropped connection ends its transaction block as PostgreSQL does: rolled back.
          conn.rollback();
        } else if (agent != null) {
          // The session layer gives a new agent its place in the order at connect; a session
          // that ends without using it must not leave an empty trajectory holding higher ranks'
          // commits back until its lease expires.
          Trajectory t = conn.session().visible();
          if (t != null && t.operations().isEmpty()) {
            conn.rollback();
          }
        }
        conn.close();
        server.databases().forget(conn);
      } catch (SQLException | RuntimeException e) {
        // the trajectory is the agent's; close only drops this pipe
      }
    }
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
    server.ended(this);
  }
}
