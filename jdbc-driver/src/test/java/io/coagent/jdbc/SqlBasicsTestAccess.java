package io.coagent.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Lets tests in other packages share {@link SqlBasicsTest#rows}. */
public final class SqlBasicsTestAccess {
  private SqlBasicsTestAccess() {}

  public static List<String> rows(ResultSet rs) throws SQLException {
    try (rs) {
      return SqlBasicsTest.rows(rs);
    }
  }
}
