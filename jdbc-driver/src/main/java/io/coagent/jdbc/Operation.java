package io.coagent.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One logged operation of a trajectory, as {@link CoAgentConnection#operations()} and {@code
 * SYS.OPERATIONS} list it: a snapshot, immutable.
 *
 * @param id the operation id, the argument of {@link CoAgentConnection#undo} and {@code SYS.UNDO}
 * @param trajectory its trajectory
 * @param agent its trajectory's agent
 * @param rank its trajectory's rank
 * @param seq its position in the trajectory (1, 2, ...)
 * @param kind what kind of statement it is
 * @param text the statement's SQL text
 * @param state whether it is applied, undone, ...
 * @param rowsAffected rows it wrote (0 for a query)
 * @param time when it ran
 * @param writes the rows it wrote, with their images before and after
 * @param annotation the note attached to it, or null
 */
public record Operation(
    long id,
    long trajectory,
    String agent,
    long rank,
    long seq,
    Kind kind,
    String text,
    State state,
    int rowsAffected,
    Instant time,
    List<Write> writes,
    String annotation) {

  /** What kind of statement an operation is. */
  public enum Kind {
    QUERY,
    INSERT,
    UPDATE,
    DELETE,
    UPSERT,
    OTHER
  }

  /** The state of an operation in the log. */
  public enum State {
    /** Still executing. */
    RUNNING,
    /** Completed; its writes are visible. */
    APPLIED,
    /** Undone (UNDO, a savepoint rollback or an abort); its versions are ignored. */
    UNDONE,
    /** Failed; its partial effects were removed before the error reached the caller. */
    FAILED
  }

  /**
   * One row an operation wrote: its image before, at the operation's place in the order, and
   * after (null: absent or deleted).
   */
  public record Write(String table, Row key, Row before, Row after) {
    public Write {
      Objects.requireNonNull(key, "key");
    }
  }

  public Operation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    writes = List.copyOf(writes);
  }
}
