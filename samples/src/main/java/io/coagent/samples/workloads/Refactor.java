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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refactor vs new code: the stale read. In each group of four agents, the first renames
 * {@code fetch_g} to {@code load_g} in {@code util_g.py} and in every caller it finds; the others
 * each write a new module that imports the function, after reading {@code util_g.py} to learn its
 * name. In the serial order the rename comes first, so new modules must import {@code load_g}.
 * Invariant: every {@code from util_g import X} names a function {@code util_g.py} defines.
 */
public final class Refactor implements Workload {
  private static final Pattern DEF = Pattern.compile("def (\\w+)\\(");
  private static final Pattern IMPORT = Pattern.compile("from (util_\\d+) import (\\w+)");

  @Override
  public String name() {
    return "refactor";
  }

  @Override
  public String summary() {
    return "one agent renames a function while others write modules that import it (stale read)";
  }

  @Override
  public List<String> schema() {
    return List.of(Common.TICKETS, Common.NOTES,
        "CREATE TABLE FILES (PATH VARCHAR PRIMARY KEY, BODY VARCHAR)");
  }

  @Override
  public List<String> tables() {
    return List.of("TICKETS", "NOTES", "FILES");
  }

  static String agent(int i) {
    return Common.name(i % 4 == 0 ? "refactor" : "coder", i);
  }

  @Override
  public List<ToolCall.Write> seed(int agents) {
    List<ToolCall.Write> rows = new ArrayList<>();
    for (int g = 0; g * 4 < agents; g++) {
      rows.add(ToolCall.insert("FILES", "util_" + g + ".py",
          "def fetch_" + g + "(url):\n    return http_get(url)\n"));
      rows.add(ToolCall.insert("FILES", "app_" + g + ".py",
          "from util_" + g + " import fetch_" + g + "\n\nprint(fetch_" + g + "('/health'))\n"));
    }
    for (int i = 0; i < agents; i++) {
      rows.add(Common.ticket(agent(i), i % 4 == 0 ? "rename fetch_" + i / 4 + " to load_" + i / 4
          : "add a report module that uses util_" + i / 4));
    }
    return rows;
  }

  @Override
  public List<Program> programs(int agents, long seed, CostModel cost) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String me = agent(i);
      int g = i / 4;
      String util = "util_" + g + ".py";
      Program.Builder b = Program.builder(me, i % 4 == 0 ? "refactor" : "coder", cost,
          Common.random(seed, i));
      b.step("read the ticket", Common.readTicket(me))
          .step("open " + util, ToolCall.get("util", "FILES", "PATH", util));
      if (i % 4 == 0) {
        String from = "fetch_" + g;
        String to = "load_" + g;
        b.step("grep the repository for " + from,
                ToolCall.scan("files", "FILES").containing("BODY", from))
            .step("rename the definition", Set.of("util"), env -> List.of(ToolCall.update(
                "FILES", "PATH", util, "BODY", env.one("util").str("BODY").replace(from, to))))
            .step("update the callers", Set.of("files"), env -> callers(env, util, from, to))
            .step("write the changelog", Set.of("files"), env -> List.of(Common.note(me,
                "changelog", "renamed " + from + " to " + to + " in " + paths(env, util, from))));
      } else {
        String module = "report_" + i + ".py";
        b.step("write " + module, Set.of("util"), env -> List.of(ToolCall.insert("FILES", module,
                "from util_" + g + " import " + defined(env.one("util")) + "\n\ndef report():\n"
                    + "    return " + defined(env.one("util")) + "('/metrics')\n")))
            .step("write its tests", ToolCall.insert("FILES", "test_report_" + i + ".py",
                "from report_" + i + " import report\n\ndef test_report():\n    assert report()\n"))
            .step("open a pull request", Common.note(me, "pr", "adds " + module));
      }
      out.add(b.build());
    }
    return out;
  }

  static String defined(Rec file) {
    Matcher m = DEF.matcher(file.str("BODY"));
    return m.find() ? m.group(1) : "missing";
  }

  private static List<ToolCall> callers(Env env, String util, String from, String to) {
    List<ToolCall> calls = new ArrayList<>();
    for (Rec f : env.get("files").rows()) {
      if (!f.str("PATH").equals(util) && f.str("BODY").contains(from)) {
        calls.add(ToolCall.update("FILES", "PATH", f.str("PATH"), "BODY",
            f.str("BODY").replace(from, to)));
      }
    }
    return calls;
  }

  private static List<String> paths(Env env, String util, String from) {
    List<String> out = new ArrayList<>();
    for (Rec f : env.get("files").rows()) {
      if (!f.str("PATH").equals(util) && f.str("BODY").contains(from)) {
        out.add(f.str("PATH"));
      }
    }
    return out;
  }

  @Override
  public String invariantViolation(State state, int agents) {
    for (Rec f : state.rows("FILES")) {
      Matcher m = IMPORT.matcher(f.str("BODY"));
      while (m.find()) {
        Rec util = state.row("FILES", m.group(1) + ".py");
        if (util == null || !defined(util).equals(m.group(2))) {
          return f.str("PATH") + " imports " + m.group(2) + " which " + m.group(1)
              + ".py does not define";
        }
      }
    }
    return null;
  }
}
