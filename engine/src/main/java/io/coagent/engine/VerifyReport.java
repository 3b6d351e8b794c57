package io.coagent.engine;

import java.util.List;

/**
 * Result of the quiescence check (spec rule 10).
 *
 * @param quiescent true when no trajectory is active, no rank is reserved and nothing is pending
 * @param readsChecked recorded reads of committed trajectories that were re-run
 * @param findings reads whose serial-order result differs from what the agent saw
 */
public record VerifyReport(boolean quiescent, long readsChecked, List<Finding> findings) {
  public VerifyReport {
    findings = List.copyOf(findings);
  }

  /** One read that, re-run at its place in the serial order, returns a different result. */
  public record Finding(
      long trajectory,
      String agent,
      long rank,
      long operation,
      String table,
      String read,
      boolean acknowledged) {}

  /** Findings not excused by an acknowledged notification: each is a violation of rule 10. */
  public List<Finding> violations() {
    return findings.stream().filter(f -> !f.acknowledged()).toList();
  }

  /** Rule 10 holds: quiescent and every differing read was acknowledged. */
  public boolean ok() {
    return quiescent && violations().isEmpty();
  }
}
