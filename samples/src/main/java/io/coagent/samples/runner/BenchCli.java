package io.coagent.samples.runner;

import io.coagent.samples.peers.PostgresCluster;
import io.coagent.samples.sim.Protocol;
import io.coagent.samples.sim.Workload;
import io.coagent.samples.workloads.Workloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's command line: runs {@link Benchmark}, prints {@link Report}, writes
 * {@code results.csv} ({@link CsvReport}) and the charts ({@link Charts}) into {@code --out}.
 * {@code --peers postgres} adds the peers of docs/benchmark/peers.md; without PostgreSQL
 * installed it says so and runs the rest.
 *
 * <pre>
 * mvn -B -ntp -q -pl samples exec:java -Dexec.mainClass=io.coagent.samples.runner.BenchCli \
 *     -Dexec.args="--out bench-results"
 * </pre>
 */
@Command(name = "coagent-bench", mixinStandardHelpOptions = true, version = "coagent-bench 0.1",
    description = "Simulated LLM agents on one CoAgent store through JDBC: serial, MTPO, OCC, "
        + "2PL and naive compared on contended workloads; with --peers postgres also MTPO "
        + "through the CoAgent server and four PostgreSQL strategies.")
public final class BenchCli implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "bench-results",
      description = "directory for results.csv and the charts (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--trials", defaultValue = "5",
      description = "seeded trials per workload and protocol with two agents")
  int trials;

  @Option(names = "--scaling", split = ",", defaultValue = "4,8,16",
      description = "agent counts of the scaling run (two agents are always run)")
  List<Integer> scaling;

  @Option(names = "--scaling-trials", defaultValue = "2",
      description = "trials per workload and protocol in the scaling run")
  int scalingTrials;

  @Option(names = "--ms-per-second", defaultValue = "10",
      description = "milliseconds slept per simulated second of inference")
  double msPerSecond;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the first trial")
  long seed;

  @Option(names = "--workloads", split = ",", description = "workloads (default: all)")
  List<String> workloads;

  @Option(names = "--protocols", split = ",",
      description = "protocols (default: serial,mtpo,occ,2pl,naive; also mtpo-net, pg-lww,"
          + " pg-ser, pg-lock, pg-version)")
  List<String> protocols;

  @Option(names = "--peers", split = ",",
      description = "peers to add: postgres (mtpo-net through the CoAgent server and the"
          + " PostgreSQL strategies pg-lww, pg-ser, pg-lock, pg-version; PostgreSQL itself is"
          + " started in a temporary directory and skipped, with a message, if not installed)")
  List<String> peers;

  @Option(names = "--short", description = "one trial, two agents only, no scaling run")
  boolean quick;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Option(names = "--no-charts", description = "no charts")
  boolean noCharts;

  @Option(names = "--timeline", defaultValue = "calendar",
      description = "workload of the MTPO timeline chart")
  String timeline;

  @Option(names = "--timeline-agents", defaultValue = "4", description = "agents in that run")
  int timelineAgents;

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code); // success returns normally, so exec:java's JVM is not cut short
    }
  }

  /** Runs the command without exiting the JVM; returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new BenchCli()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    List<Workload> ws = new ArrayList<>();
    for (String w : workloads == null ? Workloads.all().stream().map(Workload::name).toList()
        : workloads) {
      ws.add(Workloads.byName(w));
    }
    List<Protocol> ps = new ArrayList<>();
    for (String p : protocols == null ? List.of("serial", "mtpo", "occ", "2pl", "naive")
        : protocols) {
      ps.add(Protocol.of(p));
    }
    if (!ps.contains(Protocol.SERIAL)) {
      ps.add(0, Protocol.SERIAL);
    }
    for (String peer : peers == null ? List.<String>of() : peers) {
      if (!peer.equalsIgnoreCase("postgres")) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown peer " + peer
            + " (known: postgres)");
      }
      for (Protocol p : Protocol.postgresPeers()) {
        if (!ps.contains(p)) {
          ps.add(p);
        }
      }
    }
    if (ps.stream().anyMatch(p -> p.backend() == Protocol.Backend.POSTGRES)
        && PostgresCluster.find().isEmpty()) {
      System.out.println("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin;"
          + " apt-get install -y postgresql, or set COAGENT_PG_BIN): running without the pg-*"
          + " peers");
      ps.removeIf(p -> p.backend() == Protocol.Backend.POSTGRES);
    }
    BenchConfig config = new BenchConfig(ws, ps, quick ? 1 : trials,
        quick ? List.of() : scaling, scalingTrials, msPerSecond, seed, out, !noProgress, timeline,
        timelineAgents);
    Benchmark.Results results = Benchmark.run(config);
    Report.print(results, System.out);
    Path csv = CsvReport.write(results, out);
    System.out.println("wrote " + csv);
    if (!noCharts) {
      for (Path p : Charts.write(results, out)) {
        System.out.println("wrote " + p);
      }
    }
    return 0;
  }
}
