package io.coagent.samples.sim;

import java.sql.SQLException;
import java.util.List;
import java.util.TreeMap;

/**
 * A simulated LLM agent running its {@link Program} through the JDBC driver under one protocol.
 *
 * <p>Design: the base class owns what every protocol shares: the token and time accounting of an
 * inference ({@link #infer}), running a step's tool calls and recording what they read and wrote
 * ({@link #execute}), and commit. Subclasses decide what happens around that: nothing
 * ({@link PlainAgent}: serial and naive), restart the whole trajectory on an abort
 * ({@link RestartingAgent}: OCC and 2PL), or consume notifications and repair only the dependent
 * steps ({@link MtpoAgent}). An agent is used by one thread for one trial.
 */
public abstract class Agent {
  protected final Program program;
  protected final AgentSession session;
  protected final CostModel cost;
  protected final Timeline timeline;
  protected final int lane;
  protected final AgentStats stats = new AgentStats();
  protected final Env env = new Env();
  /** Executed steps by index (the newest execution of each). */
  protected final TreeMap<Integer, StepRecord> done = new TreeMap<>();
  protected final boolean trackOperations;
  private long context;
  private long committedAt = Long.MAX_VALUE;

  protected Agent(Program program, AgentSession session, CostModel cost, Timeline timeline,
      int lane, boolean trackOperations) {
    this.program = program;
    this.session = session;
    this.cost = cost;
    this.timeline = timeline;
    this.lane = lane;
    this.trackOperations = trackOperations;
    this.context = cost.baseContextTokens();
  }

  public String name() {
    return program.agent();
  }

  /** When the agent's trajectory committed ({@code System.nanoTime()}), MAX_VALUE if it did not. */
  public long committedAt() {
    return committedAt;
  }

  /** Runs the program to commit; never throws: a failure is recorded in the stats. */
  public final AgentStats run() {
    try {
      body();
    } catch (Exception | AssertionError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      stats.failed = true;
      stats.failure = name() + ": " + e;
      session.abortQuietly(); // release the rank (or locks) so the others can finish
      timeline.instant(lane, name(), Timeline.Kind.ABORT, "fails: " + e.getMessage());
    }
    stats.lockWaitNanos += session.takeStatementNanos();
    return stats;
  }

  protected abstract void body() throws Exception;

  /** Pays for one inference of {@code step} (as a first try, or again as a redo). */
  protected void infer(Step step, Timeline.Kind kind) throws InterruptedException {
    long start = timeline.now();
    stats.tokens += context + step.outTokens();
    if (kind == Timeline.Kind.REDO) {
      stats.redoTokens += context + step.outTokens();
    }
    stats.inferences++;
    context += step.outTokens();
    cost.sleep(step.thinkSeconds());
    timeline.interval(lane, name(), kind, start,
        kind == Timeline.Kind.REDO ? "redoes '" + step.title() + "'" : step.title());
  }

  /** Pays for re-judging {@code notifications} notifications in one short inference. */
  protected void rejudge(int notifications) throws InterruptedException {
    long start = timeline.now();
    context += (long) notifications * cost.notificationTokens();
    stats.tokens += context + cost.rejudgeOutput();
    stats.rejudgeTokens += context + cost.rejudgeOutput();
    stats.inferences++;
    context += cost.rejudgeOutput();
    cost.sleep(cost.rejudgeSeconds());
    timeline.interval(lane, name(), Timeline.Kind.REJUDGE, start,
        "re-judges " + notifications + " notification(s)");
  }

  /**
   * Pays for one inference that judges {@code notifications} notifications and re-plans
   * {@code step} together: the notifications and the step share one prompt, so the context is paid
   * once, and the output holds both the judgement and the step's new tool calls. Used when the
   * judgement changes an executed step: the agent would otherwise send the same context twice in
   * a row, once to decide that the step is stale and once to redo it. The time is both
   * inferences' (conservative: the judgement is not assumed to come for free).
   */
  protected void rejudgeAndRedo(Step step, int notifications) throws InterruptedException {
    long start = timeline.now();
    context += (long) notifications * cost.notificationTokens();
    long paid = context + cost.rejudgeOutput() + step.outTokens();
    stats.tokens += paid;
    stats.rejudgeTokens += cost.rejudgeOutput();
    stats.redoTokens += paid - cost.rejudgeOutput();
    stats.foldedRejudges++;
    stats.foldedContextTokens += context + cost.rejudgeOutput();
    stats.inferences++;
    context += cost.rejudgeOutput() + step.outTokens();
    cost.sleep(cost.rejudgeSeconds() + step.thinkSeconds());
    timeline.interval(lane, name(), Timeline.Kind.REDO, start, "judges " + notifications
        + " notification(s), redoes '" + step.title() + "'");
  }

  /** Runs a step's tool calls; their results join the agent's values and its context. */
  protected StepRecord execute(Step step, List<ToolCall> calls) throws SQLException {
    StepRecord rec = new StepRecord(step, calls);
    for (ToolCall c : calls) {
      if (c instanceof ToolCall.Query q) {
        ReadResult r = session.query(q);
        env.put(q.name(), r);
        context += r.tokens();
        if (trackOperations) {
          long op = session.lastOperation();
          rec.ops.add(op);
          rec.queryOps.put(op, q.name());
        }
        timeline.instant(lane, name(), Timeline.Kind.READ, "reads " + q + " -> " + r);
      } else {
        ToolCall.Write w = (ToolCall.Write) c;
        session.write(w);
        context += 20;
        if (trackOperations) {
          rec.ops.add(session.lastOperation());
        }
        timeline.instant(lane, name(), Timeline.Kind.WRITE, w.toString());
      }
    }
    done.put(step.index(), rec);
    return rec;
  }

  /** Runs every step from the first, once each, in order. */
  protected void runSteps(Timeline.Kind kind) throws Exception {
    for (Step step : program.steps()) {
      infer(step, kind);
      execute(step, step.calls(env));
    }
  }

  protected void commit() throws SQLException {
    long start = timeline.now();
    long t = System.nanoTime();
    try {
      session.connection().commit();
    } finally {
      stats.commitWaitNanos += System.nanoTime() - t;
    }
    committedAt = System.nanoTime();
    timeline.interval(lane, name(), Timeline.Kind.COMMIT_WAIT, start, "commit");
    timeline.instant(lane, name(), Timeline.Kind.COMMIT, "commits");
  }

  /** Forgets everything of an aborted trajectory; the restart's context holds the error. */
  protected void resetForRestart() {
    env.clear();
    done.clear();
    context = cost.baseContextTokens() + 100L;
  }
}
