package io.coagent.samples.sim;

import java.util.List;

/**
 * A contended multi-agent workload: its schema and seed data, one program per agent (agent i has
 * rank i in the serial order), and an invariant on the final state. The oracle is the serial run
 * of the same programs in rank order; a run is correct when its final state equals the oracle's
 * and the invariant holds. Table names are upper case; each table's first column is its key.
 */
public interface Workload {
  String name();

  /** One line: what the agents do and where they collide. */
  String summary();

  /** CREATE TABLE statements. */
  List<String> schema();

  /** The tables to reset and compare, in any order. */
  List<String> tables();

  /** Rows present before the agents start. */
  List<ToolCall.Write> seed(int agents);

  /** The agents' programs, in rank order; names do not depend on {@code seed}. */
  List<Program> programs(int agents, long seed, CostModel cost);

  /** Why the invariant fails on {@code state}, or null if it holds. */
  String invariantViolation(State state, int agents);
}
