package io.coagent.jdbc.internal.remote;

import io.coagent.engine.SqlState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;

/**
 * A statement, result set or metadata object of a {@code jdbc:coagent://} connection: pgjdbc's
 * object behind a proxy that holds the driver's JDBC contract (docs/reference/jdbc.md, "Error
 * contract") where pgjdbc does not, the same as the embedded driver.
 *
 * <ul>
 *   <li>Closed-state rule: once the connection is closed every method but {@link #OPEN_OR_CLOSED}
 *       fails with 08003 (pgjdbc leaves a statement of a closed connection usable for its local
 *       getters); once the object itself is closed, with 55000. Checked before pgjdbc is called,
 *       so its argument checks cannot answer first with another state. Result set and parameter
 *       metadata are detached descriptions and keep working.
 *   <li>Identity: {@code getConnection()} is the CoAgent connection, {@code getStatement()} the
 *       proxy that made the result set, and every JDBC object returned is wrapped the same way, so
 *       a caller never reaches a pgjdbc object without {@code unwrap}.
 *   <li>Errors: pgjdbc's SQLExceptions keep their state; one without a state, and a runtime
 *       exception escaping pgjdbc (a null argument, pgjdbc's own bugs), becomes a SQLException of
 *       the failure's class ({@link #translate}).
 * </ul>
 *
 * <p>Threading: as pgjdbc's object; this handler holds no mutable state.
 */
final class RemoteObject implements InvocationHandler {
  /** Methods JDBC lets work on a closed object, and Object's. */
  static final Set<String> OPEN_OR_CLOSED = Set.of("close", "isClosed", "isValid", "abort",
      "unwrap", "isWrapperFor", "toString", "hashCode", "equals");

  private final Object target;
  private final Class<?> iface;
  private final Connection owner;
  private final Connection pgOwner;
  private final Object parent;

  private RemoteObject(Object target, Class<?> iface, Connection owner, Connection pgOwner,
      Object parent) {
    this.target = target;
    this.iface = iface;
    this.owner = owner;
    this.pgOwner = pgOwner;
    this.parent = parent;
  }

  /**
   * {@code value} as the caller of a method of {@code owner} (or of one of its objects,
   * {@code parent}) sees it: a JDBC object wrapped, anything else unchanged.
   */
  static Object wrap(Object value, Connection owner, Connection pgOwner, Object parent) {
    Class<?> iface = jdbcInterface(value);
    if (iface == null) {
      return value;
    }
    return Proxy.newProxyInstance(RemoteObject.class.getClassLoader(), new Class<?>[] {iface},
        new RemoteObject(value, iface, owner, pgOwner, parent));
  }

