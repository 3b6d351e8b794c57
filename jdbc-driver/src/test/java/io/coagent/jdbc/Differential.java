package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** The common steps of a randomized differential test against H2. */
final class Differential {
  private Differential() {}

  /** A randomized test body for one seed. */
  interface Body {
    void run(long seed) throws Exception;
  }

  /**
   * Runs {@code body} with the seed of system property {@code property} (else a fresh one),
   * printed first; a failure is rethrown naming {@code -Dproperty=seed} to reproduce it.
   */
  static void seeded(String test, String property, Body body) {
    long seed = Long.getLong(property, System.nanoTime());
    System.out.println(test + " seed " + seed + " (-D" + property + "=" + seed + ")");
    try {
      body.run(seed);
    } catch (AssertionError | Exception e) {
      throw new AssertionError(test + " failed; reproduce with -D" + property + "=" + seed, e);
    }
  }

  /** Runs each DDL statement on both connections. */
  static void ddl(Connection h2, Connection ours, List<String> ddl) throws SQLException {
    try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
      for (String s : ddl) {
        h.execute(s);
        o.execute(s);
      }
    }
  }

  /** One statement with its parameter values. */
  record Step(String sql, Object... values) {}

  /**
   * Runs {@code count} steps ({@code next} makes step i) on both connections, requiring the
   * same outcome ({@link DifferentialOutcome}, each engine's states named by its map); returns
   * our outcomes.
   */
  static List<String> sameOutcomes(Connection h2, Connection ours, int count,
      IntFunction<Step> next, Map<String, String> h2States, Map<String, String> ourStates)
      throws SQLException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Step s = next.apply(i);
      String h2Outcome = DifferentialOutcome.of(h2, s.sql(), s.values(), h2States);
      String ourOutcome = DifferentialOutcome.of(ours, s.sql(), s.values(), ourStates);
      assertEquals(h2Outcome, ourOutcome, s.sql() + " " + java.util.Arrays.toString(s.values()));
      out.add(ourOutcome);
    }
    return out;
  }

  /** Both connections hold the same rows in each of {@code tables} (each has a column id). */
  static void sameRows(Connection h2, Connection ours, List<String> tables) throws SQLException {
    for (String t : tables) {
      String all = "SELECT * FROM " + t + " ORDER BY id";
      try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
        assertEquals(SqlBasicsTest.rows(h.executeQuery(all)),
            SqlBasicsTest.rows(o.executeQuery(all)), t);
      }
    }
  }
}
