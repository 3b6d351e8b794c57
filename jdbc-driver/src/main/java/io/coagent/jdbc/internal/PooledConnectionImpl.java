package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.jdbc.CoAgentConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.PooledConnection;
import javax.sql.StatementEvent;
import javax.sql.StatementEventListener;

/**
 * The {@link PooledConnection} of {@code CoAgentConnectionPoolDataSource}: one physical
 * connection, handed out as one logical handle at a time.
 *
 * <ul>
 *   <li>{@link #getConnection()} returns a handle (a {@link CoAgentConnection}); a second call
 *       closes the previous handle (without an event) and its later use fails with 08003.
 *   <li>Closing a handle rolls back an open trajectory (auto-commit off: that is what a pool
 *       expects of a returned connection, and it aborts the agent's work as HikariCP's rollback on
 *       return does), closes the statements made through it, restores auto-commit, read-only and
 *       the isolation level to what the physical connection had when this object was made, clears
 *       the warnings and the notification listener, and then fires {@code connectionClosed}. The
 *       physical connection stays open.
 *   <li>A fatal error (SQLState class 08: the physical connection or the store under it is gone)
 *       fires {@code connectionErrorOccurred} with that exception, once; the pool should then
 *       close this object.
 *   <li>Closing a prepared statement made through a handle fires {@code statementClosed}; a fatal
 *       error in one also fires {@code statementErrorOccurred}.
 *   <li>{@link #close()} closes the handle (if any) and the physical connection.
 * </ul>
 */
public final class PooledConnectionImpl implements PooledConnection {
  private final Connection physical;
  private final boolean initialAutoCommit;
  private final boolean initialReadOnly;
  private final int initialIsolation;
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
  private final List<StatementEventListener> statementListeners = new CopyOnWriteArrayList<>();
  private Handle current;
  private boolean closed;
  private boolean errorFired;

  public PooledConnectionImpl(Connection physical) throws SQLException {
    this.physical = physical;
    this.initialAutoCommit = physical.getAutoCommit();
    this.initialReadOnly = physical.isReadOnly();
    this.initialIsolation = physical.getTransactionIsolation();
  }

  @Override
  public synchronized Connection getConnection() throws SQLException {
    if (closed) {
      throw SqlState.CONNECTION_DOES_NOT_EXIST.exception("the pooled connection is closed; ask "
          + "the CoAgentConnectionPoolDataSource for a new one with getPooledConnection()");
    }
    if (current != null) {
      current.invalidate();
    }
    current = new Handle();
    return current.proxy;
  }

