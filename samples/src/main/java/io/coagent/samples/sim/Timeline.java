package io.coagent.samples.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The events of one run, for the timeline chart and the demo's narration: inferences (intervals)
 * and reads, writes, notifications, undos and commits (instants), per agent lane. Thread-safe.
 */
public final class Timeline {
  /** What happened. */
  public enum Kind {
    INFER, REJUDGE, REDO, COMMIT_WAIT, READ, WRITE, NOTIFIED, UNDO, COMMIT, ABORT, NOTE
  }

  /** One event; {@code endNanos == startNanos} for instants. Times are from the run's start. */
  public record Event(int lane, String agent, Kind kind, long startNanos, long endNanos,
      String text) {}

  private volatile long t0 = System.nanoTime();
  private final List<Event> events = new ArrayList<>();
  private final Consumer<Event> narrator;

  public Timeline() {
    this(null);
  }

  /** {@code narrator} (may be null) receives every event as it is recorded. */
  public Timeline(Consumer<Event> narrator) {
    this.narrator = narrator;
  }

  /** Makes times count from now (the runner calls it when it releases the agents). */
  public void markStart() {
    t0 = System.nanoTime();
  }

  public long now() {
    return System.nanoTime() - t0;
  }

  public void interval(int lane, String agent, Kind kind, long start, String text) {
    add(new Event(lane, agent, kind, start, now(), text));
  }

  public void instant(int lane, String agent, Kind kind, String text) {
    long t = now();
    add(new Event(lane, agent, kind, t, t, text));
  }

  private void add(Event e) {
    synchronized (events) {
      events.add(e);
    }
    if (narrator != null) {
      synchronized (narrator) {
        narrator.accept(e);
      }
    }
  }

  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
