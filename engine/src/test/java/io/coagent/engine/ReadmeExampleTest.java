package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java example in README.md is this test's code, verbatim, so it cannot drift. */
class ReadmeExampleTest {
  private static final Path SELF =
      Path.of("src/test/java/io/coagent/engine/ReadmeExampleTest.java");

  @Test
  void readmeExample_runs_andIsVerbatimInTheReadme() throws IOException {
    // README:begin
    try (CoStore store = CoStore.open(StoreConfig.inMemory())) {
      store.createTable(TableDef.of("NOTES",
          List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("BODY", ColumnType.JSON)), 0));
      store.launch(List.of("planner", "coder"));               // reserve ranks, in this order
      Trajectory coder = store.begin("coder");
      try (Operation op = coder.begin(OpKind.QUERY, "SELECT body FROM notes WHERE id = 1")) {
        op.get("NOTES", Key.of(1));                             // nothing there yet; the read is recorded
        op.complete();
      }
      Trajectory planner = store.begin("planner");
      try (Operation op = planner.begin(OpKind.INSERT, "INSERT INTO notes VALUES (1, ...)")) {
        op.insert("NOTES", new Object[] {1, "{\"step\": 1}"}); // earlier in the order: coder's read is stale
        op.complete();
      }
      planner.commit();
      Notification n = coder.poll().orElseThrow();              // NOTES 1: absent -> {"step": 1}
      coder.acknowledge(n.id());                                // after re-planning
      coder.commit();                                           // waited for the planner; now serial-equivalent
    }
    // README:end
    List<String> lines = Files.readAllLines(SELF);
    int b = lines.indexOf("    // README:begin");
    int e = lines.indexOf("    // README:end");
    String code = String.join("\n", lines.subList(b + 1, e).stream()
        .map(l -> l.length() >= 4 ? l.substring(4) : l).toList());
    String readme = Files.readString(Path.of("../README.md"));
    int s = readme.indexOf("```java\n") + 8;
    String block = readme.substring(s, readme.indexOf("```", s)).stripTrailing();
    assertTrue(b > 0 && e > b);
    assertEquals(code, block, "README.md's Java example must be this test's code");
  }
}
