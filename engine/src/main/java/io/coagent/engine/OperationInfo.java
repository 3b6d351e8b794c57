package io.coagent.engine;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one logged operation, as {@code SYS.OPERATIONS} lists it; {@code annotation} is
 * the note of {@link Operation#annotate}, or null.
 */
public record OperationInfo(
    long id,
    long trajectory,
    String agent,
    long rank,
    long seq,
    OpKind kind,
    String text,
    OpState state,
    int rowsAffected,
    Instant time,
    List<WriteInfo> writes,
    String annotation) {

  /** A snapshot without an annotation. */
  public OperationInfo(long id, long trajectory, String agent, long rank, long seq, OpKind kind,
      String text, OpState state, int rowsAffected, Instant time, List<WriteInfo> writes) {
    this(id, trajectory, agent, rank, seq, kind, text, state, rowsAffected, time, writes, null);
  }
}