  /** The most specific java.sql interface this driver wraps {@code value} as, or null. */
  private static Class<?> jdbcInterface(Object value) {
    if (value == null || Proxy.isProxyClass(value.getClass())) {
      return null;
    }
    for (Class<?> c : new Class<?>[] {CallableStatement.class, PreparedStatement.class,
        Statement.class, ResultSet.class, DatabaseMetaData.class, ResultSetMetaData.class,
        ParameterMetaData.class}) {
      if (c.isInstance(value)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
    String name = m.getName();
    switch (name) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "CoAgent remote " + iface.getSimpleName() + " (" + target + ")";
      case "unwrap":
        return unwrap(proxy, (Class<?>) args[0]);
      case "isWrapperFor":
        return args[0] != null && (((Class<?>) args[0]).isInstance(proxy)
            || ((Class<?>) args[0]).isInstance(target));
      case "getConnection":
        if (m.getParameterCount() == 0) {
          checkOpen(name);
          return owner;
        }
        break;
      case "getStatement":
        if (m.getParameterCount() == 0 && target instanceof ResultSet) {
          checkOpen(name);
          return parent instanceof Statement ? parent : null;
        }
        break;
      default:
        break;
    }
    if (!OPEN_OR_CLOSED.contains(name) && declaresSqlException(m)) {
      checkOpen(name);
    }
    try {
      Object result = m.invoke(target, args);
      return wrap(result, owner, pgOwner, proxy);
    } catch (InvocationTargetException e) {
      throw translate(e.getCause(), iface.getSimpleName() + "." + name, args);
    }
  }

  private void checkOpen(String method) throws SQLException {
    boolean detached = target instanceof ResultSetMetaData || target instanceof ParameterMetaData;
    if (detached) {
      return;
    }
    if (pgOwner.isClosed()) {
      throw SqlState.CONNECTION_DOES_NOT_EXIST.exception("the connection to the CoAgent server "
          + "is closed, and with it this " + iface.getSimpleName() + " (" + method + "); open a "
          + "new connection with DriverManager.getConnection(\"jdbc:coagent://...\")");
    }
    boolean closed = target instanceof Statement s ? s.isClosed()
        : target instanceof ResultSet rs && rs.isClosed();
    if (closed) {
      throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception(target instanceof ResultSet
          ? "the result set is closed (by close(), or by its statement closing or executing "
              + "again); execute the query again for a new one"
          : "the statement is closed; create a new one with Connection.createStatement() or "
              + "Connection.prepareStatement(sql)");
    }
  }

  private Object unwrap(Object proxy, Class<?> wanted) throws SQLException {
    if (wanted == null) {
      throw SqlState.NULL_VALUE_NOT_ALLOWED.exception("argument iface is null; pass an "
          + "interface, e.g. unwrap(org.postgresql.PGStatement.class)");
    }
    if (wanted.isInstance(proxy)) {
      return proxy;
    }
    if (wanted.isInstance(target)) {
      return target;
    }
    throw SqlState.GENERAL_ERROR.exception("this remote " + iface.getSimpleName() + " is not a "
        + "wrapper for " + wanted.getName() + "; check with isWrapperFor first");
  }

  /** {@code t}, thrown by pgjdbc in {@code what}, as a SQLException with the state of its class. */
  static SQLException translate(Throwable t, String what, Object[] args) {
    if (t instanceof SQLException e && e.getSQLState() != null) {
      return e;
    }
    String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof SQLFeatureNotSupportedException) {
      return new SQLFeatureNotSupportedException(what + " is not supported over "
          + "jdbc:coagent:// (" + detail + "); see docs/reference/jdbc.md",
          SqlState.FEATURE_NOT_SUPPORTED.code(), t);
    }
    boolean nullArgument = args != null && Arrays.stream(args).anyMatch(a -> a == null);
    if (nullArgument && (t instanceof NullPointerException || t instanceof SQLException)) {
      return SqlState.NULL_VALUE_NOT_ALLOWED.exception(what + " was given a null argument ("
          + detail + "); pass a value", t);
    }
    if (t instanceof SQLException) {
      return SqlState.GENERAL_ERROR.exception(what + ": " + detail, t);
    }
    if (t instanceof RuntimeException && what.startsWith("ResultSet.get")) {
      // pgjdbc fails to convert the column's value (an integer read as a date, say)
      return SqlState.DATA_EXCEPTION.exception(what + " cannot read this column's value as the "
          + "requested type (" + t.getClass().getSimpleName() + ": " + detail + "); use the "
          + "getter of the column's type (ResultSetMetaData.getColumnType)", t);
    }
    if (t instanceof Error err) {
      throw err;
    }
    return SqlState.INTERNAL_ERROR.exception("internal error in pgjdbc under " + what + ": "
        + t.getClass().getSimpleName() + ": " + detail + "; please report it", t);
  }

  static boolean declaresSqlException(Method m) {
    return Arrays.stream(m.getExceptionTypes()).anyMatch(c -> c.isAssignableFrom(SQLException.class)
        || SQLException.class.isAssignableFrom(c));
  }
}
