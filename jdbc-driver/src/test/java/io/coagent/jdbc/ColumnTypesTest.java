package io.coagent.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ColumnTypesTest {
  @Test
  void explore() throws Exception {
    try (Connection c = DriverManager.getConnection(SysFixtures.newStore("types"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, d DATE, tm TIME, tz TIMESTAMP WITH TIME ZONE, u UUID, b VARBINARY, bl BLOB, cl CLOB, dt DATETIME, n DECIMAL(10,2), ts TIMESTAMP)");
      String[] sqls = {
        "INSERT INTO t VALUES (1, DATE '2026-01-02', TIME '10:11:12', TIMESTAMP '2026-01-02 10:00:00', '123e4567-e89b-12d3-a456-426614174000', X'0A0B', X'FF', 'clob', TIMESTAMP '2026-01-02 10:00:00', 12.3, TIMESTAMP '2026-01-02 10:00:00')",
        "INSERT INTO t (id, d, tm, tz, u, b, n) VALUES (2, '2026-03-04', '01:02:03.456', '2026-01-02 10:00:00+02', '123e4567-e89b-12d3-a456-426614174001', '\\x0c0d', '7')",
        "UPDATE t SET d = d + INTERVAL '1' DAY, n = n * 2 WHERE id = 1",
        "UPDATE t SET tz = TIMESTAMP WITH LOCAL TIME ZONE '2026-05-05 05:05:05', u = CAST('123e4567-e89b-12d3-a456-426614174009' AS UUID) WHERE id = 2",
        "UPDATE t SET tz = TIMESTAMP WITH TIME ZONE '2026-01-02 08:00:00+00:00' WHERE id = 2",
        "UPDATE t SET n = 1 WHERE tz = TIMESTAMP WITH TIME ZONE '2026-01-02 08:00:00+00:00'",
        "UPDATE t SET n = 2 WHERE tz = TIMESTAMP WITH LOCAL TIME ZONE '2026-01-02 08:00:00'",
        "UPDATE t SET n = 3 WHERE tz = CAST('2026-01-02 08:00:00' AS TIMESTAMP WITH LOCAL TIME ZONE)",
        "UPDATE t SET n = 4 WHERE tm = TIME '01:02:03.456' AND d = DATE '2026-03-04' AND b = X'0c0d'",
        "UPDATE t SET n = 5 WHERE tz = '2026-01-02 08:00:00'",
      };
      for (String q : sqls) {
        try { System.out.println(s.executeUpdate(q) + " <- " + q); } catch (Exception e) { System.out.println("FAIL " + q + ": " + e); }
      }
      String[] qs = {"SELECT * FROM t ORDER BY id", "SELECT id FROM t WHERE d = DATE '2026-01-03'",
        "SELECT id FROM t WHERE u = '123e4567-e89b-12d3-a456-426614174000'",
        "SELECT id FROM t WHERE u = CAST('123e4567-e89b-12d3-a456-426614174000' AS UUID)",
        "SELECT id FROM t WHERE tz > TIMESTAMP '2026-01-01 00:00:00'",
        "SELECT id FROM t WHERE b = X'0A0B'", "SELECT id, tm FROM t WHERE tm < TIME '10:00:00'",
        "SELECT * FROM t WHERE id = 1",
        "SELECT UNDO_SQL FROM SYS.OPERATIONS ORDER BY OP_ID"};
      for (String q : qs) {
        try (ResultSet rs = s.executeQuery(q)) {
          System.out.println("Q " + q);
          while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              Object v = rs.getObject(i);
              b.append(rs.getMetaData().getColumnName(i)).append(':').append(rs.getMetaData().getColumnTypeName(i)).append('/').append(rs.getMetaData().getColumnType(i)).append('=')
                  .append(v instanceof byte[] by ? java.util.HexFormat.of().formatHex(by) : v).append(v == null ? "" : "(" + v.getClass().getSimpleName() + ")").append("  ");
            }
            System.out.println("   " + b);
          }
        } catch (Exception e) { System.out.println("FAIL " + q + ": " + e); }
      }
    }
  }
}
