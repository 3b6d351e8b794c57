package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.awaitNotification;
import static io.coagent.jdbc.AgentTransactionsTest.co;
import static io.coagent.jdbc.AgentTransactionsTest.query;
import static io.coagent.jdbc.AgentTransactionsTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE [UNIQUE] INDEX / DROP INDEX, index scans in plans, their footprints and UNIQUE. */
class SecondaryIndexSqlTest {
  @TempDir Path dir;
  private String url;
  private Connection op;
  private Statement s;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:index-" + UUID.randomUUID();
    op = DriverManager.getConnection(url);
    s = op.createStatement();
    s.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER, city VARCHAR, "
        + "email VARCHAR, pic VARBINARY)");
  }

  @AfterEach
  void close() throws SQLException {
    op.close();
  }

  private String explain(String sql) throws SQLException {
    return String.join("\n", query(op, "EXPLAIN PLAN FOR " + sql));
  }

  private static String state(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> update(c, sql)).getSQLState();
  }

  @Test
  void createAndDropIndex_acceptTheUsualSpellings_andRefuseMistakesWithSqlStates()
      throws SQLException {
    s.execute("CREATE INDEX people_age ON people (age)");
    s.execute("CREATE UNIQUE INDEX IF NOT EXISTS \"people_email\" ON public.people (email ASC)");
    s.execute("CREATE INDEX IF NOT EXISTS people_age ON people (city)"); // exists: no-op
    s.execute("create index people_city_age on people using btree (city desc nulls last, age)");
    assertEquals("42S11", state(op, "CREATE INDEX PEOPLE_AGE ON people (city)"));
    assertEquals("42S02", state(op, "CREATE INDEX x ON nope (a)"));
    SQLException col = assertThrows(SQLException.class,
        () -> s.execute("CREATE INDEX x ON people (agee)"));
    assertEquals("42S22", col.getSQLState());
    assertTrue(col.getMessage().contains("AGEE") && col.getMessage().contains("AGE"),
        col.getMessage());
    SQLException bin = assertThrows(SQLException.class,
        () -> s.execute("CREATE INDEX x ON people (pic)"));
    assertEquals("42000", bin.getSQLState());
    assertTrue(bin.getMessage().contains("BINARY"), bin.getMessage());
    assertEquals("42701", state(op, "CREATE INDEX x ON people (age, AGE)"));
    assertEquals("42000", state(op, "CREATE INDEX x ON people (lower(city))"));
    s.execute("DROP INDEX people_age");
    s.execute("DROP INDEX IF EXISTS people_age");
    assertEquals("42S12", state(op, "DROP INDEX people_age"));
    s.execute("DROP INDEX \"people_email\"");
    s.execute("DROP TABLE people");
    s.execute("CREATE TABLE people (id INTEGER PRIMARY KEY)");
    s.execute("CREATE INDEX people_city_age ON people (id)"); // dropped with its table
  }

  @Test
  void explain_showsTheIndex_forEqualityAndRangeFiltersOnItsLeadingColumns() throws SQLException {
    assertFalse(explain("SELECT id FROM people WHERE age = 5").contains("index="));
    s.execute("CREATE INDEX people_age ON people (age)");
    s.execute("CREATE INDEX people_city_age ON people (city, age)");
    assertTrue(explain("SELECT id FROM people WHERE age = 5").contains("index=[PEOPLE_AGE]"));
    assertTrue(explain("SELECT id FROM people WHERE age < 5").contains("index=[PEOPLE_AGE]"));
    assertTrue(explain("SELECT id FROM people WHERE age BETWEEN 3 AND 9 AND email LIKE 'a%'")
        .contains("index=[PEOPLE_AGE]"));
    assertTrue(explain("SELECT id FROM people WHERE city = 'x' AND age > 3")
        .contains("index=[PEOPLE_CITY_AGE]"));
    assertTrue(explain("SELECT id FROM people WHERE city >= 'x'")
        .contains("index=[PEOPLE_CITY_AGE]"));
    assertTrue(explain("SELECT id FROM people WHERE age IN (3, 9, 7)")
        .contains("index=[PEOPLE_AGE]"));
    // no bound on a leading column, or the primary key binds: no index
    assertFalse(explain("SELECT id FROM people WHERE email = 'x'").contains("index="));
    assertFalse(explain("SELECT id FROM people WHERE id = 3 AND age = 5").contains("index="));
    assertFalse(explain("SELECT id FROM people WHERE age <> 5").contains("index="));
    s.execute("DROP INDEX people_age");
    s.execute("DROP INDEX people_city_age");
    assertFalse(explain("SELECT id FROM people WHERE age = 5").contains("index="));
  }

  @Test
  void indexScans_returnWhatTableScansReturn_withParametersAndNulls() throws SQLException {
    update(op, "INSERT INTO people VALUES (1, 30, 'a', 'x', NULL), (2, 40, 'b', NULL, NULL), "
        + "(3, NULL, 'a', 'z', NULL), (4, 35, NULL, 'w', NULL)");
    s.execute("CREATE INDEX people_age ON people (age)");
    s.execute("CREATE INDEX people_city_age ON people (city, age)");
    assertEquals(List.of("1", "4"), query(op, "SELECT id FROM people WHERE age < 38 ORDER BY id"));
    assertEquals(List.of("1", "2"),
        query(op, "SELECT id FROM people WHERE age IN (40, 30, 33) ORDER BY id"));
    assertEquals(List.of("1", "3"),
        query(op, "SELECT id FROM people WHERE city = 'a' ORDER BY id"));
    assertEquals(List.of("1"),
        query(op, "SELECT id FROM people WHERE city = 'a' AND age >= 30 ORDER BY id"));
    try (PreparedStatement ps = op.prepareStatement(
        "SELECT id FROM people WHERE age BETWEEN ? AND ? ORDER BY id")) {
      ps.setInt(1, 31);
      ps.setInt(2, 40);
      assertEquals(List.of("2", "4"), SqlBasicsTest.rows(ps.executeQuery()));
    }
    assertEquals(1, update(op, "UPDATE people SET city = 'c' WHERE age = 40"));
    assertEquals(List.of("2"), query(op, "SELECT id FROM people WHERE city = 'c'"));
    assertEquals(1, update(op, "DELETE FROM people WHERE age > 39"));
    assertEquals(List.of(), query(op, "SELECT id FROM people WHERE city = 'c'"));
  }

  @Test
  void lowerRankMovingARowIntoTheIndexRange_notifiesTheHigherReader() throws Exception {
    s.execute("CREATE INDEX people_age ON people (age)");
    update(op, "INSERT INTO people VALUES (1, 30, 'a', 'x', NULL), (2, 60, 'b', 'y', NULL)");
    try (Connection low = DriverManager.getConnection(url + ";agent=low;rank=10");
        Connection high = DriverManager.getConnection(url + ";agent=high;rank=20")) {
      assertEquals(List.of("1"), query(high, "SELECT id FROM people WHERE age BETWEEN 20 AND 40"));
      update(low, "UPDATE people SET age = 61 WHERE id = 2"); // outside before and after
      update(low, "UPDATE people SET city = 'q' WHERE id = 2");
      update(low, "INSERT INTO people VALUES (3, 90, 'c', 'z', NULL)");
      assertTrue(co(high).await(Duration.ofMillis(300)).isEmpty(), "unexpected notification");
      update(low, "UPDATE people SET age = 25 WHERE id = 2"); // into the range
      assertEquals("2", awaitNotification(high).key().get(0).toString());
    }
  }

  @Test
  void uniqueIndex_lowerRankWins_andTheHigherRankIsNotifiedToRepair() throws Exception {
    s.execute("CREATE UNIQUE INDEX people_email ON people (email)");
    try (Connection low = DriverManager.getConnection(url + ";agent=low;rank=10");
        Connection high = DriverManager.getConnection(url + ";agent=high;rank=20")) {
      update(high, "INSERT INTO people VALUES (2, 1, 'b', 'same@x', NULL)");
      update(high, "INSERT INTO people VALUES (5, 1, 'b', NULL, NULL), (6, 1, 'b', NULL, NULL)");
      SQLException dup = assertThrows(SQLException.class,
          () -> update(high, "INSERT INTO people VALUES (3, 1, 'b', 'same@x', NULL)"));
      assertEquals("23505", dup.getSQLState());
      assertTrue(dup.getMessage().contains("PEOPLE_EMAIL") && dup.getMessage().contains("same@x"),
          dup.getMessage());
      update(low, "INSERT INTO people VALUES (1, 1, 'a', 'same@x', NULL)"); // lower rank wins
      assertEquals("1", awaitNotification(high).key().get(0).toString());
    }
  }

  @Test
  void verify_certifiesTheIndexScansOfCommittedAgents() throws Exception {
    s.execute("CREATE INDEX people_age ON people (age)");
    update(op, "INSERT INTO people VALUES (1, 30, 'a', 'x', NULL), (2, 60, 'b', 'y', NULL)");
    try (Connection low = DriverManager.getConnection(url + ";agent=low;rank=10");
        Connection high = DriverManager.getConnection(url + ";agent=high;rank=20")) {
      low.setAutoCommit(false);
      high.setAutoCommit(false);
      assertEquals(List.of("1"), query(high, "SELECT id FROM people WHERE age BETWEEN 20 AND 40"));
      assertEquals(List.of("1", "2"),
          query(high, "SELECT id FROM people WHERE age IN (30, 60) ORDER BY id"));
      update(high, "UPDATE people SET city = 'z' WHERE age > 50");
      update(low, "INSERT INTO people VALUES (7, 45, 'c', 'z', NULL)"); // outside every range
      low.commit();
      high.commit();
    }
    List<String> report = query(op, "CALL SYS.VERIFY()");
    assertEquals(1, report.size(), report.toString());
    assertTrue(report.get(0).startsWith("SUMMARY|true|true|"), report.toString());
  }

  @Test
  void reopenedFileStore_keepsTheIndexAndUsesIt() throws SQLException {
    String file = "jdbc:coagent:file:" + dir.resolve("ix").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(file)) {
      update(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
      update(c, "CREATE INDEX t_v ON t (v)");
      update(c, "INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)");
    }
    try (Connection c = DriverManager.getConnection(file)) {
      assertTrue(String.join("\n", query(c, "EXPLAIN PLAN FOR SELECT id FROM t WHERE v > 15"))
          .contains("index=[T_V]"));
      assertEquals(List.of("2", "3"), query(c, "SELECT id FROM t WHERE v > 15 ORDER BY id"));
      assertEquals("42S11", state(c, "CREATE INDEX t_v ON t (id)"));
    }
  }

  /** The same random data in an indexed and an unindexed table: every query agrees. */
  @Test
  void randomized_indexedAndUnindexedTablesAnswerAlike() throws SQLException {
    long seed = System.nanoTime();
    System.out.println("SecondaryIndexSqlTest seed " + seed);
    Random rnd = new Random(seed);
    for (String t : List.of("a", "b")) {
      s.execute("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, x INTEGER, y VARCHAR, "
          + "z DOUBLE)");
    }
    s.execute("CREATE INDEX a_x ON a (x)");
    s.execute("CREATE INDEX a_yx ON a (y, x)");
    s.execute("CREATE INDEX a_z ON a (z)");
    for (int i = 0; i < 300; i++) {
      int id = rnd.nextInt(80);
      String x = rnd.nextInt(8) == 0 ? "NULL" : String.valueOf(rnd.nextInt(30) - 5);
      String y = rnd.nextInt(8) == 0 ? "NULL" : "'" + (char) ('a' + rnd.nextInt(5)) + "'";
      String z = rnd.nextInt(8) == 0 ? "NULL" : String.valueOf((rnd.nextInt(9) - 4) / 2.0);
      String sql = switch (rnd.nextInt(3)) {
        case 0 -> "DELETE FROM %s WHERE id = " + id;
        case 1 -> "UPDATE %s SET x = " + x + ", z = " + z + " WHERE id = " + id;
        default -> "MERGE INTO %s USING (VALUES (" + id + ")) AS s(k) ON %s.id = s.k "
            + "WHEN MATCHED THEN UPDATE SET y = " + y + " WHEN NOT MATCHED THEN INSERT VALUES ("
            + id + ", " + x + ", " + y + ", " + z + ")";
      };
      for (String t : List.of("a", "b")) {
        update(op, sql.replace("%s", t));
      }
    }
    String[] ops = {"=", "<", "<=", ">", ">="};
    for (int q = 0; q < 200; q++) {
      int v = rnd.nextInt(30) - 6;
      String cond = switch (rnd.nextInt(7)) {
        case 0 -> "x " + ops[rnd.nextInt(ops.length)] + " " + v;
        case 1 -> "x BETWEEN " + v + " AND " + (v + rnd.nextInt(8));
        case 2 -> "y = '" + (char) ('a' + rnd.nextInt(5)) + "' AND x " + ops[rnd.nextInt(5)]
            + " " + v;
        case 3 -> "y " + ops[rnd.nextInt(5)] + " '" + (char) ('a' + rnd.nextInt(5)) + "'";
        case 4 -> "z " + ops[rnd.nextInt(5)] + " " + (rnd.nextInt(9) - 4) / 2.0;
        case 5 -> "x IN (" + v + ", " + (v + rnd.nextInt(5)) + ", " + (v - 3) + ")";
        default -> "x > " + v + " AND x < " + (v + 4) + " AND y IS NOT NULL";
      };
      String a = "SELECT id, x, y, z FROM a WHERE " + cond + " ORDER BY id";
      assertEquals(query(op, a.replace("FROM a", "FROM b")), query(op, a),
          "seed " + seed + ": " + a);
    }
  }
}
