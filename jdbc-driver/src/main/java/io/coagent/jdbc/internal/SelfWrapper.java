package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.sql.Wrapper;

/** {@link Wrapper} for driver objects that wrap nothing: they unwrap to themselves only. */
interface SelfWrapper extends Wrapper {
  @Override
  default <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName(), SqlState.GENERAL_ERROR.code());
  }

  @Override
  default boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
