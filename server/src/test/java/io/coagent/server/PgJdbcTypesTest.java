package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgjdbc reads and writes DATE, TIME, TIMESTAMP WITH TIME ZONE, UUID, BYTEA, TEXT and a scaled
 * DECIMAL through the server, in text format and (past pgjdbc's prepareThreshold) binary.
 */
class PgJdbcTypesTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/default?user=operator&sslmode=disable");
  }

  @Test
  void pgjdbc_roundTripsEveryNewType_inTextAndBinaryFormat() throws Exception {
    LocalDate day = LocalDate.of(2026, 1, 2);
    LocalTime time = LocalTime.of(10, 11, 12);
    OffsetDateTime at = OffsetDateTime.of(2026, 1, 2, 12, 0, 0, 0, ZoneOffset.ofHours(2));
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    byte[] body = {0, 1, -1, 10};
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE files (k INTEGER PRIMARY KEY, day DATE, at_time TIME, "
          + "modified TIMESTAMPTZ, id UUID, body BYTEA, notes TEXT, price NUMERIC(10,2))");
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int k = 1; k <= 8; k++) {
          ps.setInt(1, k);
          ps.setObject(2, day);
          ps.setObject(3, time);
          ps.setObject(4, at);
          ps.setObject(5, id);
          ps.setBytes(6, body);
          ps.setString(7, "note " + k);
          ps.setBigDecimal(8, new BigDecimal("12.3"));
          assertEquals(1, ps.executeUpdate());
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT day, at_time, modified, id, body, "
          + "notes, price FROM files WHERE k = ?")) {
        for (int k = 1; k <= 8; k++) {
          ps.setInt(1, k);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(day, rs.getObject(1, LocalDate.class), "round " + k);
            assertEquals(time, rs.getObject(2, LocalTime.class), "round " + k);
            assertEquals(at.toInstant(), rs.getObject(3, OffsetDateTime.class).toInstant());
            assertEquals(id, rs.getObject(4, UUID.class), "round " + k);
            assertArrayEquals(body, rs.getBytes(5), "round " + k);
            assertEquals("note " + k, rs.getString(6));
            assertEquals(new BigDecimal("12.30"), rs.getBigDecimal(7), "round " + k);
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT day, modified, id, body FROM files WHERE k = 1")) {
        assertTrue(rs.next());
        assertEquals("2026-01-02", rs.getString(1));
        assertEquals("2026-01-02 10:00:00+00", rs.getString(2));
        assertEquals(id.toString(), rs.getString(3));
        assertEquals("\\x0001ff0a", rs.getString(4));
        assertEquals(java.sql.Types.TIMESTAMP_WITH_TIMEZONE == rs.getMetaData().getColumnType(2)
            || java.sql.Types.TIMESTAMP == rs.getMetaData().getColumnType(2), true);
        assertEquals("timestamptz", rs.getMetaData().getColumnTypeName(2));
        assertEquals("uuid", rs.getMetaData().getColumnTypeName(3));
      }
    }
  }
}
