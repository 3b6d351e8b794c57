package io.coagent.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code coagent demo} and {@code coagent bench}: what the samples module runs, from the same
 * command. The samples sit on top of every other module, so the CLI cannot depend on them; the
 * {@code ./coagent} script puts their classes on the class path for these two commands and this
 * class finds the main class by name. Arguments pass through unchanged.
 */
abstract class SamplesCommand implements Callable<Integer> {
  @CommandLine.Unmatched List<String> args = new ArrayList<>();

  abstract String mainClass();

  @Override
  public Integer call() throws Exception {
    Class<?> main;
    try {
      main = Class.forName(mainClass());
    } catch (ClassNotFoundException e) {
      System.err.println("coagent: " + mainClass() + " is not on the class path: the samples "
          + "module is not built; run: mvn -B -ntp -q install -DskipTests");
      return 2;
    }
    try {
      main.getMethod("main", String[].class).invoke(null, (Object) args.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    }
    return 0;
  }

  @Command(name = "demo", description = "Runs the demo on an embedded store (the README's main "
      + "job): the narrated inventory race, then the protocol comparison; --short for one trial.")
  static final class Demo extends SamplesCommand {
    @Override
    String mainClass() {
      return "io.coagent.samples.Demo";
    }
  }

  @Command(name = "bench", description = "Runs the multi-agent benchmark (samples' BenchCli); "
      + "'coagent bench --help' lists its options.")
  static final class Bench extends SamplesCommand {
    @Override
    String mainClass() {
      return "io.coagent.samples.runner.BenchCli";
    }
  }
}
