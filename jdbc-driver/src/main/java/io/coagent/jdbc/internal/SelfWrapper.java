package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper} for driver objects that wrap nothing: they unwrap to themselves only. Both
 * methods work on closed objects too (JDBC exempts them from the closed-state rule).
 */
interface SelfWrapper extends Wrapper {
  @Override
  default <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface == null) {
      throw AbstractStatement.notNull("iface");
    }
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("this " + getClass().getSimpleName() + " is not a wrapper for "
        + iface.getName() + "; check with isWrapperFor first", SqlState.GENERAL_ERROR.code());
  }

  @Override
  default boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }
}
