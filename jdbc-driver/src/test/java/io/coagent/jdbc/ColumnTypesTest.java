package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The date, time, instant, UUID, binary and text types and DECIMAL's declared scale, end to end:
 * DDL, INSERT, SELECT, UPDATE, UNDO_SQL restoring the row exactly, history, AS OF and DIFF,
 * persistence across a reopen of a file store, and the JDBC getters and setters, also in a JVM
 * whose default time zone is not UTC.
 */
class ColumnTypesTest {
  private static final String DDL = "CREATE TABLE t (id INTEGER PRIMARY KEY, d DATE, tm TIME, "
      + "tz TIMESTAMP WITH TIME ZONE, u UUID, b VARBINARY, bl BLOB, ba BYTEA, cl CLOB, tx TEXT, "
      + "dt DATETIME, n DECIMAL(10,2), ts TIMESTAMP)";
  private static final String ROW1 = "INSERT INTO t VALUES (1, DATE '2026-01-02', TIME '10:11:12',"
      + " TIMESTAMP '2026-01-02 10:00:00', '123e4567-e89b-12d3-a456-426614174000', "
      + "X'0A0B', X'FF', X'00', 'a clob', 'a text', TIMESTAMP '2026-01-02 10:00:00', 12.3, "
      + "TIMESTAMP '2026-01-02 10:00:00')";
  private static final String ROW1_TEXT = "1|2026-01-02|10:11:12|2026-01-02 10:00:00.0+00|"
      + "123e4567-e89b-12d3-a456-426614174000|\\x0a0b|\\xff|\\x00|a clob|a text|"
      + "2026-01-02 10:00:00.0|12.30|2026-01-02 10:00:00.0";

  @TempDir Path dir;

  @Test
  void everyType_insertSelectUpdate_andUndoSqlRestoresTheRowExactly() throws Exception {
    try (Connection c = DriverManager.getConnection(SysFixtures.newStore("types"));
        Statement s = c.createStatement()) {
      s.execute(DDL);
      s.executeUpdate(ROW1);
      assertEquals(List.of(ROW1_TEXT), rows(c, "SELECT * FROM t"));
      // text forms are converted on write, as PostgreSQL does for untyped literals
      s.executeUpdate("INSERT INTO t (id, d, tm, tz, u, ba, n) VALUES (2, '2026-03-04', "
          + "'01:02:03.456', '2026-01-02 10:00:00+02', '123e4567-e89b-12d3-a456-426614174001', "
          + "'\\x0c0d', '7')");
      assertEquals(List.of("2|2026-03-04|01:02:03.456|2026-01-02 08:00:00.0+00|"
          + "123e4567-e89b-12d3-a456-426614174001|null|null|\\x0c0d|null|null|null|7.00|null"),
          rows(c, "SELECT * FROM t WHERE id = 2"));
      s.executeUpdate("UPDATE t SET d = d + INTERVAL '1' DAY, tm = TIME '23:59:59', "
          + "tz = TIMESTAMP '2027-01-01 00:00:00', u = CAST('00000000-0000-0000-0000-000000000001'"
          + " AS UUID), b = X'BEEF', cl = 'changed', n = n * 2, dt = NULL WHERE id = 1");
      assertEquals(List.of("1|2026-01-03|23:59:59|2027-01-01 00:00:00.0+00|"
          + "00000000-0000-0000-0000-000000000001|\\xbeef|\\xff|\\x00|changed|a text|null|24.60|"
          + "2026-01-02 10:00:00.0"), rows(c, "SELECT * FROM t WHERE id = 1"));
      // filters on each new type
      assertEquals(List.of("1"), rows(c, "SELECT id FROM t WHERE d = DATE '2026-01-03'"));
      assertEquals(List.of("2"), rows(c, "SELECT id FROM t WHERE tm < TIME '10:00:00'"));
      assertEquals(List.of("2"), rows(c, "SELECT id FROM t WHERE tz < TIMESTAMP '2026-06-01 00:00:00'"));
      assertEquals(List.of("1"), rows(c, "SELECT id FROM t WHERE b = X'BEEF'"));
      assertEquals(List.of("2"), rows(c,
          "SELECT id FROM t WHERE u = CAST('123e4567-e89b-12d3-a456-426614174001' AS UUID)"));
      String undo = SysFixtures.lastUndo(c);
      s.execute(undo);
      assertEquals(List.of(ROW1_TEXT), rows(c, "SELECT * FROM t WHERE id = 1"), undo);
    }
  }

