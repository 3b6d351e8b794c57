package io.coagent.engine;

import java.time.Instant;

/**
 * What {@link CoStore#compactHistory(Instant)} removed.
 *
 * @param cutoff the bound: answers for this time and later are unchanged
 * @param versionsRemoved row versions no current reader and no time-travel read at or after the
 *     cutoff can see
 * @param operationsRemoved log entries of trajectories that ended before the cutoff and wrote no
 *     surviving version
 * @param trajectoriesRemoved trajectories that ended before the cutoff with nothing left
 * @param notificationsRemoved notifications to trajectories that ended before the cutoff
 */
public record CompactionReport(Instant cutoff, long versionsRemoved, long operationsRemoved,
    long trajectoriesRemoved, long notificationsRemoved) {}
