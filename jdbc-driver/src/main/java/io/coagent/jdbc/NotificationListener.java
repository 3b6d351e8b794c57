package io.coagent.jdbc;

/**
 * Callback for new notifications of a connection's agent ({@link
 * CoAgentConnection#setNotificationListener}). Embedded, it is called on the store's single
 * dispatcher thread (never the writer's), in delivery order per trajectory; remotely, on the
 * connection's listener thread. Exceptions it throws are swallowed: the notification stays pending
 * and is still listed by {@link CoAgentConnection#pendingNotifications()}.
 */
@FunctionalInterface
public interface NotificationListener {
  void onNotification(Notification notification);
}
