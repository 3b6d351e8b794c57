package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
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
 * CHECK constraints against a second engine: random rows (NULLs included) are inserted, and
 * random updates applied, one statement at a time, through our driver and on H2 with the same
 * table and constraints; both must accept or refuse each statement alike (ours with 23514, H2
 * with its 23513), and hold the same rows at the end. Exercises NULL (unknown passes), AND/OR,
 * IN lists, BETWEEN, CASE, LIKE, arithmetic, CHAR_LENGTH and a multi-column table constraint.
 *
 * <p>Reproduce a failure with {@code -Dcheck.seed=N} (the seed is printed).
 */
class CheckConstraintAgainstH2Test {
  private static final int ROWS = Integer.getInteger("check.rows", 1000);
  private static final String DDL = "CREATE TABLE t (id INTEGER PRIMARY KEY, "
      + "a INTEGER CHECK (a >= -5 AND a <= 50), "
      + "b INTEGER CONSTRAINT b_rule CHECK (b IS NULL OR MOD(b, 3) <> 1), "
      + "s VARCHAR(10) CHECK (s IN ('x', 'yy', 'zzz') OR s LIKE 'k%'), "
      + "d DECIMAL(8, 2) CHECK (d BETWEEN 0 AND 99.5), "
      + "CONSTRAINT a_below_b CHECK (a < b OR CHAR_LENGTH(s) > 2), "
      + "CHECK (CASE WHEN a > 40 THEN d < 10 ELSE TRUE END))";

  @Test
  void randomRows_areAcceptedAndRefusedAsH2Does() throws Exception {
    long seed = Long.getLong("check.seed", System.nanoTime());
    System.out.println("CheckConstraintAgainstH2Test seed " + seed + " (-Dcheck.seed=" + seed
        + ")");
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("check differential failed; reproduce with -Dcheck.seed=" + seed, e);
    }
  }

  private void run(long seed) throws SQLException {
    Random rnd = new Random(seed);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:check" + seed);
        Connection ours = DriverManager.getConnection("jdbc:coagent:mem:check-"
            + UUID.randomUUID())) {
      try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
        h.execute(DDL);
        o.execute(DDL);
      }
      int accepted = 0;
      int refused = 0;
      String[] columns = {"a", "b", "s", "d"};
      for (int i = 0; i < ROWS; i++) {
        String sql;
        Object[] values;
        if (rnd.nextInt(4) == 0 && i > 0) {
          int c = rnd.nextInt(columns.length);
          sql = "UPDATE t SET " + columns[c] + " = ? WHERE id = ?";
          values = new Object[] {value(rnd, c), rnd.nextInt(i)};
        } else {
          sql = "INSERT INTO t VALUES (?, ?, ?, ?, ?)";
          values = new Object[] {i, value(rnd, 0), value(rnd, 1), value(rnd, 2), value(rnd, 3)};
        }
        String h2Outcome = DifferentialOutcome.of(h2, sql, values, Map.of("23513", "refused"));
        String ourOutcome =
            DifferentialOutcome.of(ours, sql, values, Map.of("23514", "refused"));
        assertEquals(h2Outcome, ourOutcome, sql + " " + java.util.Arrays.toString(values));
        if (ourOutcome.equals("refused")) {
          refused++;
        } else {
          accepted++;
        }
      }
      assertTrue(accepted > ROWS / 10 && refused > ROWS / 10,
          "both outcomes are exercised: " + accepted + " accepted, " + refused + " refused");
      String all = "SELECT * FROM t ORDER BY id";
      try (Statement h = h2.createStatement(); Statement o = ours.createStatement()) {
        assertEquals(SqlBasicsTest.rows(h.executeQuery(all)),
            SqlBasicsTest.rows(o.executeQuery(all)));
      }
    }
  }

  /** A random value (one in eight NULL) of column a, b, s or d. */
  private static Object value(Random rnd, int column) {
    if (rnd.nextInt(8) == 0) {
      return null;
    }
    List<String> texts = List.of("x", "yy", "zzz", "k", "kite", "w", "xy", "KX");
    return switch (column) {
      case 0 -> rnd.nextInt(60) - 8;
      case 1 -> rnd.nextInt(12) - 8;
      case 2 -> texts.get(rnd.nextInt(texts.size()));
      default -> BigDecimal.valueOf(rnd.nextInt(10_400) - 200, 2);
    };
  }
}
