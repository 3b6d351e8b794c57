package io.coagent.engine;

import java.util.List;

/**
 * The one exception type of the engine API. Its message names the object at fault (table, column,
 * agent, rank, operation id) and what to do about it; {@link #code()} classifies it.
 *
 * <p>A failed call never leaves a partial effect behind: a statement that fails half way has its
 * writes undone before this exception reaches the caller.
 */
public final class CoAgentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient List<Notification> notifications;

  public CoAgentException(ErrorCode code, String message) {
    this(code, message, List.of(), null);
  }

  public CoAgentException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), cause);
  }

  public CoAgentException(ErrorCode code, String message, List<Notification> notifications) {
    this(code, message, notifications, null);
  }

  private CoAgentException(
      ErrorCode code, String message, List<Notification> notifications, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.notifications = List.copyOf(notifications);
  }

  public ErrorCode code() {
    return code;
  }

  /** For {@link ErrorCode#NOTIFICATIONS_PENDING}: the notifications that blocked the commit. */
  public List<Notification> notifications() {
    return notifications == null ? List.of() : notifications;
  }
}
