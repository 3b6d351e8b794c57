package io.coagent.jdbc.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.Notification;
import io.coagent.engine.SqlState;
import java.sql.SQLException;

/** CoAgentException to SQLException: the engine's SQLState, message and notifications kept. */
final class Errors {
  private Errors() {}

  static SQLException of(CoAgentException e) {
    SQLException s = new SQLException(e.getMessage(), e.code().sqlState(), e);
    for (Notification n : e.notifications()) {
      s.setNextException(new SQLException(n.toString(), e.code().sqlState()));
    }
    return s;
  }

  static SQLException closed(String what) {
    return new SQLException(what + " is closed", SqlState.CONNECTION_DOES_NOT_EXIST.code());
  }
}
