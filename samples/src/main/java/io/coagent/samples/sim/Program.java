package io.coagent.samples.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A simulated agent: a name, a role and its steps. Build one with {@link #builder}; the steps'
 * think times and token counts are drawn from {@code random} as they are added, so a program with
 * the same seed costs the same under every protocol.
 */
public record Program(String agent, String role, List<Step> steps) {
  public Program {
    steps = List.copyOf(steps);
  }

  public static Builder builder(String agent, String role, CostModel cost, Random random) {
    return new Builder(agent, role, cost, random);
  }

  /** Adds steps in order. */
  public static final class Builder {
    private final String agent;
    private final String role;
    private final CostModel cost;
    private final Random random;
    private final List<Step> steps = new ArrayList<>();

    Builder(String agent, String role, CostModel cost, Random random) {
      this.agent = agent;
      this.role = role;
      this.cost = cost;
      this.random = random;
    }

    /** A step whose tool calls depend on the values named in {@code uses}. */
    public Builder step(String title, Set<String> uses, Function<Env, List<ToolCall>> decide) {
      steps.add(new Step(steps.size(), title, cost.drawThink(random), cost.drawOutput(random), uses,
          decide));
      return this;
    }

    /** A step whose tool calls depend on nothing read (private work, or a first read). */
    public Builder step(String title, ToolCall... calls) {
      List<ToolCall> fixed = List.of(calls);
      return step(title, Set.of(), env -> fixed);
    }

    public Program build() {
      return new Program(agent, role, steps);
    }
  }
}
