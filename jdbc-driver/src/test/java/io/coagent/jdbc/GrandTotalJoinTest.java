package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A join with an aggregate without GROUP BY (a grand total: one row, even from no input) keeps
 * every row of the other side; Calcite 1.41's semi-join rules replaced it by the aggregate's
 * input, so an empty input lost every row (found by sqllogictest's {@code index/between}). Each
 * query is compared with H2 on the same data.
 */
class GrandTotalJoinTest {
  private Connection co;
  private Connection h2;

  @BeforeEach
  void open() throws SQLException {
    co = DriverManager.getConnection("jdbc:coagent:mem:grand-" + UUID.randomUUID());
    h2 = DriverManager.getConnection("jdbc:h2:mem:grand-" + UUID.randomUUID());
    for (Connection c : List.of(co, h2)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (pk INTEGER PRIMARY KEY, a INTEGER, b DOUBLE)");
        s.execute("INSERT INTO t VALUES (0, 22, 43.96), (1, 51, 34.9), (2, 42, NULL), "
            + "(3, 67, 90.66), (4, NULL, 53.1), (5, 18, 40.58), (6, 84, 24.24)");
      }
    }
  }

  @AfterEach
  void close() throws SQLException {
    co.close();
    h2.close();
  }

  private void assertSameAsH2(String sql) throws SQLException {
    List<String> ours = new ArrayList<>(AgentTransactionsTest.query(co, sql));
    List<String> theirs = new ArrayList<>(AgentTransactionsTest.query(h2, sql));
    Collections.sort(ours);
    Collections.sort(theirs);
    assertEquals(theirs, ours, sql);
  }

  @Test
  void crossJoinWithAnUnreadGrandTotalOfNoRows_keepsEveryRow() throws SQLException {
    assertSameAsH2("SELECT pk FROM t, (SELECT COUNT(*) AS c FROM t WHERE 1 = 0) AS x");
    assertSameAsH2("SELECT pk FROM t, (SELECT COUNT(*) AS c FROM t WHERE a > 1000) AS x");
    assertSameAsH2("SELECT pk FROM t, (SELECT MAX(b) AS m FROM t WHERE a IS NULL AND a > 1) AS x");
    assertEquals(7, AgentTransactionsTest.query(co,
        "SELECT pk FROM t, (SELECT COUNT(*) AS c FROM t WHERE 1 = 0) AS x").size());
  }

  @Test
  void inSubqueryOfNoRowsUnderOr_isFalseNotEmptying() throws SQLException {
    assertSameAsH2("SELECT pk FROM t WHERE b IN (SELECT b FROM t WHERE 1 = 0) OR b >= 5.3");
    assertSameAsH2("SELECT pk FROM t WHERE (a IS NULL AND b IN (SELECT b FROM t WHERE a IS NULL "
        + "AND a > 49) OR b >= 40) AND a <= 70");
    assertSameAsH2("SELECT pk FROM t WHERE b NOT IN (SELECT b FROM t WHERE 1 = 0) OR a = 1");
  }

  @Test
  void groupedAggregateJoin_stillBecomesASemiJoin() throws SQLException {
    String sql = "SELECT pk FROM t, (SELECT a FROM t GROUP BY a) AS x WHERE t.a = x.a";
    assertSameAsH2(sql);
    String plan = String.join("\n", AgentTransactionsTest.query(co, "EXPLAIN PLAN FOR " + sql));
    assertTrue(plan.contains("semi"), plan);
  }

  /** IN/EXISTS subqueries, empty or not, under OR and AND, against H2 (seed printed). */
  @Test
  void randomSubqueryPredicates_sameRowsAsH2() throws SQLException {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("GrandTotalJoinTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
    Random random = new Random(seed);
    String[] inner = {"1 = 0", "a > 1000", "a IS NULL", "a IS NULL AND a > 1", "a > 40",
        "b < 40", "1 = 1"};
    String[] outer = {"b >= 5.3", "a < 30", "a IS NULL", "pk = 3", "b > 1000"};
    for (int i = 0; i < 60; i++) {
      String sub = "(SELECT " + (random.nextBoolean() ? "b" : "a") + " FROM t WHERE "
          + inner[random.nextInt(inner.length)] + ")";
      String test = switch (random.nextInt(4)) {
        case 0 -> "b IN " + sub;
        case 1 -> "a NOT IN " + sub;
        case 2 -> "EXISTS " + sub;
        default -> "NOT EXISTS " + sub;
      };
      String where = random.nextBoolean()
          ? test + " OR " + outer[random.nextInt(outer.length)]
          : "(" + test + " OR " + outer[random.nextInt(outer.length)] + ") AND "
              + "NOT (" + outer[random.nextInt(outer.length)] + ")";
      assertSameAsH2("SELECT pk FROM t WHERE " + where);
    }
  }
}
