package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.agent;
import static io.coagent.jdbc.SysFixtures.fails;
import static io.coagent.jdbc.SysFixtures.lastOp;
import static io.coagent.jdbc.SysFixtures.newStore;
import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.state;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * History through SQL, end to end: {@code SYS.<T>_HISTORY}, {@code FOR SYSTEM_TIME AS OF},
 * {@code SYS.AT_RANK}, {@code SYS.DIFF}, {@code SYS.COMPACT_HISTORY} and their errors. Time-travel
 * answers are checked against states captured while the writes ran.
 */
class HistorySqlTest {
  private String url;
  private Connection operator;

  @BeforeEach
  void open() throws SQLException {
    url = newStore("history");
    operator = DriverManager.getConnection(url);
    update(operator, "CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR, qty INTEGER)");
  }

  @AfterEach
  void close() throws SQLException {
    operator.close();
  }

  /** A captured point: the time just after a write, and the table's live state then. */
  private record Point(Instant time, List<String> state) {}

  @Test
  void historyListsEveryVersionWithWriterRankStatementAndUndo() throws Exception {
    try (Connection a = agent(url, "a")) {
      update(a, "INSERT INTO stock VALUES (1, 'pear', 5)");
      update(a, "UPDATE stock SET qty = 7 WHERE id = 1");
      long bad = lastOp(a);
      update(a, "UPDATE stock SET qty = 70 WHERE id = 1");
      update(a, "CALL SYS.UNDO(" + lastOp(a) + ")");
      update(a, "DELETE FROM stock WHERE id = 1");
      assertEquals(List.of(
          "1|pear|5|a|1|INSERT INTO stock VALUES (1, 'pear', 5)|false|false|ACTIVE",
          "1|pear|7|a|1|UPDATE stock SET qty = 7 WHERE id = 1|false|false|ACTIVE",
          "1|pear|70|a|1|UPDATE stock SET qty = 70 WHERE id = 1|true|false|ACTIVE",
          "1|null|null|a|1|DELETE FROM stock WHERE id = 1|false|true|ACTIVE"),
          rows(a, "SELECT ID, ITEM, QTY, AGENT, \"RANK\", SQL_TEXT, UNDONE IS NOT NULL, IS_DELETE,"
              + " TRAJECTORY_STATE FROM SYS.STOCK_HISTORY WHERE id = 1"));
      assertEquals(String.valueOf(bad), one(a,
          "SELECT OP_ID FROM SYS.STOCK_HISTORY WHERE QTY = 7"));
      assertEquals("{\"ID\":1}", one(a, "SELECT DISTINCT ROW_KEY FROM SYS.STOCK_HISTORY"));
      assertEquals(List.of(), rows(a, "SELECT * FROM SYS.STOCK_HISTORY WHERE ID = 1 AND ID = 2"));
      assertEquals(List.of("70"), rows(a, "SELECT QTY FROM SYS.STOCK_HISTORY WHERE ID = 1 "
          + "AND QTY > 60"), "key path with a residual filter");
      assertEquals(List.of(), rows(a, "SELECT * FROM SYS.OPERATIONS WHERE SQL_TEXT LIKE "
          + "'%HISTORY%'"), "reading history logs no operation");
    }
  }