  @Test
  void historyAsOfAndDiff_showTheOldValuesOfEveryType() throws Exception {
    try (Connection c = DriverManager.getConnection(SysFixtures.newStore("typeshist"));
        Statement s = c.createStatement()) {
      s.execute(DDL);
      s.executeUpdate(ROW1);
      Thread.sleep(5);
      Timestamp between = now(c);
      Thread.sleep(5);
      s.executeUpdate("UPDATE t SET d = DATE '2030-01-01', tm = TIME '00:00:01', "
          + "tz = TIMESTAMP '2030-01-01 00:00:00', u = CAST('00000000-0000-0000-0000-000000000002' "
          + "AS UUID), b = X'01', n = 99.99 WHERE id = 1");
      Thread.sleep(5);
      Timestamp after = now(c);
      assertEquals(List.of(ROW1_TEXT), rows(c,
          "SELECT * FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '" + between + "'"));
      assertEquals(List.of("2026-01-02|\\x0a0b|12.30|2026-01-02 10:00:00.0+00",
          "2030-01-01|\\x01|99.99|2030-01-01 00:00:00.0+00"), rows(c,
          "SELECT D, B, N, TZ FROM SYS.T_HISTORY WHERE ID = 1 ORDER BY VERSION_ID"));
      List<String> diff = rows(c, "CALL SYS.DIFF('T', TIMESTAMP '" + between + "', TIMESTAMP '"
          + after + "')");
      assertEquals(1, diff.size(), diff.toString());
      String d = diff.get(0);
      for (String part : new String[] {"MODIFIED", "2026-01-02", "2030-01-01", "10:11:12",
          "00:00:01", "\\x0a0b", "\\x01", "12.30", "99.99", "426614174000",
          "000000000002"}) {
        assertEquals(true, d.contains(part), part + " in " + d);
      }
    }
  }

  @Test
  void fileStore_keepsEveryTypeAndDecimalScaleAcrossReopen() throws Exception {
    String url = "jdbc:coagent:file:" + dir.resolve("types.db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(DDL);
      s.executeUpdate(ROW1);
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertEquals(List.of(ROW1_TEXT), rows(c, "SELECT * FROM t"));
      s.executeUpdate("INSERT INTO t (id, n) VALUES (3, 1.005)");
      assertEquals(List.of("1.01"), rows(c, "SELECT n FROM t WHERE id = 3"));
      ResultSet cols = c.getMetaData().getColumns(null, null, "T", "N");
      cols.next();
      assertEquals(Types.DECIMAL, cols.getInt("DATA_TYPE"));
    }
  }

