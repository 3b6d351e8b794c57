package io.coagent.engine.internal;

/**
 * TEST ONLY: deliberate protocol breaks for the mutation check of the bounded checker
 * ({@code io.coagent.engine.check}, see docs/design/protocol.md, "Checking"). Every flag is off by
 * default and nothing in main code sets one; tests set them through
 * {@code io.coagent.engine.internal.ProtocolMutations} (test scope) to prove that the checker
 * catches each break. Plain static fields: reading one costs a field load on paths that already do
 * far more work, so production behaviour and cost are unchanged.
 */
final class TestHooks {
  /** Rule 4 broken: scan footprints are never notified. */
  static boolean skipScanNotifications;
  /** Rule 4 broken: lower-rank readers are notified when a higher rank changes the live value. */
  static boolean notifyDownward;
  /** Rule 4 broken: undo and abort notify no one (writes still do). */
  static boolean undoWithoutNotification;
  /** Rule 4 precision broken: every covering higher-rank footprint is notified, hidden or not. */
  static boolean notifyThroughHiding;
  /** Rule 8 broken: a commit does not wait for lower open ranks. */
  static boolean commitSkipsLowerRank;

  private TestHooks() {}
}
