package io.coagent.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every example of {@code docs/reference/system-tables.md} runs as shown ({@link DocPageRunner}).
 */
class SystemTablesDocTest {
  @Test
  void everyExampleOfTheSystemTablesPageRunsAsShown() throws Exception {
    DocPageRunner.runPage(Path.of("..", "docs", "reference", "system-tables.md"), 10);
  }
}
