package io.coagent.jdbc.internal.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coagent.engine.SqlState;
import io.coagent.jdbc.CoAgentConnection;
import io.coagent.jdbc.Notification;
import io.coagent.jdbc.NotificationListener;
import io.coagent.jdbc.Operation;
import io.coagent.jdbc.Row;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A {@link CoAgentConnection} to a CoAgent server: one network protocol (PostgreSQL v3, pgjdbc as
 * the transport) for every remote client. {@link Connection} methods go to the pgjdbc connection
 * unchanged (so its closed-state rules and the server's SQLStates apply); the MTPO methods are SQL
 * on the session: {@code SYS.TRAJECTORIES}, {@code SYS.OPERATIONS}, {@code SYS.NOTIFICATIONS},
 * {@code CALL SYS.ACK/UNDO}, and the server's NotificationResponse messages on channel
 * {@code coagent} (JSON, see docs/server.md).
 *
 * <p>Threading: like pgjdbc, one connection serves one thread at a time; pgjdbc serializes its
 * protocol use internally. A listener, if set, is fed by one daemon thread of this connection that
 * polls every {@link #LISTENER_POLL_MS} ms and ends with the connection.
 *
 * <p>Bounds: received notifications wait in a queue of at most {@link #QUEUE_BOUND}; past that the
 * oldest pushes are dropped (they stay pending on the server: {@link #pendingNotifications()}).
 *
 * <p>Statements, result sets and metadata are pgjdbc's, each behind a {@link RemoteObject} that
 * keeps the driver's closed-state and error rules and answers {@code getConnection()} with this
 * connection.
 */
public final class RemoteConnection implements InvocationHandler {
  static final int QUEUE_BOUND = 10_000;
  static final long LISTENER_POLL_MS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection pg;
  private final String agent;
  private final ArrayDeque<Notification> queue = new ArrayDeque<>();
  private volatile Thread listenerThread;
  private CoAgentConnection self;

  private RemoteConnection(Connection pg, String agent) {
    this.pg = pg;
    this.agent = agent;
  }

  public static boolean accepts(String url) {
    return RemoteUrl.accepts(url);
  }

  /** Opens {@code jdbc:coagent://HOST:PORT/DB}; the URL is validated before any connection. */
  public static CoAgentConnection open(String url, Properties info) throws SQLException {
    RemoteUrl u = RemoteUrl.parse(url, info);
    Connection pg;
    try {
      pg = new org.postgresql.Driver().connect(u.pgUrl(), u.pgProperties());
    } catch (SQLException e) {
      if (!u.properties().containsKey("password") && "08004".equals(e.getSQLState())) {
        throw SqlState.INVALID_PASSWORD.exception("the CoAgent server at " + u.host() + ":"
            + u.port() + " requires a password for role '" + u.properties().get("user")
            + "': pass password=... in the URL or the properties (" + e.getMessage() + ")", e);
      }
      throw e;
    }
    if (pg == null) {
      throw SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("pgjdbc refused "
          + u.pgUrl());
    }
    String agent;
    try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      String who = rs.getString(1);
      agent = "operator".equals(who) ? null : who;
    } catch (SQLException e) {
      pg.close();
      throw e;
    }
    RemoteConnection h = new RemoteConnection(pg, agent);
    h.self = (CoAgentConnection) Proxy.newProxyInstance(RemoteConnection.class.getClassLoader(),
        new Class<?>[] {CoAgentConnection.class}, h);
    return h.self;
  }

  /** Methods JDBC lets work on a closed connection (and Object's). */
  private static final java.util.Set<String> OPEN_OR_CLOSED = java.util.Set.of("close",
      "isClosed", "isValid", "abort", "unwrap", "isWrapperFor", "agent", "trajectoryId",
      "toString", "hashCode", "equals");

  @Override
  public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
    try {
      // Statements, result sets and metadata come back wrapped (RemoteObject): the same
      // closed-state and error rules as this connection's, and getConnection() is this one.
      return RemoteObject.wrap(dispatch(proxy, m, args), self, pg, null);
    } catch (SQLException e) {
      if (e.getSQLState() != null) {
        throw e;
      }
      throw boundary(m, e, args);
    } catch (RuntimeException e) {
      throw boundary(m, e, args);
    }
  }

  /** {@code t} as the exception {@code m} may throw: a SQLException with a state if it can. */
  private static Throwable boundary(Method m, Throwable t, Object[] args) {
    SQLException s = RemoteObject.translate(t, "Connection." + m.getName(), args);
    if (RemoteObject.declaresSqlException(m)) {
      boolean onlyClientInfo = java.util.Arrays.stream(m.getExceptionTypes())
          .noneMatch(c -> c.isAssignableFrom(SQLException.class));
      return onlyClientInfo ? new java.sql.SQLClientInfoException(s.getMessage(), s.getSQLState(),
          Map.of(), s) : s;
    }
    return t;
  }

  private Object dispatch(Object proxy, Method m, Object[] args) throws Throwable {
    // One closed-state rule for every method, so pgjdbc's own gaps (setTypeMap, beginRequest,
    // setClientInfo without a state ...) cannot leak through.
    if (!OPEN_OR_CLOSED.contains(m.getName()) && pg.isClosed()) {
      String msg = "the connection to the CoAgent server is closed; open a new one with "
          + "DriverManager.getConnection(\"jdbc:coagent://...\")";
      if (m.getName().equals("setClientInfo")) { // declares SQLClientInfoException only
        throw new java.sql.SQLClientInfoException(msg,
            SqlState.CONNECTION_DOES_NOT_EXIST.code(), Map.of());
      }
      throw SqlState.CONNECTION_DOES_NOT_EXIST.exception(msg);
    }
    switch (m.getName()) {
      case "agent":
        return agent;
      case "rank":
        return active("\"RANK\"");
      case "trajectoryId":
        try {
          return active("ID");
        } catch (SQLException e) {
          return Optional.empty();
        }
      case "poll":
        return poll();
      case "await":
        return await((Duration) args[0]);
      case "pendingNotifications":
        return pending();
      case "setNotificationListener":
        setListener((NotificationListener) args[0]);
        return null;
      case "heartbeat":
        call("CALL SYS.HEARTBEAT()");
        return null;
      case "acknowledge":
        call("CALL SYS.ACK(" + (long) args[0] + ")");
        return null;
      case "undo":
        call("CALL SYS.UNDO(" + (long) args[0] + ")");
        return null;
      case "operations":
        return operations();
      case "setTransactionIsolation":
        if ((int) args[0] == CoAgentConnection.TRANSACTION_MTPO) {
          return null; // a CoAgent server is MTPO already; pgjdbc does not know the constant
        }
        return invokeOn(m, args);
      case "close":
        stopListener();
        pg.close();
        return null;
      case "unwrap":
        Class<?> want = (Class<?>) args[0];
        if (want.isInstance(proxy)) {
          return proxy;
        }
        return pg.unwrap(want);
      case "isWrapperFor":
        return ((Class<?>) args[0]).isInstance(proxy) || pg.isWrapperFor((Class<?>) args[0]);
      case "toString":
        return "CoAgentConnection[remote " + pg.getMetaData().getURL() + ", agent " + agent + "]";
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        return invokeOn(m, args);
    }
  }

  private Object invokeOn(Method m, Object[] args) throws Throwable {
    if (m.getDeclaringClass() == CoAgentConnection.class) {
      // A CoAgentConnection method this remote connection does not implement yet.
      throw SqlState.FEATURE_NOT_SUPPORTED.exception("CoAgentConnection." + m.getName()
          + " is not supported on a jdbc:coagent:// connection yet");
    }
    try {
      return m.invoke(pg, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Optional<Long> active(String column) throws SQLException {
    if (agent == null) {
      return Optional.empty();
    }
    try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT " + column
        + " FROM SYS.TRAJECTORIES WHERE STATE = 'ACTIVE'")) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    }
  }

  private void call(String sql) throws SQLException {
    try (Statement s = pg.createStatement()) {
      s.execute(sql);
    }
  }

  /** Reads what the server pushed; inside a transaction pgjdbc reads only with a response. */
  private synchronized void receive() throws SQLException {
    PGNotification[] got = pg.unwrap(PGConnection.class).getNotifications();
    if (got == null || got.length == 0) {
      try (Statement s = pg.createStatement()) {
        s.execute("SHOW server_version"); // a session command: no MTPO read, no trajectory
      }
      got = pg.unwrap(PGConnection.class).getNotifications();
    }
    if (got == null) {
      return;
    }
    for (PGNotification n : got) {
      if (!"coagent".equals(n.getName())) {
        continue;
      }
      if (queue.size() >= QUEUE_BOUND) {
        queue.pollFirst();
      }
      queue.addLast(parse(n.getParameter()));
    }
  }

  private synchronized Optional<Notification> poll() throws SQLException {
    if (queue.isEmpty()) {
      receive();
    }
    return Optional.ofNullable(queue.pollFirst());
  }

  private Optional<Notification> await(Duration timeout) throws SQLException,
      InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Notification> n = poll();
      if (n.isPresent() || System.nanoTime() >= deadline) {
        return n;
      }
      Thread.sleep(Math.min(LISTENER_POLL_MS,
          Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  private void setListener(NotificationListener l) {
    stopListener();
    if (l == null) {
      return;
    }
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Optional<Notification> n = poll();
          if (n.isPresent()) {
            l.onNotification(n.get());
            continue;
          }
          Thread.sleep(LISTENER_POLL_MS);
        } catch (InterruptedException e) {
          return;
        } catch (SQLException | RuntimeException e) {
          return; // the connection closed or broke; the listener's thread ends with it
        }
      }
    }, "coagent-remote-listener");
    t.setDaemon(true);
    listenerThread = t;
    t.start();
  }

  private void stopListener() {
    Thread t = listenerThread;
    listenerThread = null;
    if (t != null) {
      t.interrupt();
    }
  }

  private List<Notification> pending() throws SQLException {
    List<Notification> out = new ArrayList<>();
    long trajectory = agent == null ? 0 : active("ID").orElse(0L);
    try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT ID, "
        + "READER_AGENT, READER_RANK, TABLE_NAME, ROW_KEY, READ_OPS, SEEN, NOW, WRITER_AGENT, "
        + "WRITER_RANK, WRITER_OP, CAUSE, \"TIME\" FROM SYS.NOTIFICATIONS WHERE STATE = 'PENDING'"
        + " ORDER BY ID")) {
      while (rs.next()) {
        List<Long> ops = new ArrayList<>();
        for (String op : rs.getString(6).split(",")) {
          if (!op.isBlank()) {
            ops.add(Long.parseLong(op.strip()));
          }
        }
        out.add(new Notification(rs.getLong(1), trajectory, rs.getString(2), rs.getLong(3),
            rs.getString(4), Row.of(objectValues(rs.getString(5))), ops,
            rs.getString(7) == null ? null : Row.of(objectValues(rs.getString(7))),
            rs.getString(8) == null ? null : Row.of(objectValues(rs.getString(8))),
            rs.getString(9),
            rs.getLong(10), rs.getLong(11), Notification.Cause.valueOf(rs.getString(12)),
            rs.getTimestamp(13).toInstant()));
      }
    }
    return out;
  }

  private List<Operation> operations() throws SQLException {
    List<Operation> out = new ArrayList<>();
    Optional<Long> t = active("ID");
    if (t.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = pg.prepareStatement("SELECT OP_ID, TRAJECTORY_ID, AGENT, "
        + "\"RANK\", SEQ, KIND, SQL_TEXT, STATE, ROWS_AFFECTED, \"TIME\" FROM SYS.OPERATIONS "
        + "WHERE TRAJECTORY_ID = ? ORDER BY SEQ")) {
      ps.setLong(1, t.get());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Operation(rs.getLong(1), rs.getLong(2), rs.getString(3),
              rs.getLong(4), rs.getLong(5), Operation.Kind.valueOf(rs.getString(6)),
              rs.getString(7), Operation.State.valueOf(rs.getString(8)), rs.getInt(9),
              rs.getTimestamp(10).toInstant(), List.of(), null));
        }
      }
    }
    return out;
  }

  /** A notification from its JSON payload (docs/server.md). */
  static Notification parse(String payload) throws SQLException {
    try {
      JsonNode n = JSON.readTree(payload);
      List<Long> ops = new ArrayList<>();
      n.get("readOperations").forEach(x -> ops.add(x.asLong()));
      JsonNode w = n.get("writer");
      JsonNode r = n.get("reader");
      return new Notification(n.get("id").asLong(), r.get("trajectory").asLong(),
          r.get("agent").asText(), r.get("rank").asLong(), n.get("table").asText(),
          Row.of(values(n.get("key"))), ops, Row.of(values(n.get("seen"))),
          Row.of(values(n.get("now"))),
          w.get("agent").asText(), w.get("rank").asLong(), w.get("operation").asLong(),
          Notification.Cause.valueOf(n.get("cause").asText()),
          Instant.parse(n.get("time").asText()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      throw SqlState.PROTOCOL_VIOLATION.exception("malformed notification payload from the "
          + "server: " + payload, e);
    }
  }

  private static Object[] values(JsonNode array) {
    if (array == null || array.isNull()) {
      return null;
    }
    Object[] out = new Object[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = value(array.get(i));
    }
    return out;
  }

  private static Object[] objectValues(String json) throws SQLException {
    try {
      JsonNode o = JSON.readTree(json);
      List<Object> out = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        out.add(value(it.next().getValue()));
      }
      return out.toArray();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw SqlState.PROTOCOL_VIOLATION.exception("malformed row JSON from the server: " + json,
          e);
    }
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.asLong() : v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.asText();
  }
}
