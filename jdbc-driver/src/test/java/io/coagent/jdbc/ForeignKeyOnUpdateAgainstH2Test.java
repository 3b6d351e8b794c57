package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
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
  void randomKeyChanges_cascadeAsInH2() {
    Differential.seeded("ForeignKeyOnUpdateAgainstH2Test", "fkup.seed", this::run);
  }

  private Differential.Step step(Random rnd, int i) {
    int pick = rnd.nextInt(11);
    Integer parent = rnd.nextInt(10) == 0 ? null : rnd.nextInt(12);
    if (pick < 2) {
      return new Differential.Step("INSERT INTO p VALUES (?, ?)", rnd.nextInt(12), i);
    } else if (pick < 4) {
      String child = CHILDREN.get(rnd.nextInt(CHILDREN.size()));
      return new Differential.Step("INSERT INTO " + child + " VALUES (?, ?)", i, parent);
    } else if (pick == 4) {
      return new Differential.Step("INSERT INTO own VALUES (?, ?)", rnd.nextInt(12), i);
    } else if (pick == 5) {
      return new Differential.Step("INSERT INTO ownref VALUES (?, ?)", i, rnd.nextInt(12));
    } else if (pick < 8) {
      return new Differential.Step("UPDATE p SET id = ? WHERE id = ?", rnd.nextInt(12),
          rnd.nextInt(12));
    } else if (pick == 8) {
      return new Differential.Step("UPDATE own SET id = ? WHERE id = ?", rnd.nextInt(12),
          rnd.nextInt(12));
    } else if (pick == 9) {
      return new Differential.Step("DELETE FROM p WHERE id = ?", rnd.nextInt(12));
    }
    String child = List.of("keep", "strict", "follow", "own", "ownref").get(rnd.nextInt(5));
    return new Differential.Step("DELETE FROM " + child + " WHERE id = ?",
        rnd.nextInt(Math.max(i, 1)));
  }

  private void run(long seed) throws SQLException {
    Random rnd = new Random(seed);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:fkup" + seed);
        Connection ours = DriverManager.getConnection("jdbc:coagent:mem:fkup-"
            + UUID.randomUUID())) {
      Differential.ddl(h2, ours, DDL);
      List<Differential.Step> steps = new ArrayList<>();
      List<String> outcomes = Differential.sameOutcomes(h2, ours, STATEMENTS, i -> {
        Differential.Step s = step(rnd, i);
        steps.add(s);
        return s;
      }, STATES, STATES);
      int refused = 0;
      int moved = 0;
      for (int i = 0; i < steps.size(); i++) {
        Object[] v = steps.get(i).values();
        refused += outcomes.get(i).equals("refused") ? 1 : 0;
        moved += steps.get(i).sql().startsWith("UPDATE p") && outcomes.get(i).equals("count 1")
            && !v[0].equals(v[1]) ? 1 : 0;
      }
      int accepted = STATEMENTS - refused;
      assertTrue(accepted > STATEMENTS / 10 && refused > STATEMENTS / 20 && moved > 0,
          "all outcomes are exercised: " + accepted + " accepted, " + refused + " refused, "
              + moved + " parent keys changed");
      Differential.sameRows(h2, ours, List.of("p", "keep", "strict", "follow", "own", "ownref"));
    }
  }
}
