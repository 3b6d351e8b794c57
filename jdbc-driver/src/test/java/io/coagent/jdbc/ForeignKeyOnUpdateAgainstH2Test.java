package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ON UPDATE CASCADE against H2: random parent key changes ({@code UPDATE p SET id = ...}), child
 * inserts, key changes of a child whose primary key is its foreign key (so a cascade moves the
 * row, and its own referencing rows follow), and deletes, over children with ON UPDATE NO ACTION,
 * RESTRICT and CASCADE. Both engines must accept or refuse each statement alike (any of 23503,
 * 23505 and H2's 23506 is a refusal: which one a statement breaking two constraints reports first
 * is the engine's choice) and hold the same rows in every table at the end.
 *
 * <p>Reproduce a failure with {@code -Dfkup.seed=N} (the seed is printed).
 */
class ForeignKeyOnUpdateAgainstH2Test {
  private static final int STATEMENTS = Integer.getInteger("fkup.statements", 600);
  private static final List<String> DDL = List.of(
      "CREATE TABLE p (id INTEGER PRIMARY KEY, v INTEGER)",
      "CREATE TABLE keep (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))",
      "CREATE TABLE strict (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) "
          + "ON UPDATE RESTRICT ON DELETE CASCADE)",
      "CREATE TABLE follow (id INTEGER PRIMARY KEY, p_id INTEGER, CONSTRAINT follow_p "
          + "FOREIGN KEY (p_id) REFERENCES p (id) ON UPDATE CASCADE ON DELETE SET NULL)",
      "CREATE TABLE own (id INTEGER PRIMARY KEY REFERENCES p (id) ON UPDATE CASCADE "
          + "ON DELETE CASCADE, note INTEGER)",
      "CREATE TABLE ownref (id INTEGER PRIMARY KEY, o_id INTEGER REFERENCES own (id) "
          + "ON UPDATE CASCADE)");
  private static final Map<String, String> STATES =
      Map.of("23503", "refused", "23506", "refused", "23505", "refused");
  private static final List<String> CHILDREN = List.of("keep", "strict", "follow");

  @Test
  void randomKeyChanges_cascadeAsInH2() throws Exception {
    long seed = Long.getLong("fkup.seed", System.nanoTime());
    System.out.println("ForeignKeyOnUpdateAgainstH2Test seed " + seed + " (-Dfkup.seed=" + seed
        + ")");
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("ON UPDATE CASCADE differential failed; reproduce with "
          + "-Dfkup.seed=" + seed, e);
    }
  }

  private void run(long seed) throws SQLException {
    Random rnd = new Random(seed);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:fkup" + seed);
        Connection ours = DriverManager.getConnection("jdbc:coagent:mem:fkup-"
            + UUID.randomUUID())) {
      try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
        for (String ddl : DDL) {
          h.execute(ddl);
          o.execute(ddl);
        }
      }
      int accepted = 0;
      int refused = 0;
      int moved = 0;
      for (int i = 0; i < STATEMENTS; i++) {
        String sql;
        Object[] values;
        int pick = rnd.nextInt(11);
        Integer parent = rnd.nextInt(10) == 0 ? null : rnd.nextInt(12);
        if (pick < 2) {
          sql = "INSERT INTO p VALUES (?, ?)";
          values = new Object[] {rnd.nextInt(12), i};
        } else if (pick < 4) {
          String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
          sql = "INSERT INTO " + child + " VALUES (?, ?)";
          values = new Object[] {i, parent};
        } else if (pick == 4) {
          sql = "INSERT INTO own VALUES (?, ?)";
          values = new Object[] {rnd.nextInt(12), i};
        } else if (pick == 5) {
          sql = "INSERT INTO ownref VALUES (?, ?)";
          values = new Object[] {i, rnd.nextInt(12)};
        } else if (pick < 8) {
          sql = "UPDATE p SET id = ? WHERE id = ?";
          values = new Object[] {rnd.nextInt(12), rnd.nextInt(12)};
        } else if (pick == 8) {
          sql = "UPDATE own SET id = ? WHERE id = ?";
          values = new Object[] {rnd.nextInt(12), rnd.nextInt(12)};
        } else if (pick == 9) {
          sql = "DELETE FROM p WHERE id = ?";
          values = new Object[] {rnd.nextInt(12)};
        } else {
          String child = List.of("keep", "strict", "follow", "own", "ownref")
              .get(rnd.nextInt(5));
          sql = "DELETE FROM " + child + " WHERE id = ?";
          values = new Object[] {rnd.nextInt(Math.max(i, 1))};
        }
        String h2Outcome = DifferentialOutcome.of(h2, sql, values, STATES);
        String ourOutcome = DifferentialOutcome.of(ours, sql, values, STATES);
        assertEquals(h2Outcome, ourOutcome, sql + " " + java.util.Arrays.toString(values));
        if (ourOutcome.equals("refused")) {
          refused++;
        } else {
          accepted++;
          if (sql.startsWith("UPDATE p") && ourOutcome.equals("count 1")
              && !values[0].equals(values[1])) {
            moved++;
          }
        }
      }
      assertTrue(accepted > STATEMENTS / 10 && refused > STATEMENTS / 20 && moved > 0,
          "all outcomes are exercised: " + accepted + " accepted, " + refused + " refused, "
              + moved + " parent keys changed");
      for (String t : List.of("p", "keep", "strict", "follow", "own", "ownref")) {
        String all = "SELECT * FROM " + t + " ORDER BY id";
        try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
          assertEquals(SqlBasicsTest.rows(h.executeQuery(all)),
              SqlBasicsTest.rows(o.executeQuery(all)), t);
        }
      }
    }
  }
}
