package io.coagent.samples.sim;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One agent step: an inference (think time and output tokens, drawn once from the seeded cost model
 * so that every protocol pays the same for the same step) followed by the tool calls it decides.
 *
 * @param index position in the program
 * @param title what the step does, for narration
 * @param thinkSeconds simulated inference time in seconds (scaled by {@link CostModel})
 * @param outTokens tokens the inference generates
 * @param uses names of earlier reads the decision depends on (declared, as a planner would know)
 * @param decide the decision: a deterministic function of the values named in {@code uses}
 */
public record Step(int index, String title, double thinkSeconds, int outTokens, Set<String> uses,
    Function<Env, List<ToolCall>> decide) {

  public Step {
    uses = Set.copyOf(uses);
  }

  /** The tool calls this step makes given what the agent has read. */
  public List<ToolCall> calls(Env env) {
    return List.copyOf(decide.apply(env));
  }

  /** Names this step's queries store their results under. */
  public Set<String> produces(List<ToolCall> calls) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (ToolCall c : calls) {
      if (c instanceof ToolCall.Query q) {
        out.add(q.name());
      }
    }
    return out;
  }
}
