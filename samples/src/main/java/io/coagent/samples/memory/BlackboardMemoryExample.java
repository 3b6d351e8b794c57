package io.coagent.samples.memory;

import java.io.PrintStream;

/**
 * Two agents sharing a {@link BlackboardMemory}: a planner (rank 1) and a researcher (rank 2).
 * The researcher recalls the goal before the planner has written it, works on a guess, is told
 * when the planner's goal lands, revises and commits; the memory ends as if the planner had gone
 * first. Run: {@code mvn -q -pl samples exec:java
 * -Dexec.mainClass=io.coagent.samples.memory.BlackboardMemoryExample}.
 */
public final class BlackboardMemoryExample {
  private BlackboardMemoryExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out, "jdbc:coagent:mem:memory-example");
  }

  /** Runs the example on the store at {@code url}; returns the researcher's final notes. */
  public static String run(PrintStream out, String url) throws Exception {
    BlackboardMemory.createIfMissing(url);
    try (BlackboardMemory planner = BlackboardMemory.open(url, "planner", 1);
        BlackboardMemory researcher = BlackboardMemory.open(url, "researcher", 2)) {
      String goal = researcher.recall("goal").orElse("(no goal yet)");
      out.println("researcher recalls goal: " + goal);
      researcher.remember("notes", "surveyed options for " + goal);

      planner.remember("goal", "cut p99 latency of the search API");
      out.println("planner remembers goal (rank 1: before the researcher in the order)");
      planner.commit();

      for (BlackboardMemory.Change c : researcher.changes()) {
        out.println("researcher is told: " + c.topic() + " changed from " + c.before() + " to "
            + c.after() + " by " + c.author());
        researcher.remember("notes", "surveyed options for " + c.after());
        researcher.acknowledge(c);
      }
      String notes = researcher.recallAll().get("notes");
      researcher.commit();
      out.println("memory after both turns: notes = " + notes);
      return notes;
    }
  }
}