  @Test
  void decimal_keepsItsDeclaredScale_andRejectsTooManyDigits() throws Exception {
    try (Connection c = DriverManager.getConnection(SysFixtures.newStore("typesdec"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE m (k DECIMAL(6,2) PRIMARY KEY, v NUMERIC(5,1), w DECIMAL)");
      s.executeUpdate("INSERT INTO m VALUES (12.3, 1, 1.50)");
      try (ResultSet rs = s.executeQuery("SELECT k, v, w FROM m")) {
        rs.next();
        assertEquals(new BigDecimal("12.30"), rs.getBigDecimal(1));
        assertEquals(new BigDecimal("1.0"), rs.getBigDecimal(2));
        assertEquals(new BigDecimal("1.5"), rs.getBigDecimal(3));
        assertEquals(2, rs.getMetaData().getScale(1));
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM m WHERE k = ?")) {
        ps.setBigDecimal(1, new BigDecimal("12.3"));
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(true, rs.next());
        }
      }
      java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(
          java.sql.SQLException.class, () -> s.executeUpdate("INSERT INTO m VALUES (12345.6, 1, 1)"));
      assertEquals("22003", e.getSQLState());
    }
  }

  /**
   * Runs in the surefire execution {@code non-utc-default-zone} (jdbc-driver/pom.xml), whose JVM
   * starts in America/New_York: Calcite caches the default zone when its classes load, so
   * switching the zone inside a JVM that already ran queries would test nothing real.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "user.timezone",
      matches = "America/New_York")
  void jdbcGettersAndSetters_areCorrectInANonUtcDefaultTimeZone() throws Exception {
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    try (Connection c = DriverManager.getConnection(SysFixtures.newStore("typesjdbc"));
        Statement s = c.createStatement()) {
      s.execute(DDL);
      s.executeUpdate(ROW1);
      try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
        rs.next();
        // 10:00 written reads 10:00, not 05:00
        assertEquals(Timestamp.valueOf("2026-01-02 10:00:00"), rs.getTimestamp("TS"));
        assertEquals("2026-01-02 10:00:00.0", rs.getTimestamp("TS").toString());
        assertEquals(LocalDateTime.of(2026, 1, 2, 10, 0), rs.getObject("TS", LocalDateTime.class));
        assertEquals(java.sql.Date.valueOf("2026-01-02"), rs.getDate("D"));
        assertEquals(java.sql.Date.valueOf("2026-01-02"), rs.getObject("D"));
        assertEquals(LocalDate.of(2026, 1, 2), rs.getObject("D", LocalDate.class));
        assertEquals(java.sql.Time.valueOf("10:11:12"), rs.getTime("TM"));
        assertEquals(LocalTime.of(10, 11, 12), rs.getObject("TM", LocalTime.class));
        // an instant stays an instant
        OffsetDateTime tz = OffsetDateTime.of(2026, 1, 2, 10, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(tz, rs.getObject("TZ"));
        assertEquals(tz, rs.getObject("TZ", OffsetDateTime.class));
        assertEquals(tz.toInstant(), rs.getTimestamp("TZ").toInstant());
        assertEquals(Types.TIMESTAMP_WITH_TIMEZONE, rs.getMetaData().getColumnType(4));
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), rs.getObject("U"));
        assertInstanceOf(UUID.class, rs.getObject("U", UUID.class));
        assertArrayEquals(new byte[] {10, 11}, rs.getBytes("B"));
        assertArrayEquals(new byte[] {10, 11}, (byte[]) rs.getObject("B"));
        assertArrayEquals(new byte[] {10, 11}, rs.getBinaryStream(6).readAllBytes());
        assertArrayEquals(new byte[] {-1}, rs.getBlob(7).getBytes(1, 1));
        assertEquals("a clob", rs.getClob(9).getSubString(1, 6));
        assertEquals("a clob", new java.io.BufferedReader(rs.getCharacterStream("CL")).readLine());
        assertEquals(new BigDecimal("12.30"), rs.getBigDecimal("N"));
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, d, tm, tz, u, b, bl, "
          + "ba, cl, tx, dt, n, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setInt(1, 2);
        ps.setObject(2, LocalDate.of(2026, 1, 2));
        ps.setObject(3, LocalTime.of(10, 11, 12));
        ps.setObject(4, OffsetDateTime.of(2026, 1, 2, 5, 0, 0, 0, ZoneOffset.ofHours(-5)));
        ps.setObject(5, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        ps.setBytes(6, new byte[] {10, 11});
        ps.setBlob(7, new javax.sql.rowset.serial.SerialBlob(new byte[] {-1}));
        ps.setBinaryStream(8, new ByteArrayInputStream(new byte[] {0}));
        ps.setCharacterStream(9, new StringReader("a clob"));
        ps.setClob(10, new javax.sql.rowset.serial.SerialClob("a text".toCharArray()));
        ps.setTimestamp(11, Timestamp.valueOf("2026-01-02 10:00:00"));
        ps.setBigDecimal(12, new BigDecimal("12.3"));
        ps.setObject(13, LocalDateTime.of(2026, 1, 2, 10, 0));
        ps.executeUpdate();
      }
      assertEquals(List.of(ROW1_TEXT.substring(2)), rows(c, "SELECT * FROM t WHERE id = 2")
          .stream().map(r -> r.substring(2)).toList());
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE ts = ? AND d = ?")) {
        ps.setTimestamp(1, Timestamp.valueOf("2026-01-02 10:00:00"));
        ps.setDate(2, java.sql.Date.valueOf("2026-01-02"));
        assertEquals(List.of("1", "2"), rows(ps));
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  private static Timestamp now(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(CREATED) FROM SYS.T_HISTORY")) {
      rs.next();
      return new Timestamp(rs.getTimestamp(1).getTime() + 2);
    }
  }

  private static List<String> rows(Connection c, String sql) throws Exception {
    return SysFixtures.rows(c, sql);
  }

  private static List<String> rows(PreparedStatement ps) throws Exception {
    try (ResultSet rs = ps.executeQuery()) {
      return SqlBasicsTest.rows(rs);
    }
  }
}
