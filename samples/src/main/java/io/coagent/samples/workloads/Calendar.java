package io.coagent.samples.workloads;

import io.coagent.samples.sim.CostModel;
import io.coagent.samples.sim.Env;
import io.coagent.samples.sim.Program;
import io.coagent.samples.sim.Rec;
import io.coagent.samples.sim.State;
import io.coagent.samples.sim.ToolCall;
import io.coagent.samples.sim.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Calendar booking without double-booking. Four agents share each meeting room (hours 9 to 16);
 * each reads the room's slots, books the first free hour in its preference list (everyone's first
 * choice is the popular 10:00, the rest is the agent's own seeded order), sends the invite and
 * confirms to its requester. In the serial order, lower ranks book first. Invariant: every invite's
 * slot is booked by the invite's sender, and no slot has two invites.
 */
public final class Calendar implements Workload {
  static final String FREE = "-";

  @Override
  public String name() {
    return "calendar";
  }

  @Override
  public String summary() {
    return "agents book the first free slot of a shared room (double booking)";
  }

  @Override
  public List<String> schema() {
    return List.of(Common.TICKETS, Common.NOTES,
        "CREATE TABLE SLOTS (SLOT VARCHAR PRIMARY KEY, ROOM VARCHAR, START_HOUR BIGINT, "
            + "BOOKED_BY VARCHAR)",
        "CREATE TABLE INVITES (ID VARCHAR PRIMARY KEY, SLOT VARCHAR, ATTENDEES VARCHAR)");
  }

  @Override
  public List<String> tables() {
    return List.of("TICKETS", "NOTES", "SLOTS", "INVITES");
  }

  static String room(int i) {
    return String.valueOf((char) ('A' + i / 4));
  }

  static String agent(int i) {
    return Common.name("scheduler", i);
  }

  @Override
  public List<ToolCall.Write> seed(int agents) {
    List<ToolCall.Write> rows = new ArrayList<>();
    for (int i = 0; i < agents; i += 4) {
      for (long h = 9; h <= 16; h++) {
        rows.add(ToolCall.insert("SLOTS", room(i) + "-" + (h < 10 ? "0" : "") + h, room(i), h,
            FREE));
      }
    }
    for (int i = 0; i < agents; i++) {
      rows.add(Common.ticket(agent(i), "book room " + room(i) + " for team " + i));
    }
    return rows;
  }

  @Override
  public List<Program> programs(int agents, long seed, CostModel cost) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String me = agent(i);
      Random r = Common.random(seed, i);
      List<Long> prefs = new ArrayList<>(List.of(9L, 11L, 12L, 13L, 14L, 15L, 16L));
      Collections.shuffle(prefs, r);
      prefs.add(0, 10L);
      String team = "team-" + i;
      out.add(Program.builder(me, "scheduler", cost, r)
          .step("read the meeting request", Common.readTicket(me))
          .step("list room " + room(i), ToolCall.scan("slots", "SLOTS").where("ROOM", room(i)))
          .step("book a slot", Set.of("slots"), env -> book(env, me, prefs))
          .step("send the invite", Set.of("slots"), env -> {
            Rec s = choice(env, prefs);
            return s == null ? List.of() : List.of(ToolCall.insert("INVITES", me, s.str("SLOT"),
                team));
          })
          .step("confirm to the requester", Set.of("slots"), env -> {
            Rec s = choice(env, prefs);
            return List.of(Common.note(me, "confirm", s == null ? "room " + room(0) + " is full"
                : team + " meets at " + s.num("START_HOUR") + ":00 in " + s.str("ROOM")));
          })
          .build());
    }
    return out;
  }

  /** The first free slot in preference order, or null. */
  static Rec choice(Env env, List<Long> prefs) {
    for (long h : prefs) {
      for (Rec s : env.get("slots").rows()) {
        if (s.num("START_HOUR") == h && s.str("BOOKED_BY").equals(FREE)) {
          return s;
        }
      }
    }
    return null;
  }

  private static List<ToolCall> book(Env env, String me, List<Long> prefs) {
    Rec s = choice(env, prefs);
    return s == null ? List.of() : List.of(ToolCall.update("SLOTS", "SLOT", s.str("SLOT"),
        "BOOKED_BY", me));
  }

  @Override
  public String invariantViolation(State state, int agents) {
    Set<String> seen = new HashSet<>();
    for (Rec inv : state.rows("INVITES")) {
      Rec slot = state.row("SLOTS", inv.str("SLOT"));
      if (!seen.add(inv.str("SLOT"))) {
        return "slot " + inv.str("SLOT") + " has two invites";
      }
      if (slot == null || !slot.str("BOOKED_BY").equals(inv.str("ID"))) {
        return inv.str("ID") + " invited to " + inv.str("SLOT") + " but it is booked by "
            + (slot == null ? "nobody" : slot.str("BOOKED_BY"));
      }
    }
    return null;
  }
}
