package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDBC savepoint wrapping an engine savepoint of the connection's trajectory. */
final class SavepointImpl implements Savepoint {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final io.coagent.engine.Savepoint mark;
  private final String name;
  private final int id = IDS.incrementAndGet();

  SavepointImpl(io.coagent.engine.Savepoint mark, String name) {
    this.mark = mark;
    this.name = name;
  }

  io.coagent.engine.Savepoint mark() {
    return mark;
  }

  @Override
  public int getSavepointId() throws SQLException {
    if (name != null) {
      throw new SQLException("savepoint " + name + " is named; use getSavepointName", SqlState.SAVEPOINT_EXCEPTION.code());
    }
    return id;
  }

  @Override
  public String getSavepointName() throws SQLException {
    if (name == null) {
      throw new SQLException("savepoint " + id + " is unnamed; use getSavepointId", SqlState.SAVEPOINT_EXCEPTION.code());
    }
    return name;
  }

  @Override
  public String toString() {
    return name != null ? name : "savepoint#" + id;
  }
}