  @Override
  public synchronized void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      current.invalidate();
      current = null;
    }
    physical.close();
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener listener) {
    if (listener != null) {
      listeners.add(listener);
    }
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void addStatementEventListener(StatementEventListener listener) {
    if (listener != null) {
      statementListeners.add(listener);
    }
  }

  @Override
  public void removeStatementEventListener(StatementEventListener listener) {
    statementListeners.remove(listener);
  }

  /** Class 08: the physical connection (or the store, or the server) is gone. */
  private static boolean fatal(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }

  private void fireError(SQLException e) {
    synchronized (this) {
      if (errorFired) {
        return;
      }
      errorFired = true;
    }
    ConnectionEvent event = new ConnectionEvent(this, e);
    for (ConnectionEventListener l : listeners) {
      l.connectionErrorOccurred(event);
    }
  }

  /** Unwraps reflection and reports fatal errors; returns what to throw. */
  private Throwable failure(InvocationTargetException ite, PreparedStatement statement) {
    Throwable t = ite.getCause();
    if (t instanceof SQLException e && fatal(e)) {
      if (statement != null) {
        StatementEvent event = new StatementEvent(this, statement, e);
        for (StatementEventListener l : statementListeners) {
          l.statementErrorOccurred(event);
        }
      }
      fireError(e);
    }
    return t;
  }

  /** One logical connection: a proxy over the physical one. */
  private final class Handle implements InvocationHandler {
    final CoAgentConnection proxy = (CoAgentConnection) Proxy.newProxyInstance(
        PooledConnectionImpl.class.getClassLoader(), new Class<?>[] {CoAgentConnection.class},
        this);
    private final List<Statement> statements = new ArrayList<>();
    private volatile boolean open = true;

    /** Closed by a newer handle or by the pooled connection's close: no event, no reset. */
    void invalidate() {
      open = false;
    }

    @Override
    public Object invoke(Object p, Method m, Object[] args) throws Throwable {
      switch (m.getName()) {
        case "close":
          if (args == null) {
            closeHandle();
            return null;
          }
          break;
        case "isClosed":
          if (args == null) {
            return !open || physical.isClosed();
          }
          break;
        case "isValid":
          if (!open) {
            return false;
          }
          break;
        case "equals":
          return p == args[0];
        case "hashCode":
          return System.identityHashCode(p);
        case "toString":
          return "CoAgent pooled handle " + Integer.toHexString(System.identityHashCode(p))
              + (open ? "" : " (closed)") + " of " + physical;
        case "unwrap":
          if (((Class<?>) args[0]).isInstance(p)) {
            return p;
          }
          break;
        case "isWrapperFor":
          if (((Class<?>) args[0]).isInstance(p)) {
            return true;
          }
          break;
        default:
          break;
      }
      if (!open) {
        throw closedError();
      }
      Object result;
      try {
        result = m.invoke(physical, args);
      } catch (InvocationTargetException e) {
        throw failure(e, null);
      }
      if (result instanceof Statement s) {
        return track(m.getReturnType(), s);
      }
      return result;
    }

    static SQLException closedError() {
      return SqlState.CONNECTION_DOES_NOT_EXIST.exception("this pooled connection handle is "
          + "closed (by close(), or because the pool handed out a newer handle of the same "
          + "pooled connection); get a new connection from the pool");
    }

    private Object track(Class<?> iface, Statement s) {
      Object sp = Proxy.newProxyInstance(PooledConnectionImpl.class.getClassLoader(),
          new Class<?>[] {iface}, new StatementHandle(this, s));
      synchronized (statements) {
        statements.add(s);
      }
      return sp;
    }

    private void closeHandle() throws SQLException {
      synchronized (PooledConnectionImpl.this) {
        if (!open) {
          return;
        }
        open = false;
        if (current == this) {
          current = null;
        }
      }
      try {
        List<Statement> toClose;
        synchronized (statements) {
          toClose = new ArrayList<>(statements);
          statements.clear();
        }
        for (Statement s : toClose) {
          s.close();
        }
        CoAgentConnection c = physical.unwrap(CoAgentConnection.class);
        if (!physical.getAutoCommit() && c.trajectoryId().isPresent()) {
          physical.rollback();
        }
        if (physical.getAutoCommit() != initialAutoCommit) {
          physical.setAutoCommit(initialAutoCommit);
        }
        if (physical.isReadOnly() != initialReadOnly) {
          physical.setReadOnly(initialReadOnly);
        }
        if (physical.getTransactionIsolation() != initialIsolation) {
          physical.setTransactionIsolation(initialIsolation);
        }
        physical.clearWarnings();
        if (c.agent() != null || !initialAutoCommit) {
          c.setNotificationListener(null); // an operator in auto-commit mode has none
        }
      } catch (SQLException e) {
        if (fatal(e)) {
          fireError(e);
          return;
        }
        throw e;
      }
      ConnectionEvent event = new ConnectionEvent(PooledConnectionImpl.this);
      for (ConnectionEventListener l : listeners) {
        l.connectionClosed(event);
      }
    }
  }

  /** A statement made through a handle: its connection is the handle. */
  private final class StatementHandle implements InvocationHandler {
    private final Handle handle;
    private final Statement target;

    StatementHandle(Handle handle, Statement target) {
      this.handle = handle;
      this.target = target;
    }

    @Override
    public Object invoke(Object p, Method m, Object[] args) throws Throwable {
      switch (m.getName()) {
        case "getConnection":
          return handle.proxy;
        case "equals":
          return p == args[0];
        case "hashCode":
          return System.identityHashCode(p);
        case "toString":
          return target.toString();
        case "unwrap":
          if (((Class<?>) args[0]).isInstance(p)) {
            return p;
          }
          break;
        case "close":
        case "isClosed":
          break;
        default:
          if (!handle.open) {
            throw Handle.closedError();
          }
          break;
      }
      Object result;
      try {
        result = m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw failure(e, p instanceof PreparedStatement ps ? ps : null);
      }
      if (m.getName().equals("close") && args == null) {
        synchronized (handle.statements) {
          handle.statements.remove(target);
        }
        if (p instanceof PreparedStatement ps) {
          StatementEvent event = new StatementEvent(PooledConnectionImpl.this, ps);
          for (StatementEventListener l : statementListeners) {
            l.statementClosed(event);
          }
        }
      }
      return result;
    }
  }
}
