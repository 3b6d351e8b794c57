package io.coagent.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.samples.bench.KeyValueWorkload.Mode;
import io.coagent.samples.bench.KeyValueWorkload.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every benchmark code path a few times without JMH, so the benchmark cannot rot: each
 * target and commit policy loads the table, runs range queries (each returning its
 * {@link KeyValueWorkload#RANGE_ROWS} rows), then point SELECTs and UPDATEs (each more than one
 * commit interval), and the updates are visible afterwards.
 */
class KeyValueWorkloadTest {
  private static final int ROWS = 50;

  @ParameterizedTest
  @EnumSource(Target.class)
  void everyTargetAndModeRunsTheBenchmarkStatements(Target target) throws SQLException {
    for (Mode mode : Mode.values()) {
      try (KeyValueWorkload w = new KeyValueWorkload(target, mode, ROWS)) {
        w.open();
        for (int i = 0; i < KeyValueWorkload.COMMIT_EVERY + 10; i++) {
          long range = w.rangeSelect();
          assertEquals(KeyValueWorkload.RANGE_ROWS, range >>> 32, target + " " + mode + ": rows");
        }
        for (int i = 0; i < KeyValueWorkload.COMMIT_EVERY + 10; i++) {
          long balance = w.pointSelect();
          assertTrue(balance >= "owner-0".length(), target + " " + mode + ": " + balance);
          assertEquals(1, w.updateRow(), target + " " + mode);
        }
        try (Statement s = w.connection().createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM accounts WHERE balance >= 1000")) {
          assertTrue(rs.next());
          assertTrue(rs.getInt(1) > 0, target + " " + mode + ": updates are visible");
        }
      }
    }
  }
}
