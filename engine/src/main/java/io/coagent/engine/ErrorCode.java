package io.coagent.engine;

/**
 * Every failure the engine reports, with the SQLState the SQL layer surfaces for it.
 *
 * <p>Standard classes are used where one fits (23 integrity, 42 syntax/access, 54 program limit);
 * MTPO-specific conditions use the implementation-defined class {@code MT}.
 */
public enum ErrorCode {
  UNKNOWN_TABLE(SqlState.UNDEFINED_TABLE),
  TABLE_EXISTS(SqlState.TABLE_EXISTS),
  UNKNOWN_INDEX(SqlState.UNDEFINED_INDEX),
  INDEX_EXISTS(SqlState.INDEX_EXISTS),
  UNKNOWN_COLUMN(SqlState.UNDEFINED_COLUMN),
  INVALID_DEFINITION(SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION),
  TYPE_MISMATCH(SqlState.DATATYPE_MISMATCH),
  NOT_NULL_VIOLATION(SqlState.NOT_NULL_VIOLATION),
  DUPLICATE_KEY(SqlState.UNIQUE_VIOLATION),
  RANK_CONFLICT(SqlState.RANK_CONFLICT),
  RANK_BELOW_COMMITTED(SqlState.RANK_BELOW_COMMITTED),
  UNKNOWN_AGENT(SqlState.UNKNOWN_AGENT),
  NOTIFICATIONS_PENDING(SqlState.NOTIFICATIONS_PENDING),
  COMMIT_TIMEOUT(SqlState.COMMIT_TIMEOUT),
  NOT_OWN_OPERATION(SqlState.NOT_OWN_OPERATION),
  UNKNOWN_OPERATION(SqlState.UNKNOWN_OPERATION),
  TRAJECTORY_NOT_ACTIVE(SqlState.TRAJECTORY_NOT_ACTIVE),
  UNKNOWN_NOTIFICATION(SqlState.UNKNOWN_NOTIFICATION),
  LEASE_EXPIRED(SqlState.LEASE_EXPIRED),
  ABORTED_BY_OPERATOR(SqlState.ABORTED_BY_OPERATOR),
  RESERVED_NAME(SqlState.RESERVED_NAME),
  INVALID_SETTING(SqlState.INVALID_PARAMETER_VALUE),
  DEADLOCK(SqlState.DEADLOCK_DETECTED),
  SERIALIZATION_FAILURE(SqlState.SERIALIZATION_FAILURE),
  LOCK_TIMEOUT(SqlState.LOCK_NOT_AVAILABLE),
  LIMIT_EXCEEDED(SqlState.PROGRAM_LIMIT_EXCEEDED),
  STORE_CLOSED(SqlState.CONNECTION_DOES_NOT_EXIST),
  STORAGE_FAILURE(SqlState.IO_ERROR);

  private final SqlState state;

  ErrorCode(SqlState state) {
    this.state = state;
  }

  /** The catalogue entry of this condition. */
  public SqlState state() {
    return state;
  }

  /** The five-character SQLState the JDBC driver reports for this condition. */
  public String sqlState() {
    return state.code();
  }
}
