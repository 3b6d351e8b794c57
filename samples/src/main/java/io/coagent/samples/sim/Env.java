package io.coagent.samples.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What an agent has read so far, by name. A step's decision is a deterministic function of the
 * values it names ({@link Step#uses()}), so the agent can re-evaluate a decision under a patched
 * value and see whether its plan changes.
 */
public final class Env {
  /** Thrown when a step asks for a value that has not been read yet. */
  public static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Missing(String name) {
      super("value '" + name + "' has not been read yet", null, false, false);
    }
  }

  private final Map<String, ReadResult> values;

  public Env() {
    this(new HashMap<>());
  }

  private Env(Map<String, ReadResult> values) {
    this.values = values;
  }

  public ReadResult get(String name) {
    ReadResult r = values.get(name);
    if (r == null) {
      throw new Missing(name);
    }
    return r;
  }

  /** The single row of a point read (null if the row was absent). */
  public Rec one(String name) {
    return get(name).one();
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  void put(String name, ReadResult r) {
    values.put(name, r);
  }

  void clear() {
    values.clear();
  }

  Env copy() {
    return new Env(new HashMap<>(values));
  }

  /** Names whose values differ between this and {@code other}. */
  Set<String> changed(Env other) {
    Set<String> names = new HashSet<>(values.keySet());
    names.addAll(other.values.keySet());
    names.removeIf(n -> java.util.Objects.equals(values.get(n), other.values.get(n)));
    return names;
  }
}
