package io.coagent.samples.sim;

import io.coagent.engine.SqlState;
import java.sql.SQLException;

/**
 * OCC and strict 2PL: run every step, commit; when the store aborts the trajectory (OCC validation
 * failure 40001, deadlock victim 40P01, lock timeout 55P03) roll back and start the whole program
 * again, paying every inference again. Under 2PL the locks taken by reads are held through the
 * following inferences, so the time other agents spend blocked in statements is lock waiting.
 */
public final class RestartingAgent extends Agent {
  /** Restarts allowed before the agent gives up (the trial then counts as incorrect). */
  public static final int MAX_RESTARTS = 64;

  public RestartingAgent(Program program, AgentSession session, CostModel cost, Timeline timeline,
      int lane) {
    super(program, session, cost, timeline, lane, false);
  }

  @Override
  protected void body() throws Exception {
    for (int attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
      try {
        runSteps(attempt == 0 ? Timeline.Kind.INFER : Timeline.Kind.REDO);
        commit();
        return;
      } catch (SQLException e) {
        String state = String.valueOf(e.getSQLState());
        SqlState known = SqlState.of(state);
        if (known == SqlState.DEADLOCK_DETECTED) {
          stats.deadlocks++;
        } else if (known != SqlState.SERIALIZATION_FAILURE
            && known != SqlState.LOCK_NOT_AVAILABLE) {
          throw e;
        }
        stats.aborts++;
        timeline.instant(lane, name(), Timeline.Kind.ABORT, "aborted (" + state + "), restarts");
        session.abortQuietly();
        resetForRestart();
      }
    }
    throw new IllegalStateException(name() + " gave up after " + MAX_RESTARTS + " restarts");
  }
}
