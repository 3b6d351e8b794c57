package io.coagent.engine;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.sql.SQLWarning;

/**
 * The one catalogue of SQLStates CoAgent reports, in every layer (engine errors, SQL, sessions,
 * the JDBC driver, the PostgreSQL wire protocol). Standard classes are used where one fits, with
 * PostgreSQL's condition names where PostgreSQL has the state (so PostgreSQL clients classify our
 * errors as they classify PostgreSQL's); MTPO-specific conditions use the implementation-defined
 * class {@code MT}.
 *
 * <p>{@link #exception} builds the {@code java.sql} subclass a JDBC 4 client expects for the class
 * (42: {@link SQLSyntaxErrorException}, 23: {@link SQLIntegrityConstraintViolationException}, ...),
 * so callers never choose it by hand.
 */
public enum SqlState {
  // 01 warnings
  WARNING("01000"),
  /** An MTPO notification surfaced as an {@link SQLWarning}. */
  MTPO_NOTIFICATION("01MT0"),
  // 07 dynamic SQL
  DYNAMIC_SQL_ERROR("07000"),
  PARAMETER_NOT_SET("07001"),
  INVALID_DESCRIPTOR_INDEX("07009"),
  // 08 connection
  CONNECTION_EXCEPTION("08000"),
  CONNECTION_DOES_NOT_EXIST("08003"),
  CONNECTION_FAILURE("08006"),
  SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION("08001"),
  CONNECTION_REJECTED("08004"),
  PROTOCOL_VIOLATION("08P01"),
  // 0A feature
  FEATURE_NOT_SUPPORTED("0A000"),
  // 21 cardinality
  CARDINALITY_VIOLATION("21000"),
  // 22 data
  DATA_EXCEPTION("22000"),
  STRING_DATA_RIGHT_TRUNCATION("22001"),
  NUMERIC_VALUE_OUT_OF_RANGE("22003"),
  NULL_VALUE_NOT_ALLOWED("22004"),
  INVALID_DATETIME_FORMAT("22007"),
  DATETIME_FIELD_OVERFLOW("22008"),
  DIVISION_BY_ZERO("22012"),
  INVALID_CHARACTER_VALUE_FOR_CAST("22018"),
  INVALID_PARAMETER_VALUE("22023"),
  INVALID_ESCAPE_SEQUENCE("22025"),
  INVALID_JSON_TEXT("22032"),
  INVALID_TEXT_REPRESENTATION("22P02"),
  INVALID_BINARY_REPRESENTATION("22P03"),
  /** A sequence's {@code nextval} would leave the range of BIGINT. */
  SEQUENCE_GENERATOR_LIMIT_EXCEEDED("2200H"),
  // 23 integrity
  INTEGRITY_CONSTRAINT_VIOLATION("23000"),
  NOT_NULL_VIOLATION("23502"),
  FOREIGN_KEY_VIOLATION("23503"),
  UNIQUE_VIOLATION("23505"),
  CHECK_VIOLATION("23514"),
  // 24, 25 cursor and transaction state
  INVALID_CURSOR_STATE("24000"),
  INVALID_TRANSACTION_STATE("25000"),
  ACTIVE_SQL_TRANSACTION("25001"),
  READ_ONLY_SQL_TRANSACTION("25006"),
  NO_ACTIVE_SQL_TRANSACTION("25P01"),
  IN_FAILED_SQL_TRANSACTION("25P02"),
  // 26 prepared statements and portals (wire protocol)
  INVALID_SQL_STATEMENT_NAME("26000"),
  // 34 cursors (wire protocol portals)
  INVALID_CURSOR_NAME("34000"),
  // 28 authorization
  INVALID_AUTHORIZATION_SPECIFICATION("28000"),
  INVALID_PASSWORD("28P01"),
  // 2B dependent objects
  /**
   * An object others depend on cannot be dropped alone: a table or view a view still reads, a
   * sequence owned by a column (PostgreSQL's dependent_objects_still_exist).
   */
  DEPENDENT_OBJECTS_STILL_EXIST("2BP01"),
  // 3B savepoints, 3D/3F catalog and schema
  SAVEPOINT_EXCEPTION("3B000"),
  INVALID_SAVEPOINT_SPECIFICATION("3B001"),
  INVALID_CATALOG_NAME("3D000"),
  INVALID_SCHEMA_NAME("3F000"),
  // 40 transaction rollback
  SERIALIZATION_FAILURE("40001"),
  DEADLOCK_DETECTED("40P01"),
  // 42 syntax and access
  SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION("42000"),
  SYNTAX_ERROR("42601"),
  /** A name (identifier) that is not valid, e.g. for {@code Statement.enquoteIdentifier}. */
  INVALID_NAME("42602"),
  INSUFFICIENT_PRIVILEGE("42501"),
  DATATYPE_MISMATCH("42804"),
  /** A statement on an object of the wrong kind, e.g. an INSERT into a view. */
  WRONG_OBJECT_TYPE("42809"),
  UNDEFINED_FUNCTION("42883"),
  DUPLICATE_COLUMN("42701"),
  /** An object other than a table or column (a sequence) already exists. */
  DUPLICATE_OBJECT("42710"),
  /** An explicit value for a {@code GENERATED ALWAYS AS IDENTITY} column. */
  GENERATED_ALWAYS("428C9"),
  DUPLICATE_PREPARED_STATEMENT("42P05"),
  UNDEFINED_PARAMETER("42P02"),
  UNDEFINED_OBJECT("42704"),
  DUPLICATE_CURSOR("42P03"),
  TABLE_EXISTS("42S01"),
  UNDEFINED_TABLE("42S02"),
  UNDEFINED_COLUMN("42S22"),
  INDEX_EXISTS("42S11"),
  UNDEFINED_INDEX("42S12"),
  INVALID_COLUMN_REFERENCE("42P10"),
  /** A name reserved for the system (DB2's condition), e.g. an agent name starting with '$'. */
  RESERVED_NAME("42939"),
  // 53, 54, 55, 57, 58 resources, limits, state, intervention, system
  INSUFFICIENT_RESOURCES("53000"),
  OUT_OF_MEMORY("53200"),
  TOO_MANY_CONNECTIONS("53300"),
  PROGRAM_LIMIT_EXCEEDED("54000"),
  STATEMENT_TOO_COMPLEX("54001"),
  OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),
  CANT_CHANGE_RUNTIME_PARAM("55P02"),
  LOCK_NOT_AVAILABLE("55P03"),
  QUERY_CANCELED("57014"),
  ADMIN_SHUTDOWN("57P01"),
  IO_ERROR("58030"),
  // HY CLI-specific
  GENERAL_ERROR("HY000"),
  INVALID_ATTRIBUTE_VALUE("HY024"),
  // MT: MTPO
  RANK_CONFLICT("MT001"),
  RANK_BELOW_COMMITTED("MT002"),
  UNKNOWN_AGENT("MT003"),
  NOTIFICATIONS_PENDING("MT004"),
  COMMIT_TIMEOUT("MT005"),
  NOT_OWN_OPERATION("MT006"),
  UNKNOWN_OPERATION("MT007"),
  TRAJECTORY_NOT_ACTIVE("MT008"),
  UNKNOWN_NOTIFICATION("MT009"),
  /** The trajectory (or reservation) was aborted because its lease expired. */
  LEASE_EXPIRED("MT010"),
  /** An operator aborted the agent's trajectory (or dropped its reservation) with SYS.ABORT. */
  ABORTED_BY_OPERATOR("MT011"),
  // XX internal
  INTERNAL_ERROR("XX000");

  private final String code;

  SqlState(String code) {
    assert code.length() == 5 : code;
    this.code = code;
  }

  /** The five-character SQLState. */
  public String code() {
    return code;
  }

  /** The two-character class of the state ("42" for {@code 42S02}). */
  public String sqlClass() {
    return code.substring(0, 2);
  }

  /** Whether {@code sqlState} is this state. */
  public boolean is(String sqlState) {
    return code.equals(sqlState);
  }

  /** The catalogue entry of a five-character state, or null if it is not one of ours. */
  public static SqlState of(String sqlState) {
    for (SqlState s : values()) {
      if (s.code.equals(sqlState)) {
        return s;
      }
    }
    return null;
  }

  /** An exception of this state, of the {@code java.sql} subclass that JDBC 4 gives its class. */
  public SQLException exception(String message) {
    return exception(message, null);
  }

  /** As {@link #exception(String)}, with a cause. */
  public SQLException exception(String message, Throwable cause) {
    return switch (sqlClass()) {
      case "08" -> new SQLNonTransientConnectionException(message, code, cause);
      case "0A" -> new SQLFeatureNotSupportedException(message, code, cause);
      case "22" -> new SQLDataException(message, code, cause);
      case "23" -> new SQLIntegrityConstraintViolationException(message, code, cause);
      case "28" -> new SQLInvalidAuthorizationSpecException(message, code, cause);
      case "40" -> new SQLTransactionRollbackException(message, code, cause);
      case "42" -> new SQLSyntaxErrorException(message, code, cause);
      case "57" -> this == QUERY_CANCELED ? new SQLTimeoutException(message, code, cause)
          : new SQLTransientException(message, code, cause);
      default -> new SQLException(message, code, cause);
    };
  }

  /** A warning of this state. */
  public SQLWarning warning(String message) {
    return new SQLWarning(message, code);
  }
}
