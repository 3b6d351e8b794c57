package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
  void randomWrites_areAcceptedAndRefusedAsH2Does() {
    Differential.seeded("ForeignKeyAgainstH2Test", "fk.seed", this::run);
  }

  private static Differential.Step step(Random rnd, int i) {
    int pick = rnd.nextInt(10);
    Integer parent = rnd.nextInt(10) == 0 ? null : rnd.nextInt(12);
    if (pick < 3) {
      return new Differential.Step("INSERT INTO p VALUES (?, ?)", rnd.nextInt(12), i);
    } else if (pick < 6) {
      String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
      return new Differential.Step("INSERT INTO " + child + " VALUES (?, ?)", i, parent);
    } else if (pick == 6) {
      return new Differential.Step("INSERT INTO grand VALUES (?, ?)", i,
          rnd.nextInt(Math.max(i, 1)));
    } else if (pick == 7) {
      String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
      return new Differential.Step("UPDATE " + child + " SET p_id = ? WHERE id = ?", parent,
          rnd.nextInt(Math.max(i, 1)));
    } else if (pick == 8) {
      return new Differential.Step("DELETE FROM p WHERE id = ?", rnd.nextInt(12));
    }
    String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
    return new Differential.Step("DELETE FROM " + child + " WHERE id = ?",
        rnd.nextInt(Math.max(i, 1)));
  }

  private void run(long seed) throws SQLException {
    Random rnd = new Random(seed);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:fk" + seed);
        Connection ours = DriverManager.getConnection("jdbc:coagent:mem:fk-"
            + UUID.randomUUID())) {
      Differential.ddl(h2, ours, DDL);
      List<String> outcomes = Differential.sameOutcomes(h2, ours, STATEMENTS,
          i -> step(rnd, i), H2_STATES, OUR_STATES);
      long refused = outcomes.stream().filter("refused"::equals).count();
      long accepted = outcomes.size() - refused;
      assertTrue(accepted > STATEMENTS / 10 && refused > STATEMENTS / 20,
          "both outcomes are exercised: " + accepted + " accepted, " + refused + " refused");
      Differential.sameRows(h2, ours, List.of("p", "keep", "strict", "gone", "grand", "loose"));
    }
  }
}
