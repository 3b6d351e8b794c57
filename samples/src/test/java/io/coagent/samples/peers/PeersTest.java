package io.coagent.samples.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coagent.engine.SqlState;
import io.coagent.samples.runner.BenchCli;
import io.coagent.samples.sim.AgentSession;
import io.coagent.samples.sim.Store;
import io.coagent.samples.workloads.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's peers, small: without PostgreSQL the runner says so and still runs MTPO through
 * the CoAgent server; with PostgreSQL installed (skipped otherwise, required under CI) the
 * version check refuses a stale write and the three controlled strategies end in a serial state.
 */
class PeersTest {
  private static Map<String, String[]> rows(Path out) throws Exception {
    Map<String, String[]> m = new HashMap<>();
    List<String> csv = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",", -1);
      m.put(f[1], f);
    }
    return m;
  }

  /**
   * Skips without PostgreSQL on a developer machine; under CI ({@code CI} set, as {@code .ci/run}
   * sets it and installs the {@code postgresql} package) a missing server is a failure.
   */
  private static void requirePostgres() {
    boolean present = PostgresCluster.find().isPresent();
    if (System.getenv("CI") != null && !present) {
      throw new AssertionError("PostgreSQL is not installed, but CI must run this test:"
          + " .ci/run installs it (apt-get install postgresql)");
    }
    assumeTrue(present, "PostgreSQL is not installed; skipping");
  }

  @Test
  void withoutPostgres_runnerSaysSo_andRunsMtpoThroughTheServer(@TempDir Path out)
      throws Exception {
    String before = System.getProperty("coagent.pg.bin");
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setProperty("coagent.pg.bin", out.resolve("no-postgres-here").toString());
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = BenchCli.run("--short", "--no-progress", "--no-charts", "--peers", "postgres",
          "--workloads", "inventory", "--ms-per-second", "3", "--protocols", "mtpo",
          "--out", out.toString());
    } finally {
      System.setOut(stdout);
      if (before == null) {
        System.clearProperty("coagent.pg.bin");
      } else {
        System.setProperty("coagent.pg.bin", before);
      }
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    assertTrue(text.contains("PostgreSQL is not installed"), text);
    Map<String, String[]> rows = rows(out);
    assertEquals("1.000", rows.get("mtpo-net")[6], "MTPO through the server must equal the"
        + " serial run: " + String.join(",", rows.get("mtpo-net")));
    assertFalse(rows.keySet().stream().anyMatch(p -> p.startsWith("pg-")), rows.keySet()
        .toString());
  }

  @Test
  void versionCheck_refusesAWriteOfARowChangedSinceTheRead() throws Exception {
    requirePostgres();
    try (Peers peers = new Peers()) {
      peers.startPostgres(10, 100);
      try (Store store = peers.postgresStore(Workloads.byName("inventory"), 2);
          Connection a = store.connect("a"); Connection b = store.connect("b")) {
        AgentSession sa = new AgentSession(a, true);
        try (Statement s = a.createStatement()) {
          s.executeUpdate("CREATE TABLE ITEMS (SKU VARCHAR PRIMARY KEY, QTY BIGINT,"
              + " VERSION BIGINT NOT NULL DEFAULT 0)");
          s.executeUpdate("INSERT INTO ITEMS VALUES ('s', 5)");
        }
        a.commit();
        sa.mode(false, true);
        var read = io.coagent.samples.sim.ToolCallsForTest.get("stock", "ITEMS", "SKU", "s");
        assertEquals(List.of("SKU", "QTY"), sa.query(read).one().columns(), "VERSION stays hidden");
        try (PreparedStatement ps = b.prepareStatement(
            "UPDATE ITEMS SET QTY = 7, VERSION = VERSION + 1 WHERE SKU = 's'")) {
          b.setAutoCommit(false);
          ps.executeUpdate();
          b.commit();
        }
        SQLException e = assertThrows(SQLException.class, () -> sa.write(
            io.coagent.samples.sim.ToolCallsForTest.update("ITEMS", "SKU", "s", "QTY", 15L)));
        assertEquals(SqlState.SERIALIZATION_FAILURE.code(), e.getSQLState(), e.getMessage());
        sa.abortQuietly();
        try (ResultSet rs = b.createStatement().executeQuery(
            "SELECT QTY FROM ITEMS WHERE SKU = 's'")) {
          rs.next();
          assertEquals(7, rs.getLong(1), "the stale write must not land");
        }
      }
    }
  }

  @Test
  void postgresStrategies_withControl_endInASerialState(@TempDir Path out) throws Exception {
    requirePostgres();
    int code = BenchCli.run("--short", "--no-progress", "--no-charts", "--workloads", "inventory",
        "--ms-per-second", "3", "--protocols", "pg-lww,pg-ser,pg-lock,pg-version",
        "--out", out.toString());
    assertEquals(0, code);
    Map<String, String[]> rows = rows(out);
    for (String p : List.of("pg-ser", "pg-lock", "pg-version")) {
      assertEquals("1.000", rows.get(p)[11], p + " must equal a serial run in its commit order: "
          + String.join(",", rows.get(p)));
    }
    assertTrue(rows.containsKey("pg-lww"), rows.keySet().toString());
  }
}
