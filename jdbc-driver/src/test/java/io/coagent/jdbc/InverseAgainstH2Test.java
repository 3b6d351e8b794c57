package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Spec rule 6 against a second engine: thousands of random multi-row INSERT/UPDATE/DELETE
 * statements ({@link RandomDml}) run through our driver and on an H2 in-memory database with the
 * same schema (JSON as VARCHAR in H2: our JSON is its text), including the date, time, instant,
 * UUID, binary, CLOB and scaled DECIMAL columns of tables X and Y. Both must agree on every outcome
 * (row count, or failure) and on the tables at checkpoints. Then our recorded UNDO_SQL, newest
 * first, is executed verbatim on H2, which must pass back through every checkpoint to its
 * original state; the last stretch is also undone through our own driver.
 *
 * <p>Reproduce a failure with {@code -Dinverse.seed=N}; size with {@code -Dinverse.statements}.
 */
class InverseAgainstH2Test {
  private static final int STATEMENTS = Integer.getInteger("inverse.statements", 2000);
  private static final int DRIVER_REPLAY = 40;

  @Test
  void recordedUndoSqlReturnsH2ToEveryEarlierState() throws Exception {
    long seed = Long.getLong("inverse.seed", System.nanoTime());
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("inverse test failed; reproduce with -Dinverse.seed=" + seed, e);
    }
  }

  private void run(long seed) throws Exception {
    long start = System.nanoTime();
    RandomDml gen = new RandomDml(seed);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:inverse" + seed);
        Connection ours = DriverManager.getConnection(SysFixtures.newStore("inverse")
            + ";agent=writer")) {
      try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
        for (String ddl : RandomDml.DDL) {
          o.execute(ddl);
          h.execute(ddl.replace("JSON", "VARCHAR").replace("TIMESTAMP", "TIMESTAMP(3)"));
        }
      }
      for (int i = 0; i < 30; i++) {
        for (String t : RandomDml.TABLES) {
          apply(gen.insert(t, 1, false), ours, h2, -1);
        }
      }
      // checkpoints: applied-write count -> H2 state at that moment
      TreeMap<Integer, List<String>> checkpoints = new TreeMap<>();
      int applied = appliedWrites(ours);
      checkpoints.put(applied, state(h2));
      int failedBoth = 0;
      for (int i = 1; i <= STATEMENTS; i++) {
        failedBoth += apply(gen.next(), ours, h2, i) ? 0 : 1;
        if (i % (STATEMENTS / 4) == 0 || i == STATEMENTS - DRIVER_REPLAY) {
          List<String> h2State = state(h2);
          assertEquals(h2State, state(ours), "our tables differ from H2's after statement " + i);
          checkpoints.put(appliedWrites(ours), h2State);
        }
      }
      long forward = System.nanoTime();
      // undo[k] inverts the k-th applied write; after undoing it, k writes remain
      List<String> undo = undoScripts(ours);
      int undone = 0;
      try (Statement h = h2.createStatement()) {
        for (int k = undo.size() - 1; k >= checkpoints.firstKey(); k--) {
          if (undo.get(k) != null) {
            h.execute(undo.get(k));
            undone++;
          }
          List<String> expected = checkpoints.get(k);
          if (expected != null) {
            assertEquals(expected, state(h2), "H2 after undoing back to write " + k);
          }
        }
      }
      assertEquals(checkpoints.firstEntry().getValue(), state(h2), "H2's original state");
      long h2Undo = System.nanoTime();
      replayOnOurs(ours, undo, checkpoints);
      System.out.printf("InverseAgainstH2Test phases: both engines %.1f s, UNDO_SQL on H2 %.1f s, "
          + "on our driver %.1f s%n", (forward - start) / 1e9, (h2Undo - forward) / 1e9,
          (System.nanoTime() - h2Undo) / 1e9);
      System.out.printf("InverseAgainstH2Test: seed %d, %d random statements (%d failed on both "
          + "engines alike), %d UNDO_SQL scripts replayed on H2 through %d checkpoints, last %d "
          + "also through our driver, %.1f s%n", seed, STATEMENTS, failedBoth, undone,
          checkpoints.size(), DRIVER_REPLAY, (System.nanoTime() - start) / 1e9);
    }
  }

  /** Undoes the writes after the last checkpoint through our driver; our tables must match. */
  private static void replayOnOurs(Connection ours, List<String> undo,
      TreeMap<Integer, List<String>> checkpoints) throws SQLException {
    Map.Entry<Integer, List<String>> target = checkpoints.lowerEntry(undo.size());
    try (Statement o = ours.createStatement()) {
      for (int k = undo.size() - 1; k >= target.getKey(); k--) {
        if (undo.get(k) != null) {
          o.execute(undo.get(k));
        }
      }
    }
    assertEquals(target.getValue(), state(ours), "our driver after replaying UNDO_SQL");
  }

  /** Runs one statement on both engines; they must agree. True if it succeeded. */
  private static boolean apply(RandomDml.Dml d, Connection ours, Connection h2, int n)
      throws SQLException {
    Object a = outcome(ours, d);
    Object b = outcome(h2, d);
    boolean failed = a instanceof SQLException;
    if (failed != b instanceof SQLException || (!failed && !a.equals(b))) {
      throw new AssertionError("statement " + n + " ours=" + describe(a) + " h2=" + describe(b)
          + ": " + d.sql() + " " + d.params());
    }
    return !failed;
  }

  private static Object outcome(Connection c, RandomDml.Dml d) {
    try (PreparedStatement ps = c.prepareStatement(d.sql())) {
      for (int i = 0; i < d.params().size(); i++) {
        ps.setObject(i + 1, d.params().get(i));
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      return e;
    }
  }

  private static String describe(Object o) {
    return o instanceof SQLException e ? e.getSQLState() + " " + e.getMessage() : o.toString();
  }

  private static int appliedWrites(Connection ours) throws SQLException {
    return Integer.parseInt(SysFixtures.one(ours, "SELECT count(*) FROM SYS.OPERATIONS WHERE "
        + "STATE = 'APPLIED' AND KIND IN ('INSERT', 'UPDATE', 'DELETE')"));
  }

  /** UNDO_SQL of every applied write, oldest first (null where the write changed nothing). */
  private static List<String> undoScripts(Connection ours) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = ours.createStatement(); ResultSet rs = s.executeQuery("SELECT UNDO_SQL "
        + "FROM SYS.OPERATIONS WHERE STATE = 'APPLIED' AND KIND IN ('INSERT', 'UPDATE', "
        + "'DELETE') ORDER BY OP_ID")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Every row of every table, normalized to text, sorted: a bag comparison across engines. */
  static List<String> state(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String t : RandomDml.TABLES) {
      List<String> rows = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
        int n = rs.getMetaData().getColumnCount();
        Map<Integer, String> names = new HashMap<>();
        for (int i = 1; i <= n; i++) {
          names.put(i, rs.getMetaData().getColumnName(i));
        }
        while (rs.next()) {
          StringBuilder b = new StringBuilder(t);
          for (int i = 1; i <= n; i++) {
            Object v = switch (names.get(i)) {
              case "TS" -> rs.getObject(i, LocalDateTime.class);
              case "TX" -> rs.getString(i); // H2's getObject of a CLOB is a Clob
              case "TZ" -> instant(rs.getObject(i, java.time.OffsetDateTime.class));
              case "TI" -> rs.getObject(i, java.time.LocalTime.class);
              case "DA" -> rs.getObject(i, java.time.LocalDate.class);
              case "BIN" -> rs.getBytes(i) == null ? null
                  : java.util.HexFormat.of().formatHex(rs.getBytes(i));
              default -> rs.getObject(i);
            };
            b.append('|').append(normalize(v));
          }
          rows.add(b.toString());
        }
      }
      Collections.sort(rows);
      out.addAll(rows);
    }
    return out;
  }

  private static Object instant(java.time.OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static String normalize(Object v) {
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return Long.toString(((Number) v).longValue());
    }
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
