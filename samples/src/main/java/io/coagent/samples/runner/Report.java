package io.coagent.samples.runner;

import io.coagent.samples.sim.Protocol;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terminal report: the two-agent comparison per workload and protocol, the averages over
 * workloads with the targets, and the scaling table. Averages over workloads are plain means of the
 * per-workload ratios (each workload counts once).
 */
public final class Report {
  public static final double TARGET_SPEEDUP = 1.4;
  public static final double TARGET_TOKENS = 1.2;

  private Report() {}

  public static void print(Benchmark.Results r, PrintStream out) {
    double scale = r.config().msPerSecond();
    out.printf(Locale.ROOT, "%n== two agents, %d trials each (ratios vs serial in rank order) ==%n",
        r.config().trials());
    out.printf(Locale.ROOT, "%-11s %-6s %7s %6s %7s %6s %6s %6s %6s %6s %5s %8s %8s%n",
        "workload", "proto", "speedup", "tokens", "correct", "serial", "notif", "false", "redone",
        "aborts", "dlock", "in-stmt", "cmtwait");
    for (Cell c : cells(r, 2)) {
      Double ser = c.serializableFraction();
      out.printf(Locale.ROOT, "%-11s %-6s %6.2fx %5.2fx %6.0f%% %6s %6.2f %6.2f %6.2f %6.2f %5.2f "
              + "%7.1fs %7.1fs%n", c.workload(), c.protocol().label(), c.speedup(),
          c.tokenRatio(), 100 * c.correctFraction(),
          ser == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * ser), c.notifications(),
          c.falseNotifications(), c.redoneSteps(), c.aborts(), c.deadlocks(),
          c.lockWaitSeconds(scale), c.commitWaitSeconds(scale));
    }
    out.printf(Locale.ROOT, "%n== average over workloads, two agents ==%n");
    out.printf(Locale.ROOT, "%-6s %8s %8s %8s %10s%n", "proto", "speedup", "tokens", "correct",
        "precision");
    for (Protocol p : r.config().protocols()) {
      double[] a = average(r, p, 2);
      out.printf(Locale.ROOT, "%-6s %7.2fx %7.2fx %7.0f%% %10s%n", p.label(), a[0], a[1],
          100 * a[2], p == Protocol.MTPO ? String.format(Locale.ROOT, "%.0f%%", 100 * a[3]) : "-");
    }
    if (r.config().protocols().contains(Protocol.MTPO)) {
      double[] m = average(r, Protocol.MTPO, 2);
      out.printf(Locale.ROOT, "%ntargets (MTPO, two agents, same run): speedup %.2fx >= %.1fx %s;"
              + " correct %.0f%% = 100%% %s; tokens %.2fx <= %.1fx %s%n", m[0], TARGET_SPEEDUP,
          mark(m[0] >= TARGET_SPEEDUP), 100 * m[2], mark(m[2] == 1.0), m[1], TARGET_TOKENS,
          mark(m[1] <= TARGET_TOKENS));
      double unfolded = 0;
      int k = 0;
      for (Cell c : cells(r, 2)) {
        if (c.protocol() == Protocol.MTPO) {
          unfolded += c.unfoldedTokenRatio();
          k++;
        }
      }
      out.printf(Locale.ROOT, "MTPO tokens with every re-judge a separate inference (not folded"
          + " into the redo it decides): %.2fx%n", k == 0 ? 0 : unfolded / k);
      out.printf(Locale.ROOT, "MTPO tokens above serial, as shares of serial tokens:");
      for (Cell c : cells(r, 2)) {
        if (c.protocol() == Protocol.MTPO) {
          double[] x = c.extraTokenShares();
          out.printf(Locale.ROOT, " %s re-judge %.0f%% + redo %.0f%%;", c.workload(), 100 * x[0],
              100 * x[1]);
        }
      }
      out.println();
    }
    List<Integer> counts = r.config().agentCounts();
    if (counts.size() > 1) {
      out.printf(Locale.ROOT, "%n== scaling: average over workloads (speedup / tokens / correct) "
          + "==%n%-6s", "proto");
      for (int n : counts) {
        out.printf(Locale.ROOT, " %22s", n + " agents");
      }
      out.println();
      for (Protocol p : r.config().protocols()) {
        out.printf(Locale.ROOT, "%-6s", p.label());
        for (int n : counts) {
          double[] a = average(r, p, n);
          out.printf(Locale.ROOT, " %6.2fx %5.2fx %6.0f%%", a[0], a[1], 100 * a[2]);
        }
        out.println();
      }
    }
    printPeers(r, out);
    for (Cell c : r.cells()) {
      if ((c.protocol().ranked() || c.protocol().backend() != Protocol.Backend.EMBEDDED)
          && c.firstProblem() != null) {
        out.println(c.protocol().label() + " problem in " + c.workload() + " x" + c.agents()
            + ": " + c.firstProblem());
      }
    }
    out.printf(Locale.ROOT, "%nwall time %.0f s at %.0f ms per simulated second of inference%n",
        r.wallNanos() / 1e9, scale);
  }

  /**
   * With peers in the run: per agent count, every protocol's means over workloads of speedup,
   * tokens, correct, serializable in commit order, aborts, deadlocks and lock wait, and
   * speedup x correct; then the store-cost probe.
   */
  static void printPeers(Benchmark.Results r, PrintStream out) {
    boolean peers = r.config().protocols().stream()
        .anyMatch(p -> p.backend() != Protocol.Backend.EMBEDDED);
    double scale = r.config().msPerSecond();
    if (peers) {
      for (int n : r.config().agentCounts()) {
        out.printf(Locale.ROOT, "%n== peers, %d agents: mean over workloads ==%n", n);
        out.printf(Locale.ROOT, "%-10s %7s %6s %7s %6s %7s %6s %8s %9s%n", "proto", "speedup",
            "tokens", "correct", "serial", "aborts", "dlock", "lockwait", "speedxcor");
        for (Protocol p : r.config().protocols()) {
          double[] m = peerRow(r, p, n, scale);
          out.printf(Locale.ROOT, "%-10s %6.2fx %5.2fx %6.0f%% %6s %7.2f %6.2f %7.1fs %8.2fx%n",
              p.label(), m[0], m[1], 100 * m[2], Double.isNaN(m[3]) ? "-"
                  : String.format(Locale.ROOT, "%.0f%%", 100 * m[3]), m[4], m[5], m[6], m[7]);
        }
      }
    }
    StoreCosts.Costs k = r.costs();
    if (k != null) {
      out.printf(Locale.ROOT, "%n== store costs (probe, %d samples) ==%nnotification latency in"
              + " process, write to listener: p50 %.1f us, p99 %.1f us, max %.1f us%n",
          k.samples(), k.p50Micros(), k.p99Micros(), k.maxMicros());
      for (var e : k.statementMicros().entrySet()) {
        out.printf(Locale.ROOT, "point SELECT by key, %s: %.1f us%n", e.getKey(), e.getValue());
      }
      if (k.heap() != null) {
        out.println(k.heap().line());
      }
    }
  }

  /**
   * Means over workloads at {@code agents}: speedup, tokens, correct, serializable (NaN if not
   * checked), aborts, deadlocks, lock wait (simulated s) and speedup x correct.
   */
  public static double[] peerRow(Benchmark.Results r, Protocol p, int agents, double scale) {
    double[] sum = new double[8];
    int k = 0;
    int ser = 0;
    for (Cell c : cells(r, agents)) {
      if (c.protocol() != p) {
        continue;
      }
      k++;
      sum[0] += c.speedup();
      sum[1] += c.tokenRatio();
      sum[2] += c.correctFraction();
      if (c.serializableFraction() != null) {
        sum[3] += c.serializableFraction();
        ser++;
      }
      sum[4] += c.aborts();
      sum[5] += c.deadlocks();
      sum[6] += c.lockWaitSeconds(scale);
      sum[7] += c.usefulSpeedup();
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] = k == 0 ? 0 : sum[i] / k;
    }
    sum[3] = ser == 0 ? Double.NaN : sum[3] * k / ser;
    return sum;
  }

  private static String mark(boolean ok) {
    return ok ? "MET" : "MISSED";
  }

  static List<Cell> cells(Benchmark.Results r, int agents) {
    List<Cell> out = new ArrayList<>();
    for (Cell c : r.cells()) {
      if (c.agents() == agents) {
        out.add(c);
      }
    }
    return out;
  }

  /** Mean over workloads of speedup, token ratio, correct fraction and notification precision. */
  public static double[] average(Benchmark.Results r, Protocol p, int agents) {
    double[] sum = new double[4];
    int k = 0;
    long notif = 0;
    long falses = 0;
    for (Cell c : cells(r, agents)) {
      if (c.protocol() == p) {
        sum[0] += c.speedup();
        sum[1] += c.tokenRatio();
        sum[2] += c.correctFraction();
        notif += c.notifications;
        falses += c.falseNotifications;
        k++;
      }
    }
    if (k == 0) {
      return new double[4];
    }
    double precision = notif == 0 ? 1 : 1 - (double) falses / notif;
    return new double[] {sum[0] / k, sum[1] / k, sum[2] / k, precision};
  }
}
