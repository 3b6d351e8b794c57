package io.coagent.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * MTPO rule 5, as a client sees it: a lower-rank writer changed a value that this agent's active
 * trajectory had already read. Immutable, including its row values ({@link Row}); its
 * acknowledgement state lives in the store ({@code SYS.NOTIFICATIONS}, {@link
 * CoAgentConnection#acknowledge}). The same type arrives from an embedded store and, over the
 * wire protocol, from a server ({@code jdbc:coagent://}).
 *
 * @param id store-wide unique id, the argument of {@link CoAgentConnection#acknowledge} and
 *     {@code SYS.ACK}
 * @param readerTrajectory the notified trajectory
 * @param readerAgent the notified agent
 * @param readerRank the notified trajectory's rank
 * @param table the table of the changed row
 * @param key the changed row's primary key values, in key order
 * @param readOperations ids of the reader's operations whose reads the change affects
 * @param seen the row the reader's first affected read saw just before this change (null: absent)
 * @param now the row that read would see now (null: absent)
 * @param writerAgent agent of the lower-rank trajectory that caused the change
 * @param writerRank its rank (always below {@code readerRank})
 * @param writerOperation the writing, undone or aborted operation
 * @param cause whether a write, an undo or an abort caused the change
 * @param time when the change happened
 */
public record Notification(
    long id,
    long readerTrajectory,
    String readerAgent,
    long readerRank,
    String table,
    Row key,
    List<Long> readOperations,
    Row seen,
    Row now,
    String writerAgent,
    long writerRank,
    long writerOperation,
    Cause cause,
    Instant time) {

  /** What the lower-rank trajectory did. */
  public enum Cause {
    WRITE,
    UNDO,
    ABORT
  }

  public Notification {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(cause, "cause");
    readOperations = List.copyOf(readOperations);
  }

  @Override
  public String toString() {
    return "Notification#" + id + "[" + table + " key " + key + " changed by " + writerAgent
        + " (rank " + writerRank + ", op " + writerOperation + ", " + cause + "); affects ops "
        + readOperations + " of " + readerAgent + " (rank " + readerRank + ")]";
  }
}
