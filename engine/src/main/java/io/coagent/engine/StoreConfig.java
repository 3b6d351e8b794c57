package io.coagent.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a store is opened and the bounds it enforces. Every growing structure has a bound here; a
 * call that would exceed one fails with {@link ErrorCode#LIMIT_EXCEEDED} naming the setting.
 *
 * @param path the MVStore file, or null for a purely in-memory store
 * @param durability when an acknowledged operation reaches the disk (file mode only)
 * @param defaultCommitTimeout how long {@link Trajectory#commit()} waits for lower ranks
 * @param maxCommitTimeout upper bound on any commit wait
 * @param maxPendingNotifications unacknowledged notifications one trajectory may hold
 * @param maxReadsPerTrajectory read footprints one trajectory may register
 * @param maxOperationsPerTrajectory operations one trajectory may log
 * @param clock the time leases are measured in ({@code lease_timeout}); tests inject their own
 */
public record StoreConfig(
    Path path,
    Durability durability,
    Duration defaultCommitTimeout,
    Duration maxCommitTimeout,
    int maxPendingNotifications,
    int maxReadsPerTrajectory,
    int maxOperationsPerTrajectory,
    Clock clock) {

  /** When data of an acknowledged operation reaches the disk. */
  public enum Durability {
    /** Written and fsynced before the call returns: survives power loss. */
    SYNC,
    /** Written to the OS before the call returns: survives a process crash, not power loss. */
    FLUSH
  }

  public StoreConfig {
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(defaultCommitTimeout, "defaultCommitTimeout");
    Objects.requireNonNull(maxCommitTimeout, "maxCommitTimeout");
    Objects.requireNonNull(clock, "clock");
    if (maxPendingNotifications < 1 || maxReadsPerTrajectory < 1 || maxOperationsPerTrajectory < 1) {
      throw new IllegalArgumentException("bounds must be positive");
    }
  }

  public static StoreConfig inMemory() {
    return new StoreConfig(
        null, Durability.SYNC, Duration.ofSeconds(60), Duration.ofHours(1), 10_000, 1_000_000,
        1_000_000, Clock.systemUTC());
  }

  public static StoreConfig file(Path path) {
    return inMemory().withPath(Objects.requireNonNull(path, "path"));
  }

  public StoreConfig withPath(Path p) {
    return new StoreConfig(p, durability, defaultCommitTimeout, maxCommitTimeout,
        maxPendingNotifications, maxReadsPerTrajectory, maxOperationsPerTrajectory, clock);
  }

  public StoreConfig withDurability(Durability d) {
    return new StoreConfig(path, d, defaultCommitTimeout, maxCommitTimeout,
        maxPendingNotifications, maxReadsPerTrajectory, maxOperationsPerTrajectory, clock);
  }

  public StoreConfig withCommitTimeout(Duration d) {
    return new StoreConfig(path, durability, d, maxCommitTimeout,
        maxPendingNotifications, maxReadsPerTrajectory, maxOperationsPerTrajectory, clock);
  }

  public StoreConfig withLimits(int pendingNotifications, int readsPerTrajectory, int opsPerTrajectory) {
    return new StoreConfig(path, durability, defaultCommitTimeout, maxCommitTimeout,
        pendingNotifications, readsPerTrajectory, opsPerTrajectory, clock);
  }

  /** The same configuration measuring leases with {@code c}. */
  public StoreConfig withClock(Clock c) {
    return new StoreConfig(path, durability, defaultCommitTimeout, maxCommitTimeout,
        maxPendingNotifications, maxReadsPerTrajectory, maxOperationsPerTrajectory, c);
  }

  public boolean inMemoryOnly() {
    return path == null;
  }
}
