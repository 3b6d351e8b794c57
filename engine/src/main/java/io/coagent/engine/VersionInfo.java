package io.coagent.engine;

import java.time.Instant;

/**
 * One version of one row, as history queries return it.
 *
 * @param table the table
 * @param key the row key
 * @param versionId store-unique id of the version
 * @param values the row after the write; null for a delete (tombstone)
 * @param trajectory the writing trajectory
 * @param agent its agent
 * @param rank its rank (for non-MTPO levels: the rank its commit took)
 * @param isolation its isolation level
 * @param operation the writing operation's id
 * @param sqlText the writing statement
 * @param created when the version was written (installed, for non-MTPO levels)
 * @param undone when it was undone (undo, rollback, abort), or null while it stands
 * @param trajectoryState the writer's state now
 */
public record VersionInfo(
    String table,
    Key key,
    long versionId,
    Object[] values,
    long trajectory,
    String agent,
    long rank,
    Isolation isolation,
    long operation,
    String sqlText,
    Instant created,
    Instant undone,
    TrajectoryState trajectoryState) {

  public boolean isDelete() {
    return values == null;
  }
}
