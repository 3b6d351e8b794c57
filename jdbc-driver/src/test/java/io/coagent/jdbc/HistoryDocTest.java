package io.coagent.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every example of {@code docs/querying-history.md} runs as shown ({@link DocPageRunner}). */
class HistoryDocTest {
  @Test
  void everyExampleOfTheQueryingHistoryPageRunsAsShown() throws Exception {
    DocPageRunner.runPage(Path.of("..", "docs", "querying-history.md"), 8);
  }
}
