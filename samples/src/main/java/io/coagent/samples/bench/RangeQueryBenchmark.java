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
 * JMH entry point for the general (non key-lookup) query path: average time per execution of a
 * reused PreparedStatement of {@link KeyValueWorkload#RANGE_SQL} (a primary-key range with a
 * residual filter on a non-key column, {@link KeyValueWorkload#RANGE_ROWS} rows), CoAgent against
 * H2 embedded, per commit policy. The key-lookup fast path never applies to this shape, so
 * {@code COAGENT} and {@code COAGENT_GENERAL} run the same plan. Same workload and table as
 * {@link KeyValueBenchmark}; results in {@code docs/performance.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RangeQueryBenchmark {

  /** One workload per fork and parameter combination. */
  @State(Scope.Thread)
  public static class Workload {
    @Param({"COAGENT", "H2"})
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
  public long rangeSelect(Workload w) throws SQLException {
    return w.workload.rangeSelect();
  }
}
