package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 6 for upserts: MERGE's UNDO_SQL inverts what actually happened, row by row. */
class MergeUndoSqlTest {
  private static List<String> state(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT k, v FROM mem ORDER BY k")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "=" + rs.getString(2));
      }
    }
    return out;
  }

  @Test
  void mergeInsertingOneRowAndUpdatingAnother_isUndoneByItsUndoSql() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:coagent:mem:merge-undo;agent=m")) {
      c.createStatement().execute("CREATE TABLE mem (k VARCHAR PRIMARY KEY, v VARCHAR)");
      c.createStatement().execute("INSERT INTO mem VALUES ('a', 'it''s old')");
      List<String> before = state(c);
      int n = c.createStatement().executeUpdate("MERGE INTO mem t USING (VALUES ('a', 'new'), "
          + "('b', 'fresh')) AS s(k, v) ON (t.k = s.k) WHEN MATCHED THEN UPDATE SET v = s.v "
          + "WHEN NOT MATCHED THEN INSERT (k, v) VALUES (s.k, s.v)");
      assertEquals(2, n);
      assertEquals(List.of("a=new", "b=fresh"), state(c));
      String undo;
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT UNDO_SQL FROM SYS.OPERATIONS WHERE KIND = 'UPSERT'")) {
        assertTrue(rs.next());
        undo = rs.getString(1);
      }
      assertTrue(undo.contains("DELETE") && undo.contains("UPDATE"), undo);
      c.createStatement().execute(undo);
      assertEquals(before, state(c), "UNDO_SQL: " + undo);
      c.commit();
    }
  }
}
