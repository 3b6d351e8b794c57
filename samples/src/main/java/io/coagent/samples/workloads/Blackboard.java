package io.coagent.samples.workloads;

import io.coagent.samples.sim.CostModel;
import io.coagent.samples.sim.Env;
import io.coagent.samples.sim.Program;
import io.coagent.samples.sim.Rec;
import io.coagent.samples.sim.State;
import io.coagent.samples.sim.ToolCall;
import io.coagent.samples.sim.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A blackboard: in each group of four, a planner posts three tasks (db, ui, api) and the workers
 * each read the board, claim an open task (one matching their skill if any, else the first open
 * one), do it and report. Skills are drawn per trial, so workers collide when they share a skill.
 * In the serial order the planner posts first and lower-rank workers claim first. Invariant: no
 * worker holds two tasks, every claimed task is done by its owner, and every report names the task
 * its author owns.
 */
public final class Blackboard implements Workload {
  static final String[] SKILLS = {"db", "ui", "api"};
  static final String NOBODY = "-";

  @Override
  public String name() {
    return "blackboard";
  }

  @Override
  public String summary() {
    return "a planner posts tasks on a shared board and workers claim them (double claim)";
  }

  @Override
  public List<String> schema() {
    return List.of(Common.TICKETS, Common.NOTES,
        "CREATE TABLE TASKS (ID VARCHAR PRIMARY KEY, GRP BIGINT, SKILL VARCHAR, OWNER VARCHAR, "
            + "STATUS VARCHAR, OUTCOME VARCHAR)");
  }

  @Override
  public List<String> tables() {
    return List.of("TICKETS", "NOTES", "TASKS");
  }

  static String agent(int i) {
    return Common.name(i % 4 == 0 ? "planner" : "worker", i);
  }

  @Override
  public List<ToolCall.Write> seed(int agents) {
    List<ToolCall.Write> rows = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      rows.add(Common.ticket(agent(i), i % 4 == 0 ? "split release " + i / 4 + " into tasks"
          : "help with release " + i / 4));
    }
    return rows;
  }

  @Override
  public List<Program> programs(int agents, long seed, CostModel cost) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String me = agent(i);
      long grp = i / 4;
      var random = Common.random(seed, i);
      String skill = SKILLS[random.nextInt(SKILLS.length)];
      Program.Builder b = Program.builder(me, i % 4 == 0 ? "planner" : "worker", cost, random);
      if (i % 4 == 0) {
        List<ToolCall> post = new ArrayList<>();
        for (String s : SKILLS) {
          post.add(ToolCall.insert("TASKS", grp + "-" + s, grp, s, NOBODY, "open", ""));
        }
        b.step("plan and post the tasks", post.toArray(new ToolCall[0]))
            .step("write the plan", Common.note(me, "plan", "release " + grp + ": db, ui, api"))
            .step("review the board", ToolCall.scan("board", "TASKS").where("GRP", grp));
      } else {
        b.step("read my profile", Common.readTicket(me))
            .step("read the board", ToolCall.scan("board", "TASKS").where("GRP", grp))
            .step("claim a task", Set.of("board"), env -> {
              Rec t = pick(env, skill);
              return t == null ? List.of() : List.of(ToolCall.update("TASKS", "ID", t.str("ID"),
                  "OWNER", me, "STATUS", "claimed"));
            })
            .step("do the task", Set.of("board"), env -> {
              Rec t = pick(env, skill);
              return t == null ? List.of() : List.of(ToolCall.update("TASKS", "ID", t.str("ID"),
                  "STATUS", "done", "OUTCOME", t.str("SKILL") + " work by " + me));
            })
            .step("report", Set.of("board"), env -> {
              Rec t = pick(env, skill);
              return List.of(Common.note(me, "report", t == null ? "no open task"
                  : "finished " + t.str("ID")));
            });
      }
      out.add(b.build());
    }
    return out;
  }

  /** The open task matching {@code skill}, else the first open task, else null. */
  static Rec pick(Env env, String skill) {
    Rec first = null;
    for (Rec t : env.get("board").rows()) {
      if (t.str("OWNER").equals(NOBODY)) {
        if (t.str("SKILL").equals(skill)) {
          return t;
        }
        first = first == null ? t : first;
      }
    }
    return first;
  }

  @Override
  public String invariantViolation(State state, int agents) {
    Map<String, String> owned = new HashMap<>();
    for (Rec t : state.rows("TASKS")) {
      String owner = t.str("OWNER");
      if (owner.equals(NOBODY)) {
        continue;
      }
      if (owned.put(owner, t.str("ID")) != null) {
        return owner + " holds two tasks";
      }
      if (!t.str("STATUS").equals("done") || !t.str("OUTCOME").endsWith("by " + owner)) {
        return t.str("ID") + " is owned by " + owner + " but " + t.str("STATUS") + " / "
            + t.str("OUTCOME");
      }
    }
    for (Rec n : state.rows("NOTES")) {
      if (n.str("BODY").startsWith("finished ")
          && !n.str("BODY").substring(9).equals(owned.get(n.str("AGENT")))) {
        return n.str("AGENT") + " reports " + n.str("BODY") + " but owns "
            + owned.get(n.str("AGENT"));
      }
    }
    return null;
  }
}
