package io.coagent.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.samples.runner.BenchCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark CLI's short mode: the CSV's exact header, MTPO correct everywhere, the charts. */
class BenchmarkTest {
  @Test
  void shortRun_writesCsvAndCharts_andMtpoIsAlwaysCorrect(@TempDir Path out) throws Exception {
    int code = BenchCli.run("--short", "--no-progress", "--ms-per-second", "3",
        "--timeline-agents", "3", "--out", out.toString());
    assertEquals(0, code);
    List<String> csv = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
    assertEquals("workload,protocol,agents,trials,speedup_vs_serial,tokens_vs_serial,"
        + "correct_fraction,notifications,false_notifications,aborts,deadlocks,"
        + "serializable_fraction,lock_wait_s,commit_wait_s", csv.get(0));
    assertEquals(1 + 6 * 5, csv.size(), String.join("\n", csv));
    int mtpo = 0;
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",");
      if (f[1].equals("mtpo")) {
        mtpo++;
        assertEquals("1.000", f[6], "MTPO must equal the serial run: " + line);
      }
    }
    assertEquals(6, mtpo);
    for (String chart : List.of("speedup.png", "tokens.png", "timeline-mtpo.png")) {
      assertTrue(Files.size(out.resolve(chart)) > 1000, chart);
    }
  }

  /**
   * The hot-row workload: one budget row for every agent. MTPO ends in the rank-order oracle's
   * state at every count; the uncontrolled agents lose updates of the row once several share it,
   * so the oracle does tell them apart.
   */
  @Test
  void budgetWorkload_mtpoMatchesTheOracle_naiveLosesUpdatesOfTheHotRow(@TempDir Path out)
      throws Exception {
    int code = BenchCli.run("--workloads", "budget", "--protocols", "mtpo,naive", "--trials",
        "1", "--scaling", "8", "--scaling-trials", "1", "--no-progress", "--no-charts",
        "--ms-per-second", "2", "--out", out.toString());
    assertEquals(0, code);
    List<String> csv = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
    boolean naiveWrongAt8 = false;
    int mtpo = 0;
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",");
      assertEquals("budget", f[0], line);
      if (f[1].equals("mtpo")) {
        mtpo++;
        assertEquals("1.000", f[6], "MTPO must equal the serial run: " + line);
      }
      if (f[1].equals("naive") && f[2].equals("8")) {
        naiveWrongAt8 = !f[6].equals("1.000");
      }
    }
    assertEquals(2, mtpo, String.join("\n", csv));
    assertTrue(naiveWrongAt8, "eight uncontrolled agents on one row: " + String.join("\n", csv));
  }

  /** The server benchmark's measuring loop runs against the CoAgent server and counts. */
  @Test
  void serverBenchmark_measuresSelectsAndUpdatesOnTheCoAgentServer() throws Exception {
    try (var target = io.coagent.samples.bench.ServerBenchmark.coagent("flush", false)) {
      io.coagent.samples.bench.ServerBenchmark.setUp(target);
      for (String op : List.of("select", "update")) {
        var cell = io.coagent.samples.bench.ServerBenchmark.measure(target, op, 2, 0.3);
        assertTrue(cell.statements() > 0, cell.line());
        assertTrue(cell.p99Micros() >= cell.p50Micros(), cell.line());
      }
    }
  }
}
