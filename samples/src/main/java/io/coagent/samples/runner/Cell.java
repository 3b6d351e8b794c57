package io.coagent.samples.runner;

import io.coagent.samples.sim.AgentStats;
import io.coagent.samples.sim.Protocol;
import io.coagent.samples.sim.TrialResult;

/**
 * The aggregate of one workload x protocol x agent count over its trials. Ratios are of sums (the
 * protocol's total makespan over the serial runs' total makespan for the same seeds), so a long
 * trial weighs more than a short one; per-trial counts are means.
 */
public final class Cell {
  final String workload;
  final Protocol protocol;
  final int agents;
  int trials;
  long serialNanos;
  long nanos;
  long serialTokens;
  long tokens;
  long rejudgeTokens;
  long redoTokens;
  long foldedContextTokens;
  int correct;
  int serializable;
  int checkedSerializable;
  long notifications;
  long falseNotifications;
  long redone;
  long aborts;
  long deadlocks;
  long lockWaitNanos;
  long commitWaitNanos;
  String firstProblem;

  Cell(String workload, Protocol protocol, int agents) {
    this.workload = workload;
    this.protocol = protocol;
    this.agents = agents;
  }

  void add(TrialResult serial, TrialResult r, boolean ok, Boolean inSomeOrder, String problem) {
    trials++;
    serialNanos += serial.makespanNanos();
    nanos += r.makespanNanos();
    serialTokens += serial.stats().tokens;
    AgentStats s = r.stats();
    tokens += s.tokens;
    rejudgeTokens += s.rejudgeTokens;
    redoTokens += s.redoTokens;
    foldedContextTokens += s.foldedContextTokens;
    correct += ok ? 1 : 0;
    if (inSomeOrder != null) {
      checkedSerializable++;
      serializable += inSomeOrder ? 1 : 0;
    }
    notifications += s.notifications;
    falseNotifications += s.falseNotifications;
    redone += s.redoneSteps;
    aborts += s.aborts;
    deadlocks += s.deadlocks;
    lockWaitNanos += s.lockWaitNanos;
    commitWaitNanos += s.commitWaitNanos;
    if (firstProblem == null && problem != null) {
      firstProblem = problem;
    }
  }

  public String workload() {
    return workload;
  }

  public Protocol protocol() {
    return protocol;
  }

  public int agents() {
    return agents;
  }

  public int trials() {
    return trials;
  }

  public double speedup() {
    return nanos == 0 ? 0 : (double) serialNanos / nanos;
  }

  public double tokenRatio() {
    return serialTokens == 0 ? 0 : (double) tokens / serialTokens;
  }

  /**
   * The token ratio had every re-judge been an inference of its own, i.e. without folding the
   * judgement into the redo it decides on (MTPO; equal to {@link #tokenRatio} elsewhere).
   */
  public double unfoldedTokenRatio() {
    return serialTokens == 0 ? 0 : (double) (tokens + foldedContextTokens) / serialTokens;
  }

  /** Re-judge and redo tokens as fractions of the serial run's tokens. */
  public double[] extraTokenShares() {
    return serialTokens == 0 ? new double[2] : new double[] {
        (double) rejudgeTokens / serialTokens, (double) redoTokens / serialTokens};
  }

  public double correctFraction() {
    return trials == 0 ? 0 : (double) correct / trials;
  }

  /** Fraction equal to a serial run in the order the agents committed (null: not checked). */
  public Double serializableFraction() {
    return checkedSerializable == 0 ? null : (double) serializable / checkedSerializable;
  }

  private double mean(long v) {
    return trials == 0 ? 0 : (double) v / trials;
  }

  public double notifications() {
    return mean(notifications);
  }

  public double falseNotifications() {
    return mean(falseNotifications);
  }

  public double redoneSteps() {
    return mean(redone);
  }

  public double aborts() {
    return mean(aborts);
  }

  public double deadlocks() {
    return mean(deadlocks);
  }

  /** Mean per trial, in simulated seconds of inference at the run's time scale. */
  public double lockWaitSeconds(double msPerSecond) {
    return mean(lockWaitNanos) / 1e6 / msPerSecond;
  }

  public double commitWaitSeconds(double msPerSecond) {
    return mean(commitWaitNanos) / 1e6 / msPerSecond;
  }

  /** Speedup times the fraction correct: what a user gets from the parallelism. */
  public double usefulSpeedup() {
    return speedup() * correctFraction();
  }

  public String firstProblem() {
    return firstProblem;
  }
}
