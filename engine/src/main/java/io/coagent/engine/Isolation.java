package io.coagent.engine;

/**
 * Isolation level of a trajectory (spec section 4). MTPO is the level of agent connections; the
 * others exist for ordinary clients and as baselines for comparison, on the same store.
 *
 * <p>Non-MTPO trajectories buffer their writes and install them at commit, at a fresh rank above
 * every rank in use (commit order). They register no footprints and receive no notifications.
 */
public enum Isolation {
  /** Rules of spec section 3. */
  MTPO,
  /**
   * Strict two-phase locking: shared row and predicate locks for reads, exclusive row locks for
   * writes, all held to commit; a deadlock fails the requester with {@link ErrorCode#DEADLOCK}
   * and aborts its trajectory.
   */
  SERIALIZABLE,
  /**
   * Optimistic: reads from the snapshot committed at begin; at commit, every read is re-validated
   * against the latest committed state, and any difference aborts the trajectory with
   * {@link ErrorCode#SERIALIZATION_FAILURE}, losing all its work.
   */
  OCC,
  /** Each read sees the latest committed values; writes install at commit; last writer wins. */
  READ_COMMITTED
}
