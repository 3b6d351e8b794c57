package io.coagent.samples.sim;

/** What one agent (or, summed, one trial) spent and suffered. Not thread-safe: one owner at a time. */
public final class AgentStats {
  public long tokens;
  /** Tokens of re-judge inferences (MTPO) and of redone inferences (MTPO redo, OCC/2PL restart). */
  public long rejudgeTokens;
  public long redoTokens;
  /**
   * Re-judges folded into the inference that redoes the first stale step (MTPO), and the tokens a
   * separate re-judge inference would have cost on top: the context it would have sent again plus
   * its output. Reported so the folded accounting can be compared with the unfolded one.
   */
  public int foldedRejudges;
  public long foldedContextTokens;
  public int inferences;
  public int notifications;
  public int falseNotifications;
  public int redoneSteps;
  public int replayedSteps;
  public int undoneOps;
  public int aborts;
  public int deadlocks;
  public long lockWaitNanos;
  public long commitWaitNanos;
  public boolean failed;
  public String failure;

  public void add(AgentStats o) {
    tokens += o.tokens;
    rejudgeTokens += o.rejudgeTokens;
    redoTokens += o.redoTokens;
    foldedRejudges += o.foldedRejudges;
    foldedContextTokens += o.foldedContextTokens;
    inferences += o.inferences;
    notifications += o.notifications;
    falseNotifications += o.falseNotifications;
    redoneSteps += o.redoneSteps;
    replayedSteps += o.replayedSteps;
    undoneOps += o.undoneOps;
    aborts += o.aborts;
    deadlocks += o.deadlocks;
    lockWaitNanos += o.lockWaitNanos;
    commitWaitNanos += o.commitWaitNanos;
    if (o.failed) {
      failed = true;
      failure = failure == null ? o.failure : failure;
    }
  }
}
