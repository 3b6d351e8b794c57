package io.coagent.sql.internal.exec;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.SqlState;
import io.coagent.engine.Trajectory;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.ThreadBinding;
import io.coagent.sql.internal.schema.ScanContext;
import java.sql.SQLException;

/**
 * Runs a statement body as exactly one engine operation: begin, make it the scan context, run,
 * complete. Any failure closes the operation without completing it, which makes the engine undo
 * its partial effects, so a failed statement has no effect; the failure becomes an SQLException.
 */
final class Ops {
  private Ops() {}

  @FunctionalInterface
  interface Body<T> {
    T run(Operation op) throws SQLException;
  }

  @SuppressWarnings("try")
  static <T> T run(Trajectory t, OpKind kind, String sql, Body<T> body) throws SQLException {
    if (t == null) {
      throw new SQLException("statement needs a trajectory: " + sql, SqlState.INVALID_TRANSACTION_STATE.code());
    }
    try (Operation op = t.begin(kind, sql); ThreadBinding.Scope ctx = ScanContext.enter(op)) {
      T result = body.run(op);
      op.complete();
      return result;
    } catch (SQLException e) {
      throw e;
    } catch (CoAgentException | IllegalStateException | ClassCastException e) {
      throw SqlErrors.translate(e, sql);
    }
  }
}
