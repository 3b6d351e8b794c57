package io.coagent.samples.workloads;

import io.coagent.samples.sim.Workload;
import java.util.List;

/**
 * The benchmark's workloads, in report order: {@link #all()} is the main benchmark's set (the demo
 * and its targets), {@link #extra()} the workloads run by name ({@code --workloads budget}).
 */
public final class Workloads {
  private Workloads() {}

  public static List<Workload> all() {
    return List.of(new Inventory(), new Refactor(), new Canary(), new Calendar(),
        new JsonDocument(), new Blackboard());
  }

  /** Workloads outside the main set: {@link Budget}, one hot row shared by every agent. */
  public static List<Workload> extra() {
    return List.of(new Budget());
  }

  public static Workload byName(String name) {
    for (Workload w : known()) {
      if (w.name().equalsIgnoreCase(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload " + name + "; known: "
        + known().stream().map(Workload::name).toList());
  }

  private static List<Workload> known() {
    List<Workload> out = new java.util.ArrayList<>(all());
    out.addAll(extra());
    return out;
  }
}
