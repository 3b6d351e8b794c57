package io.coagent.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/** The outcome of one statement in a differential test, comparable across engines. */
final class DifferentialOutcome {
  private DifferentialOutcome() {}

  /**
   * "count n" if {@code sql} with {@code values} runs, else the name {@code expected} gives the
   * failure's SQLState (each engine's state for the same refusal mapped to one name); any other
   * failure is thrown, failing the test.
   */
  static String of(Connection c, String sql, Object[] values, Map<String, String> expected)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      return "count " + ps.executeUpdate();
    } catch (SQLException e) {
      String name = expected.get(e.getSQLState());
      if (name == null) {
        throw e;
      }
      return name;
    }
  }
}
