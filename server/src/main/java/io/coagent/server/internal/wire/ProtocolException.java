package io.coagent.server.internal.wire;

import io.coagent.engine.SqlState;

/**
 * A client broke the wire protocol (bad length, truncated body, unknown message). The session
 * answers with a FATAL ErrorResponse carrying {@link #state()} and closes that connection only.
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient SqlState state;

  public ProtocolException(SqlState state, String message) {
    super(message);
    this.state = state;
  }

  public SqlState state() {
    return state;
  }
}