  @Test
  void timeTravelAnswersMatchStatesCapturedDuringTheRun() throws Exception {
    List<Point> points = new ArrayList<>();
    points.add(new Point(Instant.now(), List.of()));
    Random rnd = new Random(7);
    for (int step = 0; step < 12; step++) {
      Thread.sleep(3);
      int id = rnd.nextInt(5);
      switch (rnd.nextInt(3)) {
        case 0 -> update(operator, "MERGE INTO stock t USING (VALUES (" + id + ", 'i" + step
            + "', " + step + ")) s (id, item, qty) ON t.id = s.id WHEN MATCHED THEN UPDATE SET "
            + "qty = s.qty WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.item, s.qty)");
        case 1 -> update(operator, "UPDATE stock SET qty = qty + 100 WHERE id <= " + id);
        default -> update(operator, "DELETE FROM stock WHERE id = " + id);
      }
      points.add(new Point(Instant.now(), state(operator, "stock")));
      Thread.sleep(3);
    }
    for (Point p : points) {
      List<String> asOf = new ArrayList<>(rows(operator,
          "SELECT * FROM stock FOR SYSTEM_TIME AS OF " + literal(p.time())));
      asOf.sort(null);
      assertEquals(p.state(), asOf, "as of " + p.time());
    }
    for (int i = 0; i < points.size(); i += 3) {
      for (int j = 0; j < points.size(); j += 4) {
        assertEquals(expectedDiff(points.get(i).state(), points.get(j).state()), rows(operator,
            "CALL SYS.DIFF('stock', " + literal(points.get(i).time()) + ", "
                + literal(points.get(j).time()) + ")"), "diff of points " + i + " and " + j);
      }
    }
    Point mid = points.get(6);
    List<String> key2 = mid.state().stream().filter(r -> r.startsWith("2|")).toList();
    assertEquals(key2, rows(operator, "SELECT s.* FROM stock FOR SYSTEM_TIME AS OF "
        + literal(mid.time()) + " AS s WHERE s.id = 2"), "alias and key filter");
    List<String> range = mid.state().stream().filter(r -> r.compareTo("1|") >= 0
        && r.compareTo("4|") < 0).toList();
    assertEquals(range, rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + literal(mid.time()) + " WHERE id BETWEEN 1 AND 3 ORDER BY id"), "key range filter");
    assertEquals(points.get(12).state().size() + "|" + mid.state().size(), one(operator,
        "SELECT (SELECT count(*) FROM stock), (SELECT count(*) FROM stock FOR SYSTEM_TIME AS OF "
            + literal(mid.time()) + ")"), "live and past in one query");
    assertEquals(List.of(), rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + "TIMESTAMP '2000-01-01 00:00:00'"), "before the first write");
    try (PreparedStatement ps = operator.prepareStatement(
        "SELECT * FROM stock FOR SYSTEM_TIME AS OF ? WHERE id >= ? ORDER BY id")) {
      for (Point p : points) {
        ps.setTimestamp(1, java.sql.Timestamp.valueOf(LocalDateTime.ofInstant(p.time(),
            ZoneOffset.UTC)));
        ps.setInt(2, 0);
        assertEquals(p.state(), SqlBasicsTest.rows(ps.executeQuery()), "AS OF ? " + p.time());
        ps.setString(1, p.time().toString());
        ps.setInt(2, 3);
        assertEquals(p.state().stream().filter(r -> r.compareTo("3|") >= 0).toList(),
            SqlBasicsTest.rows(ps.executeQuery()), "AS OF ? (ISO string) and a key parameter");
      }
    }
    Point early = points.get(3);
    assertEquals(early.state().size() + "|" + mid.state().size(), one(operator,
        "SELECT\t(SELECT count(*)\r\n FROM\tstock\tFOR SYSTEM_TIME AS OF\t" + literal(early.time())
            + "),\n\t(SELECT count(*) FROM stock FOR SYSTEM_TIME AS OF\n" + literal(mid.time())
            + "\n)"), "tabs, line breaks and two snapshots in one statement");
    try (Connection a = agent(url, "a")) {
      String mixed = "SELECT count(*) FROM stock s JOIN stock FOR SYSTEM_TIME AS OF "
          + literal(mid.time()) + " p ON p.id = s.id";
      rows(a, mixed);
      assertEquals(mixed, one(a, "SELECT SQL_TEXT FROM SYS.OPERATIONS"),
          "a query mixing live and past rows is logged as written");
    }
  }

  @Test
  void atRankShowsWhatTheTrajectoryOfThatRankSees() throws Exception {
    rows(operator, "CALL SYS.LAUNCH('low, high')");
    try (Connection low = agent(url, "low"); Connection high = agent(url, "high")) {
      update(high, "INSERT INTO stock VALUES (2, 'plum', 20)");
      update(low, "INSERT INTO stock VALUES (1, 'pear', 10)");
      List<String> lowSees = state(low, "stock");
      List<String> highSees = state(high, "stock");
      assertEquals(List.of("1|pear|10"), lowSees);
      assertEquals(List.of("1|pear|10", "2|plum|20"), highSees);
      assertEquals(lowSees, rows(operator, "CALL SYS.AT_RANK('stock', 1)"));
      assertEquals(highSees, rows(operator, "CALL SYS.AT_RANK('STOCK', 2)"));
      int ops = rows(low, "SELECT * FROM SYS.OPERATIONS").size();
      try (PreparedStatement ps = low.prepareStatement("CALL SYS.AT_RANK(?, ?)")) {
        ps.setString(1, "stock");
        ps.setLong(2, 2);
        assertEquals(highSees, SqlBasicsTest.rows(ps.executeQuery()));
      }
      assertEquals(ops, rows(low, "SELECT * FROM SYS.OPERATIONS").size(),
          "AT_RANK is not an operation of the caller");
    }
  }

  @Test
  void diffReportsAddedModifiedAndRemovedRowsWithFromAndToValues() throws Exception {
    update(operator, "INSERT INTO stock VALUES (1, 'pear', 5), (2, 'plum', 6)");
    Instant t1 = pause();
    update(operator, "UPDATE stock SET qty = 9 WHERE id = 2");
    update(operator, "DELETE FROM stock WHERE id = 1");
    update(operator, "INSERT INTO stock VALUES (3, 'fig', 1)");
    Instant t2 = pause();
    assertEquals(List.of(
        "REMOVED|{\"ID\":1}|1|pear|5|null|null|null",
        "MODIFIED|{\"ID\":2}|2|plum|6|2|plum|9",
        "ADDED|{\"ID\":3}|null|null|null|3|fig|1"),
        rows(operator, "CALL SYS.DIFF('stock', " + literal(t1) + ", " + literal(t2) + ")"));
    try (PreparedStatement ps = operator.prepareStatement("CALL SYS.DIFF('stock', ?, ?)")) {
      ps.setString(1, t2.toString());
      ps.setTimestamp(2, java.sql.Timestamp.valueOf(LocalDateTime.ofInstant(t1, ZoneOffset.UTC)));
      assertEquals(List.of("ADDED|{\"ID\":1}|null|null|null|1|pear|5",
          "MODIFIED|{\"ID\":2}|2|plum|9|2|plum|6",
          "REMOVED|{\"ID\":3}|3|fig|1|null|null|null"), SqlBasicsTest.rows(ps.executeQuery()));
    }
    assertEquals(List.of(), rows(operator, "CALL SYS.DIFF('stock', " + literal(t2) + ", "
        + literal(t2) + ")"));
  }

  @Test
  void compactHistoryIsOperatorOnlyAndKeepsAnswersInsideTheWindow() throws Exception {
    update(operator, "INSERT INTO stock VALUES (1, 'pear', 5)");
    update(operator, "UPDATE stock SET qty = 6 WHERE id = 1");
    Instant t1 = pause();
    update(operator, "UPDATE stock SET qty = 7 WHERE id = 1");
    Instant cutoff = pause();
    update(operator, "UPDATE stock SET qty = 8 WHERE id = 1");
    Instant t3 = pause();
    try (Connection a = agent(url, "a")) {
      fails("42501", () -> rows(a, "CALL SYS.COMPACT_HISTORY(" + literal(cutoff) + ")"),
          "operator command", "agent a", "without agent=");
    }
    List<String> atCutoff = rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + literal(cutoff));
    List<String> atT3 = rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + literal(t3));
    assertEquals(List.of("1|pear|7"), atCutoff);
    assertEquals(4, rows(operator, "SELECT * FROM SYS.STOCK_HISTORY").size());
    String report = one(operator, "CALL SYS.COMPACT_HISTORY(" + literal(cutoff) + ")");
    String[] counts = report.split("\\|");
    assertEquals("TIMESTAMP '" + counts[0] + "'", literal(cutoff));
    assertEquals("2", counts[1], "versions removed: " + report);
    assertEquals(List.of("7", "8"), rows(operator, "SELECT QTY FROM SYS.STOCK_HISTORY"));
    assertEquals(atCutoff, rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + literal(cutoff)));
    assertEquals(atT3, rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + literal(t3)));
    assertEquals(List.of("1|pear|8"), rows(operator, "SELECT * FROM stock"));
    assertTrue(t1.isBefore(cutoff));
  }

  @Test
  void historyReadsRecordNoFootprintSoLaterWritesNotifyNoOne() throws Exception {
    rows(operator, "CALL SYS.LAUNCH('writer, reader')");
    update(operator, "INSERT INTO stock VALUES (1, 'pear', 5)");
    Instant t = pause();
    try (Connection writer = agent(url, "writer"); Connection reader = agent(url, "reader")) {
      rows(reader, "SELECT * FROM stock FOR SYSTEM_TIME AS OF " + literal(t));
      rows(reader, "SELECT * FROM SYS.STOCK_HISTORY WHERE id = 1");
      rows(reader, "CALL SYS.AT_RANK('stock', 2)");
      rows(reader, "CALL SYS.DIFF('stock', " + literal(t) + ", " + literal(Instant.now()) + ")");
      update(writer, "UPDATE stock SET qty = 50 WHERE id = 1");
      assertEquals(List.of(), rows(reader, "SELECT ID FROM SYS.NOTIFICATIONS"));
      assertEquals(List.of(), rows(reader, "SELECT OP_ID FROM SYS.OPERATIONS"));
    }
  }

  @Test
  void tablesWithACompositeOrHiddenKeyHaveHistoryAndTimeTravelToo() throws Exception {
    update(operator, "CREATE TABLE lines (ord INTEGER, line INTEGER, sku VARCHAR, "
        + "PRIMARY KEY (ord, line))");
    update(operator, "CREATE TABLE notes (author VARCHAR, body VARCHAR)");
    update(operator, "INSERT INTO lines VALUES (1, 1, 'a'), (1, 2, 'b'), (2, 1, 'c')");
    update(operator, "INSERT INTO notes VALUES ('ann', 'hi')");
    Instant t = pause();
    update(operator, "UPDATE lines SET sku = 'z' WHERE ord = 1");
    update(operator, "UPDATE notes SET body = 'bye'");
    assertEquals(List.of("b", "z"), rows(operator,
        "SELECT SKU FROM SYS.LINES_HISTORY WHERE ORD = 1 AND LINE = 2"));
    assertEquals(List.of("{\"ORD\":1,\"LINE\":1}|a", "{\"ORD\":1,\"LINE\":1}|z"),
        rows(operator, "SELECT ROW_KEY, SKU FROM SYS.LINES_HISTORY WHERE ORD = 1 AND LINE = 1"));
    assertEquals(List.of("1|1|a", "1|2|b"), rows(operator, "SELECT * FROM lines FOR SYSTEM_TIME "
        + "AS OF " + literal(t) + " WHERE ord = 1"));
    assertEquals(List.of("ann|hi", "ann|bye"), rows(operator,
        "SELECT AUTHOR, BODY FROM SYS.NOTES_HISTORY"));
    assertEquals(List.of("ann|hi"), rows(operator, "SELECT * FROM notes FOR SYSTEM_TIME AS OF "
        + literal(t)));
    assertTrue(one(operator, "SELECT DISTINCT ROW_KEY FROM SYS.NOTES_HISTORY")
        .startsWith("{\"$ROWID\":"));
  }

  @Test
  void errorsNameTheObjectAndTheFix() throws Exception {
    fails("42S02", () -> rows(operator, "SELECT * FROM nope FOR SYSTEM_TIME AS OF "
        + "TIMESTAMP '2026-01-01 00:00:00'"), "NOPE", "does not exist");
    fails("42S02", () -> rows(operator, "CALL SYS.AT_RANK('nope', 1)"), "table nope",
        "SYS.AT_RANK(table_name VARCHAR, rank BIGINT)");
    fails("42S02", () -> rows(operator, "CALL SYS.DIFF('nope', '2026-01-01 00:00:00', "
        + "'2026-01-02 00:00:00')"), "table nope", "e.g. CALL SYS.DIFF('ORDERS'");
    fails("42S02", () -> rows(operator, "SELECT * FROM SYS.NOPE_HISTORY"), "NOPE_HISTORY");
    fails("22007", () -> rows(operator, "CALL SYS.DIFF('stock', '2026-13-45', "
        + "'2026-01-02 00:00:00')"), "from_time", "'2026-13-45'", "TIMESTAMP '2026-01-01");
    fails("22007", () -> rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + "TIMESTAMP 'yesterday'"), "STOCK", "'yesterday'", "TIMESTAMP '2026-01-01 12:00:00'");
    fails("0A000", () -> rows(operator, "SELECT * FROM stock FOR SYSTEM_TIME AS OF "
        + "CURRENT_TIMESTAMP"), "constant", "STOCK");
    fails("42804", () -> rows(operator, "CALL SYS.AT_RANK('stock', 'two')"), "rank",
        "whole number");
    fails("42804", () -> rows(operator, "CALL SYS.AT_RANK(1, 2)"), "table_name", "string");
    fails("42804", () -> rows(operator, "CALL SYS.COMPACT_HISTORY(5)"), "cutoff", "TIMESTAMP");
    fails("22004", () -> rows(operator, "CALL SYS.COMPACT_HISTORY(NULL)"), "cutoff", "NULL");
    fails("22003", () -> rows(operator, "CALL SYS.AT_RANK('stock', -1)"), "rank", "0 or more");
    fails("42883", () -> rows(operator, "CALL SYS.DIFF('stock')"), "takes 3 arguments");
    fails("0A000", () -> update(operator, "INSERT INTO stock SELECT * FROM stock FOR SYSTEM_TIME "
        + "AS OF TIMESTAMP '2026-01-01 00:00:00'"), "queries only", "SELECT");
  }

  /** What SYS.DIFF must return between two captured states (rows "id|item|qty", ids < 10). */
  private static List<String> expectedDiff(List<String> from, List<String> to) {
    java.util.TreeMap<String, String[]> byId = new java.util.TreeMap<>();
    for (String r : from) {
      byId.computeIfAbsent(r.split("\\|")[0], k -> new String[2])[0] = r;
    }
    for (String r : to) {
      byId.computeIfAbsent(r.split("\\|")[0], k -> new String[2])[1] = r;
    }
    List<String> out = new ArrayList<>();
    byId.forEach((id, fromTo) -> {
      if (!java.util.Objects.equals(fromTo[0], fromTo[1])) {
        String change = fromTo[0] == null ? "ADDED" : fromTo[1] == null ? "REMOVED" : "MODIFIED";
        out.add(change + "|{\"ID\":" + id + "}|"
            + (fromTo[0] == null ? "null|null|null" : fromTo[0]) + "|"
            + (fromTo[1] == null ? "null|null|null" : fromTo[1]));
      }
    });
    return out;
  }

  /** Waits so that the next write gets a later millisecond; returns a time between the two. */
  private static Instant pause() throws InterruptedException {
    Thread.sleep(3);
    Instant t = Instant.now();
    Thread.sleep(3);
    return t;
  }

  /** {@code TIMESTAMP 'yyyy-MM-dd HH:mm:ss.SSS'} in UTC. */
  static String literal(Instant t) {
    return "TIMESTAMP '" + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
        .format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) + "'";
  }
}
