package io.coagent.samples.sim;

import io.coagent.engine.SqlState;
import io.coagent.jdbc.Notification;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An agent under MTPO: it never blocks on another agent's inference and never loses its work.
 *
 * <p>Design: before each inference, and before each commit attempt, it drains its notifications
 * and judges the batch in one inference (unless every notification in it names only reads the
 * agent has already undone: those are dropped mechanically). For each notification it patches the
 * affected reads with the row the notification says they would see now, and asks whether that
 * changes any decision ({@link PlanCheck#changes}); if not, the notification was a false positive
 * for this agent. If some executed step's decision changed, it undoes (newest first) only the
 * operations of those steps and of the later steps that depend on them ({@link PlanCheck#closure}),
 * then redoes those steps in order, paying an inference only for a step whose tool calls actually
 * differ (an unchanged step is re-issued as recorded). The judgement is a short inference of its
 * own when nothing executed changes (a false positive, or only steps not yet run are affected);
 * when an executed step changes, it is the same inference as that step's redo
 * ({@link Agent#rejudgeAndRedo}). Then it acknowledges the batch. Commit
 * blocks until every lower rank has ended; if it fails with MT004 (a notification arrived), the
 * agent handles it and commits again. Every loop is bounded.
 */
public final class MtpoAgent extends Agent {
  /** Commit attempts before giving up (each failed attempt handled a notification). */
  public static final int MAX_COMMIT_ATTEMPTS = 1000;
  private static final int MAX_BATCH = 10_000;

  public MtpoAgent(Program program, AgentSession session, CostModel cost, Timeline timeline,
      int lane) {
    super(program, session, cost, timeline, lane, true);
  }

  @Override
  protected void body() throws Exception {
    for (Step step : program.steps()) {
      consumeNotifications();
      infer(step, Timeline.Kind.INFER);
      execute(step, step.calls(env));
    }
    for (int attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      consumeNotifications();
      try {
        commit();
        return;
      } catch (SQLException e) {
        if (!SqlState.NOTIFICATIONS_PENDING.code().equals(e.getSQLState())) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(name() + " could not commit in " + MAX_COMMIT_ATTEMPTS
        + " attempts");
  }

  /** The value name a live query operation of ours stored its result under, or null. */
  private String queryName(long op) {
    for (StepRecord r : done.values()) {
      String n = r.queryOps.get(op);
      if (n != null) {
        return n;
      }
    }
    return null;
  }

  void consumeNotifications() throws SQLException, InterruptedException {
    List<Notification> batch = new ArrayList<>();
    for (int i = 0; i < MAX_BATCH; i++) {
      var n = session.co().poll();
      if (n.isEmpty()) {
        break;
      }
      batch.add(n.get());
    }
    if (batch.isEmpty()) {
      return;
    }
    int judged = 0;
    for (Notification n : batch) {
      judged += n.readOperations().stream().anyMatch(op -> queryName(op) != null) ? 1 : 0;
    }
    boolean planChanged = false;
    for (Notification n : batch) {
      Env before = env.copy();
      boolean live = false;
      for (long op : n.readOperations()) {
        String name = queryName(op);
        if (name != null) {
          live = true;
          env.put(name, env.get(name).patched(n.key().get(0), array(n.now())));
        }
      }
      boolean matters = live && PlanCheck.changes(program, done, before, env);
      stats.notifications++;
      if (!matters) {
        stats.falseNotifications++;
      }
      planChanged |= matters;
      timeline.instant(lane, name(), Timeline.Kind.NOTIFIED, "notified: " + n.table() + " "
          + keyText(n.key()) + " " + Rec.image(array(n.seen())) + " -> "
          + Rec.image(array(n.now())) + " by "
          + n.writerAgent() + " (op " + n.writerOperation() + ", " + n.cause() + "); "
          + (matters ? "changes its plan" : "changes none of its decisions"));
    }
    // A batch naming only reads already undone needs no judgement. Otherwise the judgement is an
    // inference of its own, unless it changes an executed step: then it shares one prompt with
    // the redo of the first stale step (see repair).
    if (!(planChanged && repair(judged)) && judged > 0) {
      rejudge(judged);
    }
    for (Notification n : batch) {
      session.co().acknowledge(n.id());
    }
  }

  /**
   * Undoes the stale steps and their dependents, newest operation first, and redoes them. The
   * first step redone is always stale (the closure only adds later steps), so it needs a new
   * inference: that inference also judges the {@code judged} notifications, and happens before
   * the undo, as the agent must decide before it acts. Returns whether it judged them, i.e.
   * whether some executed step was stale.
   */
  private boolean repair(int judged) throws SQLException, InterruptedException {
    TreeSet<Integer> redo = PlanCheck.closure(done, PlanCheck.stale(done, env));
    if (redo.isEmpty()) {
      return false; // only steps not yet run depend on the change: they will use the new value
    }
    Step first = program.steps().get(redo.first());
    rejudgeAndRedo(first, judged);
    stats.redoneSteps++;
    Map<Integer, List<ToolCall>> previous = new HashMap<>();
    java.util.TreeMap<Long, ToolCall> ops = new java.util.TreeMap<>(
        java.util.Comparator.reverseOrder());
    for (int i : redo) {
      StepRecord r = done.remove(i);
      previous.put(i, r.calls);
      for (int k = 0; k < r.ops.size(); k++) {
        ops.put(r.ops.get(k), r.calls.get(k));
      }
    }
    for (Map.Entry<Long, ToolCall> op : ops.entrySet()) { // newest first
      session.co().undo(op.getKey());
      stats.undoneOps++;
      timeline.instant(lane, name(), Timeline.Kind.UNDO, "undoes op " + op.getKey() + ": "
          + op.getValue());
    }
    for (int i : redo) {
      Step step = program.steps().get(i);
      List<ToolCall> calls = step.calls(env);
      if (step == first) {
        assert !calls.equals(previous.get(i)) : "the first redone step must be stale";
      } else if (calls.equals(previous.get(i))) {
        stats.replayedSteps++;
      } else {
        infer(step, Timeline.Kind.REDO);
        stats.redoneSteps++;
      }
      execute(step, calls);
    }
    return true;
  }

  /** A key as the narration prints it: the value of a one-column key, else the list. */
  private static String keyText(List<Object> key) {
    return key.size() == 1 ? String.valueOf(key.get(0)) : key.toString();
  }

  /** A notification's row image as the simulation's arrays; null stays null (absent row). */
  private static Object[] array(List<Object> row) {
    return row == null ? null : row.toArray();
  }
}
