package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test's workload ({@link CrashChildProcess}) in this JVM without a kill: agents under
 * the operator's increments, the operator's auto-commit {@code UPDATE opc SET v = v + 1}, and
 * history compaction every 50 to 400 ms. Once every trajectory has ended, OPC 1 holds exactly the
 * acknowledged increments. Seed printed; {@code -Dcoagent.drift.seed=N}, {@code
 * -Dcoagent.drift.rounds=N}, {@code -Dcoagent.drift.millis=N}.
 */
class OperatorDriftTest {
  @TempDir Path dir;

  @Test
  void operatorIncrements_underRolledBackAgentWrites_andCompaction_landExactlyOnce()
      throws Exception {
    long seed = Long.getLong("coagent.drift.seed", System.nanoTime());
    int rounds = Integer.getInteger("coagent.drift.rounds", 2);
    long millis = Long.getLong("coagent.drift.millis", 1500);
    System.out.println("OperatorDriftTest seed=" + seed + " rounds=" + rounds);
    Random rnd = new Random(seed);
    String url = "jdbc:coagent:file:" + dir.resolve("drift.mv.db").toAbsolutePath();
    try (Connection op = DriverManager.getConnection(url)) {
      CrashChildProcess.createSchema(op);
      long acked = 0;
      for (int round = 1; round <= rounds; round++) {
        List<String> out = CrashChildProcess.runInProcess(url, round * 100_000L, rnd.nextLong(),
            millis);
        for (String line : out) {
          assertTrue(!line.startsWith("E "), "seed=" + seed + " round=" + round + ": " + line);
          if (line.startsWith("O ")) {
            acked++;
          }
        }
        for (String agent : rows(op, "SELECT AGENT FROM SYS.TRAJECTORIES WHERE STATE = "
            + "'ACTIVE' AND AGENT LIKE 'agent-%'")) {
          update(op, "CALL SYS.ABORT('" + agent + "')"); // begun at connect, never used
        }
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!rows(op, "SELECT AGENT FROM SYS.TRAJECTORIES WHERE STATE = 'ACTIVE'")
            .isEmpty()) {
          assertTrue(System.nanoTime() < deadline, "seed=" + seed + ": trajectories stay active: "
              + rows(op, "SELECT AGENT, \"RANK\" FROM SYS.TRAJECTORIES WHERE STATE = 'ACTIVE'")
              + ", last lines: " + out.subList(Math.max(0, out.size() - 12), out.size()));
          Thread.sleep(20);
        }
        long v = Long.parseLong(one(op, "SELECT v FROM opc WHERE id = 1"));
        assertEquals(acked, v, "seed=" + seed + " round=" + round
            + ": OPC 1 = the acknowledged operator increments");
      }
    }
  }
}
