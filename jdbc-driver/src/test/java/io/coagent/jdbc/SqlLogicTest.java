package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs SQLite's sqllogictest scripts {@code select1.test} and {@code select2.test} through the
 * driver and reports the pass rate per file. The corpus lives in {@code shared/slt} beside the
 * repository ({@code <repo>/../shared/slt}); the floor asserted is the rate this build achieves (100% on both; the goal was 95%).
 */
class SqlLogicTest {

  static Path corpus() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path slt = p.resolve("shared").resolve("slt");
      if (Files.isDirectory(slt)) {
        return slt;
      }
    }
    return null;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"select1.test, 1.0", "select2.test, 1.0"})
  void passRate(String file, double floor) throws Exception {
    Path dir = corpus();
    assumeTrue(dir != null && Files.exists(dir.resolve(file)),
        "sqllogictest corpus not found beside the repository (../shared/slt)");
    SqlLogicTestRunner r = new SqlLogicTestRunner();
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:coagent:mem:slt-" + file)) {
      r.run(dir.resolve(file), c);
    }
    double rate = r.queries == 0 ? 0 : (double) r.queriesPassed / r.queries;
    System.out.printf("sqllogictest %s: %d/%d queries passed (%.1f%%), %d/%d statements, %.1f s%n",
        file, r.queriesPassed, r.queries, 100 * rate, r.statementsPassed, r.statements,
        (System.nanoTime() - start) / 1e9);
    r.failureClasses.forEach((k, v) -> System.out.printf("  %4d x %s%n", v, k));
    r.failureExamples.forEach(e -> System.out.println("    " + e));
    assertTrue(rate >= floor, file + " pass rate " + rate + " is below the floor " + floor);
  }
}
