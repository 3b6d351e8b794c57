package io.coagent.samples.sim;

/**
 * Runs its steps once and commits, with no repair: the serial baseline (when agents run one after
 * another) and the naive READ COMMITTED protocol (when they run at once, last writer wins).
 */
public final class PlainAgent extends Agent {
  public PlainAgent(Program program, AgentSession session, CostModel cost, Timeline timeline,
      int lane) {
    super(program, session, cost, timeline, lane, false);
  }

  @Override
  protected void body() throws Exception {
    runSteps(Timeline.Kind.INFER);
    commit();
  }
}
