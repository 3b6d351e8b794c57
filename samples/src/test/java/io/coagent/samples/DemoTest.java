package io.coagent.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.samples.runner.Benchmark;
import io.coagent.samples.runner.Report;
import io.coagent.samples.sim.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's main command runs {@link Demo}; this runs its short mode so it cannot rot. */
class DemoTest {
  @Test
  void demo_narratesTheRepair_andMtpoIsCorrectOnEveryWorkload() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Benchmark.Results results = Demo.run(new PrintStream(buf, true, StandardCharsets.UTF_8), true);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("orders-2   notified: ITEMS sku-0"), text);
    assertTrue(text.contains("undoes op"), text);
    assertTrue(text.contains("judges 1 notification(s), redoes 'fulfil the order'"), text);
    assertTrue(text.contains("MTPO 12 (equals the serial run)"), text);
    assertTrue(text.contains("naive READ COMMITTED 2 (WRONG"), text);
    assertTrue(text.contains("== average over workloads, two agents =="), text);
    assertEquals(1.0, Report.average(results, Protocol.MTPO, 2)[2], text);
  }
}
