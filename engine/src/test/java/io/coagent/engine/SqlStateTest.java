package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SQLState catalogue: unique five-character codes, and JDBC 4 subclasses by class. */
class SqlStateTest {
  @Test
  void everyCode_isFiveCharactersAndUnique() {
    Set<String> seen = new HashSet<>();
    for (SqlState s : SqlState.values()) {
      assertEquals(5, s.code().length(), s.name());
      assertTrue(seen.add(s.code()), "duplicate code " + s.code());
      assertSame(s, SqlState.of(s.code()));
    }
    assertNull(SqlState.of("ZZ999"));
  }

  @Test
  void everyErrorCode_hasACatalogueState() {
    for (ErrorCode c : ErrorCode.values()) {
      assertEquals(c.state().code(), c.sqlState(), c.name());
    }
  }

  @Test
  void exception_takesTheJdbcSubclassOfItsClass() {
    assertInstanceOf(SQLSyntaxErrorException.class, SqlState.UNDEFINED_TABLE.exception("x"));
    assertInstanceOf(SQLIntegrityConstraintViolationException.class,
        SqlState.UNIQUE_VIOLATION.exception("x"));
    assertInstanceOf(SQLDataException.class, SqlState.DIVISION_BY_ZERO.exception("x"));
    assertInstanceOf(SQLNonTransientConnectionException.class,
        SqlState.CONNECTION_DOES_NOT_EXIST.exception("x"));
    assertInstanceOf(SQLTransactionRollbackException.class,
        SqlState.DEADLOCK_DETECTED.exception("x"));
    assertInstanceOf(SQLTimeoutException.class, SqlState.QUERY_CANCELED.exception("x"));
    SQLException e = SqlState.COMMIT_TIMEOUT.exception("waited", new IllegalStateException());
    assertEquals("MT005", e.getSQLState());
    assertEquals("waited", e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }
}
