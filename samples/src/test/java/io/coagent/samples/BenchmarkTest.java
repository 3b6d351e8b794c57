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
}
