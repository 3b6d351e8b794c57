package io.coagent.engine;

import java.time.Instant;
import java.util.List;

/** A snapshot of one logged operation, as {@code SYS.OPERATIONS} lists it. */
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
    List<WriteInfo> writes) {}
