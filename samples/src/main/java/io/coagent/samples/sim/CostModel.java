package io.coagent.samples.sim;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The inference cost model of the simulated agents.
 *
 * <p>Think time per step is log-normal (median {@code medianThinkSeconds}, shape {@code sigma}),
 * clipped to [1.5 s, 30 s]; output tokens are uniform in [200, 500]. An inference costs the
 * agent's current context plus its output, and the output joins the context, as do tool results
 * and notifications: later steps (and redos) cost more. A re-judge of notifications is a short
 * inference ({@code rejudgeSeconds}, 60 output tokens). Time is scaled: one simulated second
 * sleeps {@code msPerSecond} milliseconds (0: no sleeping, for oracles and warm-up).
 */
public record CostModel(double msPerSecond, double medianThinkSeconds, double sigma,
    double rejudgeSeconds, int baseContextTokens, int notificationTokens) {

  /** The benchmark's model at the given time scale. */
  public static CostModel standard(double msPerSecond) {
    return new CostModel(msPerSecond, 6.0, 0.5, 1.5, 1500, 40);
  }

  public CostModel withScale(double ms) {
    return new CostModel(ms, medianThinkSeconds, sigma, rejudgeSeconds, baseContextTokens,
        notificationTokens);
  }

  double drawThink(Random r) {
    double s = medianThinkSeconds * Math.exp(sigma * r.nextGaussian());
    return Math.max(1.5, Math.min(30.0, s));
  }

  int drawOutput(Random r) {
    return 200 + r.nextInt(301);
  }

  int rejudgeOutput() {
    return 60;
  }

  /** Sleeps for {@code seconds} of simulated inference. */
  void sleep(double seconds) throws InterruptedException {
    long nanos = (long) (seconds * msPerSecond * 1_000_000L);
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }
}
