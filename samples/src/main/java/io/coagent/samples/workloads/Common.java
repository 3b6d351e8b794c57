package io.coagent.samples.workloads;

import io.coagent.samples.sim.ToolCall;
import java.util.Random;

/**
 * Tables and helpers every workload shares: {@code TICKETS} holds each agent's private task
 * description (its first read, which nobody else writes), {@code NOTES} the reports and messages
 * agents leave (keyed by agent and purpose, so they never collide).
 */
final class Common {
  static final String TICKETS =
      "CREATE TABLE TICKETS (ID VARCHAR PRIMARY KEY, AGENT VARCHAR, BODY VARCHAR)";
  static final String NOTES =
      "CREATE TABLE NOTES (ID VARCHAR PRIMARY KEY, AGENT VARCHAR, BODY VARCHAR)";

  private Common() {}

  /** Agent names carry their rank: {@code orders-2} is the agent at rank 2. */
  static String name(String role, int index) {
    return role + "-" + (index + 1);
  }

  /** The agent's private random source for trial {@code seed}. */
  static Random random(long seed, int index) {
    return new Random(seed * 1_000_003L + index * 7919L + 17);
  }

  static ToolCall.Write ticket(String agent, String body) {
    return ToolCall.insert("TICKETS", agent, agent, body);
  }

  static ToolCall.Query readTicket(String agent) {
    return ToolCall.get("ticket", "TICKETS", "ID", agent);
  }

  static ToolCall.Write note(String agent, String purpose, String body) {
    return ToolCall.insert("NOTES", agent + "/" + purpose, agent, body);
  }
}
