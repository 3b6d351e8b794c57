package io.coagent.samples.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The blackboard-memory example: the researcher's notes end as if the planner had gone first. */
class BlackboardMemoryTest {
  @Test
  void researcherRevisesWhenThePlannersGoalLands() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    String notes = BlackboardMemoryExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8),
        "jdbc:coagent:mem:memory-" + UUID.randomUUID());
    String text = buf.toString(StandardCharsets.UTF_8);
    assertEquals("surveyed options for cut p99 latency of the search API", notes, text);
    assertTrue(text.contains("researcher is told: goal changed from null to cut p99"), text);
  }
}
