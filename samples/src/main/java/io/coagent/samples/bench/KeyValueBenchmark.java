package io.coagent.samples.bench;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH entry points for {@link KeyValueWorkload}: average time per point SELECT, per single-row
 * UPDATE and per key-range query with a residual filter through a reused PreparedStatement, for every target (CoAgent, CoAgent without the
 * key-lookup fast path, H2 embedded) and commit policy. Single-threaded: one connection, as a
 * JDBC connection is used. Run with {@code mvn -B -ntp -o -Pbench -pl samples -am verify
 * -DskipTests} (options in {@code -Djmh.args}); results in {@code docs/performance.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class KeyValueBenchmark {

  /** One workload per fork and parameter combination. */
  @State(Scope.Thread)
  public static class Workload {
    @Param({"COAGENT", "COAGENT_GENERAL", "H2"})
    public KeyValueWorkload.Target target;

    @Param({"AUTOCOMMIT", "COMMIT_EVERY_100"})
    public KeyValueWorkload.Mode mode;

    @Param("10000")
    public int rows;

    KeyValueWorkload workload;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      workload = new KeyValueWorkload(target, mode, rows);
      workload.open();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      workload.close();
    }
  }

  @Benchmark
  public long pointSelect(Workload w) throws SQLException {
    return w.workload.pointSelect();
  }

  @Benchmark
  public int updateRow(Workload w) throws SQLException {
    return w.workload.updateRow();
  }

  /**
   * The general query path: {@link KeyValueWorkload#RANGE_SQL}, a key range with a residual filter
   * ({@link KeyValueWorkload#RANGE_ROWS} rows). Never a key lookup, so {@code COAGENT} and
   * {@code COAGENT_GENERAL} run the same plan; select one with {@code -p target=COAGENT,H2}.
   */
  @Benchmark
  public long rangeSelect(Workload w) throws SQLException {
    return w.workload.rangeSelect();
  }
}
