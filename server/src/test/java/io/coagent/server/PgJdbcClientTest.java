package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
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
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** pgjdbc, the reference PostgreSQL client, against a real server on a loopback port. */
class PgJdbcClientTest {
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

  private Connection connect(String user) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/default?user=" + user + "&sslmode=disable");
  }

  @Test
  void operator_createsInsertsAndSelects_withSimpleAndPreparedStatements() throws Exception {
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR(20), qty INTEGER,"
          + " price DECIMAL(10,2), ok BOOLEAN)");
      assertEquals(1, s.executeUpdate("INSERT INTO stock VALUES (1, 'apple', 10, 1.50, true)"));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO stock VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 2; i <= 12; i++) { // past pgjdbc's prepareThreshold: server-side + binary
          ps.setInt(1, i);
          ps.setString(2, "item" + i);
          ps.setInt(3, i * 10);
          ps.setBigDecimal(4, new BigDecimal("2.25"));
          ps.setBoolean(5, i % 2 == 0);
          assertEquals(1, ps.executeUpdate());
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT item, qty, price, ok FROM stock WHERE id = ?")) {
        for (int round = 0; round < 8; round++) {
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("apple", rs.getString(1));
            assertEquals(10, rs.getInt(2));
            assertEquals(new BigDecimal("1.50"), rs.getBigDecimal(3)); // the declared scale
            assertTrue(rs.getBoolean(4));
            assertFalse(rs.next());
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(qty) FROM stock")) {
        assertTrue(rs.next());
        assertEquals(12, rs.getLong(1));
        assertEquals(10 + (2 + 12) * 11 / 2 * 10, rs.getLong(2));
      }
    }
  }

  @Test
  void upsertWithOnConflict_andSelectForUpdate_fromPgjdbc() throws Exception {
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE facts (k VARCHAR(10) PRIMARY KEY, v VARCHAR(20))");
      try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO facts VALUES (?, ?)"
          + " ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")) {
        for (String v : new String[] {"first", "second"}) {
          ps.setString(1, "goal");
          ps.setString(2, v);
          assertEquals(1, ps.executeUpdate());
        }
      }
      assertEquals(0, s.executeUpdate("INSERT INTO facts VALUES ('goal', 'x')"
          + " ON CONFLICT DO NOTHING"));
      try (java.sql.ResultSet rs = s.executeQuery("SELECT v FROM facts WHERE k = 'goal'"
          + " FOR UPDATE")) {
        assertTrue(rs.next());
        assertEquals("second", rs.getString(1));
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
          "INSERT INTO facts VALUES ('goal', 'x') ON CONFLICT (v) DO NOTHING"));
      assertEquals("42P10", e.getSQLState(), e.getMessage());
    }
  }

  @Test
  void returningAndGeneratedKeys_answerRowsAndInsertTags_simpleAndExtended() throws Exception {
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE note (id SERIAL PRIMARY KEY, body VARCHAR(20))");
      try (ResultSet rs = s.executeQuery("INSERT INTO note (body) VALUES ('a'), ('b')"
          + " RETURNING id, body")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt("id"));
        assertEquals("a", rs.getString("body"));
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
        assertFalse(rs.next());
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE note SET body = ? WHERE id = ? RETURNING *")) {
        for (int round = 0; round < 7; round++) { // past prepareThreshold: named + binary
          ps.setString(1, "r" + round);
          ps.setInt(2, 1);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("r" + round, rs.getString("body"));
          }
        }
      }
      // pgjdbc appends RETURNING itself: * for RETURN_GENERATED_KEYS, the quoted names else.
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (body) VALUES (?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "c");
        assertEquals(1, ps.executeUpdate());
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertTrue(keys.next());
          assertEquals(3, keys.getInt("id"));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (body) VALUES (?)",
          new String[] {"id"})) {
        ps.setString(1, "d");
        assertEquals(1, ps.executeUpdate());
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertTrue(keys.next());
          assertEquals(4, keys.getInt(1));
        }
      }
      try (ResultSet rs = s.executeQuery("DELETE FROM note WHERE id > 2 RETURNING body")) {
        assertTrue(rs.next());
        assertTrue(rs.next());
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void fetchSize_streamsRowsThroughPortalSuspension() throws Exception {
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10))");
      for (int i = 0; i < 250; i++) {
        s.executeUpdate("INSERT INTO t VALUES (" + i + ", 'v" + i + "')");
      }
      c.setAutoCommit(false); // pgjdbc uses a cursor (Execute with a row limit) only in a block
      try (Statement q = c.createStatement()) {
        q.setFetchSize(7);
        int n = 0;
        try (ResultSet rs = q.executeQuery("SELECT id FROM t ORDER BY id")) {
          while (rs.next()) {
            assertEquals(n++, rs.getInt(1));
          }
        }
        assertEquals(250, n);
      }
      c.commit();
    }
  }

  @Test
  void errors_carryTheirSqlState_andTheSessionGoesOn() throws Exception {
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT * FROM no_such_table"));
      assertNotNull(e.getSQLState());
      assertTrue(e.getSQLState().startsWith("42"), e.getSQLState() + " " + e.getMessage());
      assertTrue(e.getMessage().toUpperCase().contains("NO_SUCH_TABLE"), e.getMessage());
      SQLException syntax = assertThrows(SQLException.class, () -> s.execute("SELEC 1"));
      assertTrue(syntax.getSQLState().startsWith("42"), syntax.getSQLState());
      try (ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
    }
  }

  @Test
  void sessionCommands_setShowVersionAndCasts() throws Exception {
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("SET application_name = 'tests'");
      try (ResultSet rs = s.executeQuery("SHOW application_name")) {
        assertTrue(rs.next());
        assertEquals("tests", rs.getString(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT version()")) {
        assertTrue(rs.next());
        assertTrue(rs.getString(1).contains("CoAgent"), rs.getString(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT '42'::int + 1")) {
        assertTrue(rs.next());
        assertEquals(43, rs.getInt(1));
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SHOW nope"));
      assertEquals("42704", e.getSQLState());
      assertEquals("tests", c.unwrap(org.postgresql.PGConnection.class)
          .getParameterStatus("application_name"), "SET reports application_name");
      try (ResultSet rs = s.executeQuery("SHOW ALL")) { // described as two columns
        assertEquals(2, rs.getMetaData().getColumnCount());
        boolean found = false;
        while (rs.next()) {
          found |= rs.getString(1).equals("server_version") && !rs.getString(2).isEmpty();
        }
        assertTrue(found, "SHOW ALL lists server_version");
      }
      SQLException fixed = assertThrows(SQLException.class,
          () -> s.execute("SET server_version = '99'"));
      assertEquals("55P02", fixed.getSQLState(), fixed.getMessage());
      SQLException bad = assertThrows(SQLException.class, () -> s.execute("BEGIN READ ONLY"));
      assertEquals("0A000", bad.getSQLState(), bad.getMessage());
      s.execute("SELECT 1"); // the session goes on
    }
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'Europe/Paris'");
      s.execute("SET coagent.note = 'x'");
      s.execute("RESET ALL"); // what a pool sends on check-in: back to the startup values
      assertEquals("UTC", show(s, "SHOW timezone"));
      assertEquals("42704",
          assertThrows(SQLException.class, () -> show(s, "SHOW coagent.note")).getSQLState());
      s.execute("SET TIME ZONE 'Europe/Paris'");
      s.execute("RESET timezone");
      assertEquals("UTC", show(s, "SHOW timezone"));
    }
  }

  private static String show(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  @Test
  void transactionBlock_rollbackAndSavepoints_undoWrites() throws Exception {
    try (Connection op = connect("operator"); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER)");
    }
    try (Connection a = connect("alice")) {
      a.setAutoCommit(false);
      try (Statement s = a.createStatement()) {
        s.executeUpdate("INSERT INTO kv VALUES (1, 1)");
        Savepoint sp = a.setSavepoint("sp");
        s.executeUpdate("INSERT INTO kv VALUES (2, 2)");
        a.rollback(sp);
        s.executeUpdate("INSERT INTO kv VALUES (3, 3)");
        a.commit();
        s.executeUpdate("INSERT INTO kv VALUES (4, 4)");
        a.rollback();
      }
    }
    try (Connection op = connect("operator"); Statement s = op.createStatement();
        ResultSet rs = s.executeQuery("SELECT k FROM kv ORDER BY k")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
      assertTrue(rs.next());
      assertEquals(3, rs.getInt(1));
      assertFalse(rs.next());
    }
  }

  @Test
  void outbox_entryOfAPgjdbcAgent_isHeldUntilCommit_thenTakenOnceByTheOperator()
      throws Exception {
    try (Connection a = connect("mailer"); Connection op = connect("operator");
        Statement os = op.createStatement()) {
      a.setAutoCommit(false);
      try (PreparedStatement put = a.prepareStatement("CALL SYS.OUTBOX_PUT(?, ?)")) {
        put.setString(1, "send_email");
        put.setString(2, "{\"to\":\"ops@example.com\"}");
        put.executeUpdate();
      }
      long id;
      try (ResultSet rs = os.executeQuery("SELECT ID, STATE FROM SYS.OUTBOX")) {
        assertTrue(rs.next());
        id = rs.getLong(1);
        assertEquals("HELD", rs.getString(2));
      }
      SQLException held = assertThrows(SQLException.class,
          () -> os.executeQuery("CALL SYS.OUTBOX_TAKE(" + id + ")"));
      assertEquals("55000", held.getSQLState());
      a.commit();
      try (ResultSet rs = os.executeQuery("CALL SYS.OUTBOX_TAKE(" + id + ")")) {
        assertTrue(rs.next());
        assertEquals("{\"to\":\"ops@example.com\"}", rs.getString("PAYLOAD"));
        assertEquals("mailer", rs.getString("AGENT"));
      }
      try (ResultSet rs = os.executeQuery("SELECT STATE FROM SYS.OUTBOX WHERE ID = " + id)) {
        assertTrue(rs.next());
        assertEquals("CONSUMED", rs.getString(1));
      }
    }
  }

  @Test
  void lowerRankWrite_notifiesHigherReader_asNotificationAndWarning() throws Exception {
    try (Connection op = connect("operator"); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.executeUpdate("INSERT INTO stock VALUES (1, 10)");
    }
    try (Connection restock = connect("restock"); Connection orders = connect("orders")) {
      restock.setAutoCommit(false);
      orders.setAutoCommit(false);
      try (Statement r = restock.createStatement(); Statement o = orders.createStatement()) {
        // restock joins first, so it ranks below orders (dynamic join order).
        r.executeQuery("SELECT qty FROM stock WHERE id = 1").close();
        int seen;
        try (ResultSet rs = o.executeQuery("SELECT qty FROM stock WHERE id = 1")) {
          assertTrue(rs.next());
          seen = rs.getInt(1);
        }
        assertEquals(10, seen);
        r.executeUpdate("UPDATE stock SET qty = qty + 5 WHERE id = 1");
        // pgjdbc reads asynchronous messages inside a transaction only with a statement's
        // response, so the agent's next tool call picks the notification up.
        PGNotification[] got = new PGNotification[0];
        for (int i = 0; i < 100 && got.length == 0; i++) {
          o.executeQuery("SELECT 1").close();
          got = orders.unwrap(PGConnection.class).getNotifications();
          if (got.length == 0) {
            Thread.sleep(20);
          }
        }
        assertEquals(1, got.length);
        assertEquals("coagent", got[0].getName());
        JsonNode n = new ObjectMapper().readTree(got[0].getParameter());
        assertEquals("restock", n.get("writer").get("agent").asText());
        assertEquals("orders", n.get("reader").get("agent").asText());
        assertEquals("STOCK", n.get("table").asText());
        assertEquals(10, n.get("seen").get(1).asInt());
        assertEquals(15, n.get("now").get(1).asInt());
        SQLWarning w = o.getWarnings();
        assertNotNull(w, "the NoticeResponse becomes an SQLWarning");
        assertEquals("01MT0", w.getSQLState());
        // Commit refused while the notification is pending, then acknowledged and committed.
        r.getConnection().commit();
        SQLException refused = assertThrows(SQLException.class, orders::commit);
        assertEquals("MT004", refused.getSQLState());
        o.execute("CALL SYS.ACK(" + n.get("id").asLong() + ")");
        orders.commit();
      }
    }
  }

  /**
   * DATE, TIME, TIMESTAMPTZ, UUID, BYTEA, TEXT and a scaled NUMERIC, in text format and (past
   * pgjdbc's prepareThreshold) binary.
   */
  @Test
  void pgjdbc_roundTripsEveryNewType_inTextAndBinaryFormat() throws Exception {
    LocalDate day = LocalDate.of(2026, 1, 2);
    LocalTime time = LocalTime.of(10, 11, 12);
    OffsetDateTime at = OffsetDateTime.of(2026, 1, 2, 12, 0, 0, 0, ZoneOffset.ofHours(2));
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    byte[] body = {0, 1, -1, 10};
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE files (k INTEGER PRIMARY KEY, created DATE, at_time TIME, "
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
      try (PreparedStatement ps = c.prepareStatement("SELECT created, at_time, modified, id, body, "
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
      try (ResultSet rs = s.executeQuery("SELECT created, modified, id, body FROM files WHERE k = 1")) {
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
