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
 * One hot row shared by the whole team, at every agent count: the team's compute budget. Every
 * agent reads its task and the one {@code BUDGET} row, decides whether its job fits in what is
 * left, and if so spends its cost (read-modify-write of the row) and books it in the ledger, then
 * reports. Unlike the other workloads, whose shared rows come in groups of four agents, here every
 * agent contends with every other, so the number of agents a write invalidates grows with the
 * count. The budget covers about 60% of the requests, so in rank order the first agents are funded
 * and the later ones find too little left (or only room for a cheaper job). Invariant: the budget
 * left equals the initial budget minus the ledger's spends, and is never negative.
 */
public final class Budget implements Workload {
  @Override
  public String name() {
    return "budget";
  }

  @Override
  public String summary() {
    return "every agent read-modify-writes one team budget row (one hot row for all agents)";
  }

  @Override
  public List<String> schema() {
    return List.of(Common.TICKETS, Common.NOTES,
        "CREATE TABLE BUDGET (ID VARCHAR PRIMARY KEY, LEFT_UNITS BIGINT)",
        "CREATE TABLE SPENDS (ID VARCHAR PRIMARY KEY, AGENT VARCHAR, UNITS BIGINT)");
  }

  @Override
  public List<String> tables() {
    return List.of("TICKETS", "NOTES", "BUDGET", "SPENDS");
  }

  static String agent(int i) {
    return Common.name("job", i);
  }

  /** What agent {@code i}'s job costs: 3 to 7 units, 5 on average. */
  static long cost(int i) {
    return 3 + (i * 7L) % 5;
  }

  /** About 60% of the team's requests: 3 units per agent against 5 on average. */
  static long initial(int agents) {
    return 3L * agents;
  }

  @Override
  public List<ToolCall.Write> seed(int agents) {
    List<ToolCall.Write> rows = new ArrayList<>();
    rows.add(ToolCall.insert("BUDGET", "team", initial(agents)));
    for (int i = 0; i < agents; i++) {
      rows.add(Common.ticket(agent(i), "run job " + (i + 1) + " (" + cost(i) + " units)"));
    }
    return rows;
  }

  @Override
  public List<Program> programs(int agents, long seed, CostModel cost) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String me = agent(i);
      long units = cost(i);
      out.add(Program.builder(me, "job", cost, Common.random(seed, i))
          .step("read the job ticket", Common.readTicket(me))
          .step("check the team budget", ToolCall.get("budget", "BUDGET", "ID", "team"))
          .step("decide whether to spend", Set.of("budget"), env -> spend(env, me, units))
          .step("report the decision", Set.of("budget"), env -> List.of(Common.note(me,
              "report", fits(env, units) ? me + " spent " + units + " units"
                  : me + " is deferred: " + left(env) + " units left")))
          .build());
    }
    return out;
  }

  private static long left(Env env) {
    return env.one("budget").num("LEFT_UNITS");
  }

  private static boolean fits(Env env, long units) {
    return left(env) >= units;
  }

  private static List<ToolCall> spend(Env env, String me, long units) {
    if (!fits(env, units)) {
      return List.of(ToolCall.insert("SPENDS", me, me, 0L));
    }
    return List.of(ToolCall.update("BUDGET", "ID", "team", "LEFT_UNITS", left(env) - units),
        ToolCall.insert("SPENDS", me, me, units));
  }

  @Override
  public String invariantViolation(State state, int agents) {
    long spent = 0;
    for (Rec s : state.rows("SPENDS")) {
      spent += s.num("UNITS");
    }
    for (Rec b : state.rows("BUDGET")) {
      long left = b.num("LEFT_UNITS");
      if (left != initial(agents) - spent || left < 0) {
        return "the budget has " + left + " units left but the ledger says "
            + (initial(agents) - spent);
      }
    }
    return null;
  }
}
