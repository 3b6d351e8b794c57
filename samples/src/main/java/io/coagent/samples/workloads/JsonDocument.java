package io.coagent.samples.workloads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coagent.samples.sim.CostModel;
import io.coagent.samples.sim.Env;
import io.coagent.samples.sim.Program;
import io.coagent.samples.sim.Rec;
import io.coagent.samples.sim.State;
import io.coagent.samples.sim.ToolCall;
import io.coagent.samples.sim.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Agents editing sections of one JSON document, with a summary that depends on all of them. Up to
 * four agents share each design document; each drafts its own section and writes the document
 * back (read-modify-write of the whole JSON text, as a file-editing tool does); the last agent of
 * the group then writes a summary listing every section. Invariant: every document holds the
 * section of each agent of its group, and its summary lists exactly the sections it holds.
 */
public final class JsonDocument implements Workload {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SECTIONS = {"api", "storage", "security", "rollout"};

  @Override
  public String name() {
    return "jsondoc";
  }

  @Override
  public String summary() {
    return "agents edit sections of one JSON document; the last one summarizes all sections";
  }

  @Override
  public List<String> schema() {
    return List.of(Common.TICKETS, Common.NOTES,
        "CREATE TABLE DOCS (ID VARCHAR PRIMARY KEY, BODY VARCHAR)");
  }

  @Override
  public List<String> tables() {
    return List.of("TICKETS", "NOTES", "DOCS");
  }

  static String agent(int i) {
    return Common.name("writer", i);
  }

  private static boolean summarizes(int i, int agents) {
    return i % 4 == 3 || i == agents - 1;
  }

  @Override
  public List<ToolCall.Write> seed(int agents) {
    List<ToolCall.Write> rows = new ArrayList<>();
    for (int g = 0; g * 4 < agents; g++) {
      rows.add(ToolCall.insert("DOCS", "doc-" + g, write(Map.of("title", "design " + g))));
    }
    for (int i = 0; i < agents; i++) {
      rows.add(Common.ticket(agent(i), "draft the " + SECTIONS[i % 4] + " section of doc-" + i / 4
          + ": " + "keep it short ".repeat(1 + i % 3).trim()));
    }
    return rows;
  }

  @Override
  public List<Program> programs(int agents, long seed, CostModel cost) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String me = agent(i);
      String doc = "doc-" + i / 4;
      String section = SECTIONS[i % 4];
      Program.Builder b = Program.builder(me, "writer", cost, Common.random(seed, i))
          .step("read the ticket", Common.readTicket(me))
          .step("open " + doc, ToolCall.get("doc", "DOCS", "ID", doc))
          .step("draft the " + section + " section")
          .step("save the " + section + " section", Set.of("doc", "ticket"), env -> List.of(
              ToolCall.update("DOCS", "ID", doc, "BODY", write(edited(env, section)))));
      if (summarizes(i, agents)) {
        b.step("write the summary", Set.of("doc", "ticket"), env -> {
          Map<String, String> d = edited(env, section);
          d.put("summary", summary(d));
          return List.of(ToolCall.update("DOCS", "ID", doc, "BODY", write(d)));
        });
      } else {
        b.step("note the change", Common.note(me, "changelog", "drafted " + section));
      }
      out.add(b.build());
    }
    return out;
  }

  /** The document as read, with this agent's section drafted from its ticket. */
  private static Map<String, String> edited(Env env, String section) {
    Map<String, String> d = read(env.one("doc").str("BODY"));
    d.put(section, env.one("ticket").str("BODY").replaceFirst("^draft the ", ""));
    return d;
  }

  static String summary(Map<String, String> d) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> e : d.entrySet()) {
      if (!e.getKey().equals("title") && !e.getKey().equals("summary")) {
        parts.add(e.getKey() + " (" + e.getValue().split(" ").length + " words)");
      }
    }
    return String.join(", ", parts);
  }

  static Map<String, String> read(String body) {
    try {
      return new TreeMap<>(JSON.readValue(body, new TypeReference<Map<String, String>>() { }));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a JSON document: " + body, e);
    }
  }

  static String write(Map<String, String> doc) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String invariantViolation(State state, int agents) {
    for (Rec row : state.rows("DOCS")) {
      Map<String, String> d = read(row.str("BODY"));
      int g = Integer.parseInt(row.str("ID").substring(4));
      for (int i = g * 4; i < Math.min(agents, g * 4 + 4); i++) {
        if (!d.containsKey(SECTIONS[i % 4])) {
          return row.str("ID") + " lost the " + SECTIONS[i % 4] + " section";
        }
      }
      if (!summary(d).equals(d.get("summary"))) {
        return row.str("ID") + " summary '" + d.get("summary") + "' does not match its sections";
      }
    }
    return null;
  }
}
