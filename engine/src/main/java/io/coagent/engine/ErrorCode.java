package io.coagent.engine;

/**
 * Every failure the engine reports, with the SQLState the SQL layer surfaces for it.
 *
 * <p>Standard classes are used where one fits (23 integrity, 42 syntax/access, 54 program limit);
 * MTPO-specific conditions use the implementation-defined class {@code MT}.
 */
public enum ErrorCode {
  UNKNOWN_TABLE("42S02"),
  TABLE_EXISTS("42S01"),
  INVALID_DEFINITION("42000"),
  TYPE_MISMATCH("42804"),
  NOT_NULL_VIOLATION("23502"),
  DUPLICATE_KEY("23505"),
  RANK_CONFLICT("MT001"),
  RANK_BELOW_COMMITTED("MT002"),
  UNKNOWN_AGENT("MT003"),
  NOTIFICATIONS_PENDING("MT004"),
  COMMIT_TIMEOUT("MT005"),
  NOT_OWN_OPERATION("MT006"),
  UNKNOWN_OPERATION("MT007"),
  TRAJECTORY_NOT_ACTIVE("MT008"),
  UNKNOWN_NOTIFICATION("MT009"),
  DEADLOCK("40P01"),
  SERIALIZATION_FAILURE("40001"),
  LOCK_TIMEOUT("55P03"),
  LIMIT_EXCEEDED("54000"),
  STORE_CLOSED("08003"),
  STORAGE_FAILURE("58030");

  private final String sqlState;

  ErrorCode(String sqlState) {
    this.sqlState = sqlState;
  }

  /** The five-character SQLState the JDBC driver reports for this condition. */
  public String sqlState() {
    return sqlState;
  }
}
