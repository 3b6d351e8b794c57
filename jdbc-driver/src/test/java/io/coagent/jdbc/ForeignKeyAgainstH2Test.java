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
 * FOREIGN KEY constraints against a second engine: random single-row inserts, key updates and
 * deletes on a parent, children with ON DELETE NO ACTION, RESTRICT, CASCADE and SET NULL, and a
 * grandchild under the cascading child, run through our driver and on H2 with the same schema.
 * Both must accept or refuse each statement alike (23503) and hold the same rows in every table
 * at the end.
 *
 * <p>Reproduce a failure with {@code -Dfk.seed=N} (the seed is printed).
 */
class ForeignKeyAgainstH2Test {
  private static final int STATEMENTS = Integer.getInteger("fk.statements", 600);
  private static final List<String> DDL = List.of(
      "CREATE TABLE p (id INTEGER PRIMARY KEY, v INTEGER)",
      "CREATE TABLE keep (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))",
      "CREATE TABLE strict (id INTEGER PRIMARY KEY, p_id INTEGER, "
          + "CONSTRAINT strict_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE RESTRICT)",
      "CREATE TABLE gone (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) "
          + "ON DELETE CASCADE)",
      "CREATE TABLE grand (id INTEGER PRIMARY KEY, g_id INTEGER REFERENCES gone (id) "
          + "ON DELETE CASCADE)",
      "CREATE TABLE loose (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) "
          + "ON DELETE SET NULL)");
  /** H2 reports a missing parent as 23506, a referenced parent as 23503. */
  private static final Map<String, String> H2_STATES =
      Map.of("23503", "refused", "23506", "refused", "23505", "duplicate");
  private static final Map<String, String> OUR_STATES =
      Map.of("23503", "refused", "23505", "duplicate");
  private static final List<String> CHILDREN = List.of("keep", "strict", "gone", "loose");

  @Test
  void randomWrites_areAcceptedAndRefusedAsH2Does() throws Exception {
    long seed = Long.getLong("fk.seed", System.nanoTime());
    System.out.println("ForeignKeyAgainstH2Test seed " + seed + " (-Dfk.seed=" + seed + ")");
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("foreign key differential failed; reproduce with -Dfk.seed="
          + seed, e);
    }
  }

  private void run(long seed) throws SQLException {
    Random rnd = new Random(seed);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:fk" + seed);
        Connection ours = DriverManager.getConnection("jdbc:coagent:mem:fk-"
            + UUID.randomUUID())) {
      try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
        for (String ddl : DDL) {
          h.execute(ddl);
          o.execute(ddl);
        }
      }
      int accepted = 0;
      int refused = 0;
      for (int i = 0; i < STATEMENTS; i++) {
        String sql;
        Object[] values;
        int pick = rnd.nextInt(10);
        Integer parent = rnd.nextInt(10) == 0 ? null : rnd.nextInt(12);
        if (pick < 3) {
          sql = "INSERT INTO p VALUES (?, ?)";
          values = new Object[] {rnd.nextInt(12), i};
        } else if (pick < 6) {
          String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
          sql = "INSERT INTO " + child + " VALUES (?, ?)";
          values = new Object[] {i, parent};
        } else if (pick == 6) {
          sql = "INSERT INTO grand VALUES (?, ?)";
          values = new Object[] {i, rnd.nextInt(Math.max(i, 1))};
        } else if (pick == 7) {
          String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
          sql = "UPDATE " + child + " SET p_id = ? WHERE id = ?";
          values = new Object[] {parent, rnd.nextInt(Math.max(i, 1))};
        } else if (pick == 8) {
          sql = "DELETE FROM p WHERE id = ?";
          values = new Object[] {rnd.nextInt(12)};
        } else {
          String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
          sql = "DELETE FROM " + child + " WHERE id = ?";
          values = new Object[] {rnd.nextInt(Math.max(i, 1))};
        }
        String h2Outcome = DifferentialOutcome.of(h2, sql, values, H2_STATES);
        String ourOutcome = DifferentialOutcome.of(ours, sql, values, OUR_STATES);
        assertEquals(h2Outcome, ourOutcome, sql + " " + java.util.Arrays.toString(values));
        if (ourOutcome.equals("refused")) {
          refused++;
        } else {
          accepted++;
        }
      }
      assertTrue(accepted > STATEMENTS / 10 && refused > STATEMENTS / 20,
          "both outcomes are exercised: " + accepted + " accepted, " + refused + " refused");
      for (String t : List.of("p", "keep", "strict", "gone", "grand", "loose")) {
        String all = "SELECT * FROM " + t + " ORDER BY id";
        try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
          assertEquals(SqlBasicsTest.rows(h.executeQuery(all)),
              SqlBasicsTest.rows(o.executeQuery(all)), t);
        }
      }
    }
  }
}
