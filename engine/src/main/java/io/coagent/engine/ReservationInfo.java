package io.coagent.engine;

import java.time.Instant;

/**
 * A snapshot of one reservation ({@link CoStore#launch}), as {@code SYS.RESERVATIONS} lists it:
 * the agent, its reserved rank, and when the reservation's lease expires unless the agent starts,
 * heartbeats or the lease is renewed otherwise.
 */
public record ReservationInfo(String agent, long rank, Instant leaseExpires) {}
