package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.agent;
import static io.coagent.jdbc.SysFixtures.newStore;
import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SYS.TRAJECTORIES, SYS.OPERATIONS, SYS.NOTIFICATIONS (and ALL_*) through the driver. */
class SystemTablesTest {
  private String url;
  private Connection operator;
  private Connection planner;
  private Connection coder;

  @BeforeEach
  void open() throws SQLException {
    url = newStore("sys");
    operator = DriverManager.getConnection(url);
    update(operator, "CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR, qty INTEGER)");
    rows(operator, "CALL SYS.LAUNCH('planner,coder')");
    planner = agent(url, "planner");
    coder = agent(url, "coder");
  }

  @AfterEach
  void close() throws SQLException {
    planner.close();
    coder.close();
    operator.close();
  }

  @Test
  void agentsSeeTheirOwnRowsAndOperatorsSeeAll() throws SQLException {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    update(coder, "INSERT INTO stock VALUES (2, 'nut', 7)");
    assertEquals(List.of("planner|1|INSERT|INSERT INTO stock VALUES (1, 'bolt', 5)"),
        rows(planner, "SELECT AGENT, \"RANK\", KIND, SQL_TEXT FROM SYS.OPERATIONS"));
    assertEquals(List.of("coder|2|MTPO|ACTIVE|true"),
        rows(coder, "SELECT AGENT, \"RANK\", ISOLATION, STATE, ENDED IS NULL "
            + "FROM SYS.TRAJECTORIES"));
    assertEquals(List.of("planner", "coder"),
        rows(planner, "SELECT AGENT FROM SYS.ALL_OPERATIONS ORDER BY OP_ID"));
    assertEquals(List.of("planner|1", "coder|2"),
        rows(operator, "SELECT AGENT, \"RANK\" FROM SYS.OPERATIONS ORDER BY OP_ID"));
    assertEquals(List.of("planner|1", "coder|2"),
        rows(operator, "SELECT AGENT, \"RANK\" FROM SYS.TRAJECTORIES ORDER BY ID"));
  }

  @Test
  void readingSystemTablesLogsNothingAndNotifiesNoOne() throws Exception {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    for (int i = 0; i < 3; i++) {
      rows(coder, "SELECT * FROM SYS.ALL_OPERATIONS");
      rows(operator, "SELECT * FROM SYS.NOTIFICATIONS");
    }
    update(planner, "UPDATE stock SET qty = 6 WHERE id = 1");
    assertEquals("0", one(coder, "SELECT count(*) FROM SYS.OPERATIONS"));
    assertEquals("2", one(operator, "SELECT count(*) FROM SYS.TRAJECTORIES"),
        "operator SYS queries start no trajectory");
    assertTrue(co(coder).await(Duration.ofMillis(200)).isEmpty());
  }

  @Test
  void queriesMixingSystemAndStoreTablesAreOrdinaryReads() throws SQLException {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    assertEquals(List.of("INSERT|bolt"), rows(planner, "SELECT o.KIND, s.item FROM "
        + "SYS.OPERATIONS o JOIN stock s ON o.ROWS_AFFECTED = s.id"));
    assertEquals("QUERY", one(planner, "SELECT KIND FROM SYS.OPERATIONS WHERE OP_ID = "
        + "(SELECT max(OP_ID) FROM SYS.OPERATIONS)"));
  }

  @Test
  void notificationsShowRule5ContentAndAcknowledgement() throws Exception {
    update(planner, "INSERT INTO stock VALUES (1, 'bo\"lt', 5)");
    rows(coder, "SELECT qty FROM stock WHERE id = 1");
    long readOp = SysFixtures.lastOp(coder);
    update(planner, "UPDATE stock SET qty = 3 WHERE id = 1");
    long writeOp = SysFixtures.lastOp(planner);
    Notification n = co(coder).await(Duration.ofSeconds(5)).orElseThrow();
    String expected = n.id() + "|coder|2|STOCK|{\"ID\":1}|" + readOp
        + "|{\"ID\":1,\"ITEM\":\"bo\\\"lt\",\"QTY\":5}|{\"ID\":1,\"ITEM\":\"bo\\\"lt\",\"QTY\":3}"
        + "|planner|1|" + writeOp + "|WRITE|PENDING";
    String cols = "ID, READER_AGENT, READER_RANK, TABLE_NAME, ROW_KEY, READ_OPS, SEEN, NOW, "
        + "WRITER_AGENT, WRITER_RANK, WRITER_OP, CAUSE, STATE FROM SYS.NOTIFICATIONS";
    assertEquals(List.of(expected), rows(coder, "SELECT " + cols));
    assertEquals(List.of(), rows(planner, "SELECT " + cols));
    assertEquals(List.of(expected), rows(operator, "SELECT " + cols));
    update(coder, "CALL SYS.ACK(" + n.id() + ")");
    assertEquals("ACKNOWLEDGED", one(coder, "SELECT STATE FROM SYS.NOTIFICATIONS"));
  }

  @Test
  void trajectoriesShowStateIsolationAndEnd() throws SQLException {
    planner.commit();
    coder.rollback();
    try (Connection occ = DriverManager.getConnection(url + ";agent=o;isolation=occ")) {
      rows(occ, "SELECT * FROM stock");
      assertEquals(List.of("planner|COMMITTED|MTPO|false", "coder|ABORTED|MTPO|false",
              "o|ACTIVE|OCC|true"),
          rows(operator, "SELECT AGENT, STATE, ISOLATION, ENDED IS NULL FROM SYS.TRAJECTORIES "
              + "WHERE AGENT <> 'x' ORDER BY ID"));
    }
  }

  @Test
  void systemTablesHaveTypedColumnsAndTakeParameters() throws SQLException {
    update(planner, "INSERT INTO stock VALUES (1, 'bolt', 5)");
    try (PreparedStatement ps = planner.prepareStatement(
        "SELECT OP_ID, SQL_TEXT, ROWS_AFFECTED, \"TIME\" FROM SYS.OPERATIONS WHERE KIND = ?")) {
      ps.setString(1, "INSERT");
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        assertEquals(Types.BIGINT, md.getColumnType(1));
        assertEquals(Types.VARCHAR, md.getColumnType(2));
        assertEquals(Types.INTEGER, md.getColumnType(3));
        assertEquals(Types.TIMESTAMP, md.getColumnType(4));
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(3));
        long age = System.currentTimeMillis() - rs.getTimestamp(4).getTime();
        assertTrue(age >= 0 && age < 60_000, "TIME is the write's wall-clock time: " + age);
      }
    }
  }

  private static CoAgentConnection co(Connection c) throws SQLException {
    return c.unwrap(CoAgentConnection.class);
  }
}
