package io.coagent.engine.internal;

/**
 * Test-scope switch for {@link TestHooks}: turns one deliberate protocol break on for the
 * duration of a block, and always off again. Used only by the bounded checker's mutation test.
 */
public final class ProtocolMutations {
  /** The deliberate breaks, one per hook. */
  public enum Mutation {
    SKIP_SCAN_NOTIFICATION("skip a notification: scan footprints are never notified"),
    NOTIFY_DOWNWARD("notify downward: lower ranks are notified of higher-rank writes"),
    UNDO_WITHOUT_NOTIFICATION("forget an undo's notification: undo and abort notify no one"),
    NOTIFY_THROUGH_HIDING("notify through a hiding version: every covering footprint is notified"),
    COMMIT_SKIPS_LOWER_RANK("let commit skip a lower rank: commit does not wait for lower ranks");

    public final String description;

    Mutation(String description) {
      this.description = description;
    }
  }

  private ProtocolMutations() {}

  /** Runs {@code body} with {@code m} on (null: no mutation); the hook is off afterwards. */
  public static <T> T with(Mutation m, java.util.function.Supplier<T> body) {
    set(m, true);
    try {
      return body.get();
    } finally {
      set(m, false);
    }
  }

  private static void set(Mutation m, boolean on) {
    if (m == null) {
      return;
    }
    switch (m) {
      case SKIP_SCAN_NOTIFICATION -> TestHooks.skipScanNotifications = on;
      case NOTIFY_DOWNWARD -> TestHooks.notifyDownward = on;
      case UNDO_WITHOUT_NOTIFICATION -> TestHooks.undoWithoutNotification = on;
      case NOTIFY_THROUGH_HIDING -> TestHooks.notifyThroughHiding = on;
      case COMMIT_SKIPS_LOWER_RANK -> TestHooks.commitSkipsLowerRank = on;
      default -> throw new IllegalArgumentException(m.name());
    }
  }
}
