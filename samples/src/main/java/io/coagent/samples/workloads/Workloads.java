package io.coagent.samples.workloads;

import io.coagent.samples.sim.Workload;
import java.util.List;

/** The benchmark's workloads, in report order. */
public final class Workloads {
  private Workloads() {}

  public static List<Workload> all() {
    return List.of(new Inventory(), new Refactor(), new Canary(), new Calendar(),
        new JsonDocument(), new Blackboard());
  }

  public static Workload byName(String name) {
    for (Workload w : all()) {
      if (w.name().equalsIgnoreCase(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload " + name + "; known: "
        + all().stream().map(Workload::name).toList());
  }
}
