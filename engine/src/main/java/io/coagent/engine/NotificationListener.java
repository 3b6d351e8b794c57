package io.coagent.engine;

/**
 * Callback for new notifications. Called on the store's single dispatcher thread, never on the
 * writer's thread, in delivery order per trajectory; a slow listener delays only other listeners.
 * Exceptions thrown by a listener are swallowed (the notification stays pending).
 */
@FunctionalInterface
public interface NotificationListener {
  void onNotification(Notification notification);
}
