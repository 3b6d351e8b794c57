package io.coagent.engine.internal;

import io.coagent.engine.Notification;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trajectory's notification queue: notifications not yet handed out (poll/await) and those
 * not yet acknowledged.
 *
 * <p>Bound: at most {@code max} unacknowledged notifications. A notification beyond that cannot be
 * dropped silently (a missed notification is a correctness bug), so the inbox records the overflow
 * instead: the trajectory can then neither run statements nor commit, only roll back.
 *
 * <p>Concurrency: all state is guarded by this object's monitor; {@code await} waits on it.
 */
final class Inbox {
  private final int max;
  private final ArrayDeque<Notification> undelivered = new ArrayDeque<>();
  private final Map<Long, Notification> unacked = new LinkedHashMap<>();
  private int overflowCount;

  Inbox(int max) {
    this.max = max;
  }

  /** Queues {@code n}; false (and the overflow recorded) when the bound is reached. */
  synchronized boolean add(Notification n) {
    if (unacked.size() >= max) {
      overflowCount++;
      return false;
    }
    unacked.put(n.id(), n);
    undelivered.addLast(n);
    notifyAll();
    return true;
  }

  synchronized boolean overflowed() {
    return overflowCount > 0;
  }

  synchronized int limit() {
    return max;
  }

  synchronized Optional<Notification> poll() {
    return Optional.ofNullable(undelivered.pollFirst());
  }

  synchronized Optional<Notification> await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (undelivered.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, left / 1_000_000), 0);
    }
    return Optional.of(undelivered.pollFirst());
  }

  synchronized List<Notification> unacknowledged() {
    return new ArrayList<>(unacked.values());
  }

  synchronized boolean hasUnacknowledged() {
    return !unacked.isEmpty();
  }

  /** Acknowledges {@code id}; false if it is not an unacknowledged notification of this inbox. */
  synchronized boolean acknowledge(long id) {
    Notification n = unacked.remove(id);
    if (n == null) {
      return false;
    }
    undelivered.remove(n);
    return true;
  }
}
