package io.coagent.samples.workloads;

import io.coagent.samples.sim.CostModel;
import io.coagent.samples.sim.Env;
import io.coagent.samples.sim.Program;
import io.coagent.samples.sim.Rec;
import io.coagent.samples.sim.State;
import io.coagent.samples.sim.ToolCall;
import io.coagent.samples.sim.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Kubernetes-style canary copying a deployment that another agent is repairing. In each group
 * of four, the first agent reads the crash-looping deployment {@code svc-g} and its logs and rolls
 * it to the next patch image; the others each create a canary of {@code svc-g} in their region with
 * the deployment's image, route 10% of traffic to it and announce it. In the serial order the
 * repair comes first, so canaries must run the fixed image. Invariant: every canary runs its base
 * deployment's image, and every base deployment is healthy.
 */
public final class Canary implements Workload {
  @Override
  public String name() {
    return "canary";
  }

  @Override
  public String summary() {
    return "canaries copy the image of a deployment another agent is repairing";
  }

  @Override
  public List<String> schema() {
    return List.of(Common.TICKETS, Common.NOTES,
        "CREATE TABLE DEPLOYMENTS (NAME VARCHAR PRIMARY KEY, BASE VARCHAR, IMAGE VARCHAR, "
            + "REPLICAS BIGINT, STATUS VARCHAR)",
        "CREATE TABLE LOGS (SVC VARCHAR PRIMARY KEY, BODY VARCHAR)",
        "CREATE TABLE ROUTES (NAME VARCHAR PRIMARY KEY, TARGET VARCHAR, WEIGHT BIGINT)");
  }

  @Override
  public List<String> tables() {
    return List.of("TICKETS", "NOTES", "DEPLOYMENTS", "LOGS", "ROUTES");
  }

  static String agent(int i) {
    return Common.name(i % 4 == 0 ? "sre" : "canary", i);
  }

  @Override
  public List<ToolCall.Write> seed(int agents) {
    List<ToolCall.Write> rows = new ArrayList<>();
    for (int g = 0; g * 4 < agents; g++) {
      rows.add(ToolCall.insert("DEPLOYMENTS", "svc-" + g, "-", "svc-" + g + ":1.4.0", 6L,
          "crashloop"));
      rows.add(ToolCall.insert("LOGS", "svc-" + g, "OOMKilled: 1.4.0 leaks connections"));
    }
    for (int i = 0; i < agents; i++) {
      rows.add(Common.ticket(agent(i), i % 4 == 0 ? "svc-" + i / 4 + " is crash-looping"
          : "start a canary of svc-" + i / 4 + " in region r" + i));
    }
    return rows;
  }

  @Override
  public List<Program> programs(int agents, long seed, CostModel cost) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String me = agent(i);
      String svc = "svc-" + i / 4;
      Program.Builder b = Program.builder(me, i % 4 == 0 ? "sre" : "canary", cost,
          Common.random(seed, i));
      b.step("read the ticket", Common.readTicket(me))
          .step("describe " + svc, ToolCall.get("dep", "DEPLOYMENTS", "NAME", svc));
      if (i % 4 == 0) {
        b.step("read the crash logs", ToolCall.get("logs", "LOGS", "SVC", svc))
            .step("roll out the fix", Set.of("dep", "logs"), env -> List.of(ToolCall.update(
                "DEPLOYMENTS", "NAME", svc, "IMAGE", patched(env), "STATUS", "healthy")))
            .step("write the postmortem", Set.of("dep"), env -> List.of(Common.note(me,
                "postmortem", svc + " rolled to " + patched(env))));
      } else {
        String canary = svc + "-canary-r" + i;
        b.step("create " + canary, Set.of("dep"), env -> List.of(ToolCall.insert("DEPLOYMENTS",
                canary, svc, env.one("dep").str("IMAGE"), 1L, "canary")))
            .step("route 10% of traffic to it", ToolCall.insert("ROUTES", "route-r" + i, canary,
                10L))
            .step("announce the canary", Set.of("dep"), env -> List.of(Common.note(me, "announce",
                canary + " runs " + env.one("dep").str("IMAGE") + " with 10% of traffic")));
      }
      out.add(b.build());
    }
    return out;
  }

  /** The next patch version of the deployment's image. */
  static String patched(Env env) {
    String image = env.one("dep").str("IMAGE");
    int dot = image.lastIndexOf('.');
    return image.substring(0, dot + 1) + (Integer.parseInt(image.substring(dot + 1)) + 1);
  }

  @Override
  public String invariantViolation(State state, int agents) {
    for (Rec d : state.rows("DEPLOYMENTS")) {
      if (d.str("BASE").equals("-")) {
        if (!d.str("STATUS").equals("healthy")) {
          return d.str("NAME") + " is still " + d.str("STATUS");
        }
        continue;
      }
      Rec base = state.row("DEPLOYMENTS", d.str("BASE"));
      if (base == null || !base.str("IMAGE").equals(d.str("IMAGE"))) {
        return d.str("NAME") + " runs " + d.str("IMAGE") + " but its base runs "
            + (base == null ? "nothing" : base.str("IMAGE"));
      }
    }
    return null;
  }
}
