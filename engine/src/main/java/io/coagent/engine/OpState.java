package io.coagent.engine;

/** State of an operation in the log. */
public enum OpState {
  /** Statement still executing. */
  RUNNING,
  /** Completed; its writes are visible. */
  APPLIED,
  /** Undone by {@code UNDO}, a savepoint rollback or an abort; its versions are ignored. */
  UNDONE,
  /** Failed; its partial effects were removed before the error reached the caller. */
  FAILED
}
