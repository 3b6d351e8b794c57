package io.coagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code coagent} command: {@code coagent server ...}, {@code coagent version}. */
@Command(name = "coagent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "CoAgent: a transactional data layer for the shared state of LLM agents (MTPO).",
    subcommands = {ServerCommand.class, RoleCommand.class, ShellCommand.class, McpCommand.class,
        ToolsCommand.class, SamplesCommand.Demo.class, SamplesCommand.Bench.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (2 for usage errors, as picocli does). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: try 'coagent server --data DIR' or 'coagent --help'");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"coagent 0.1.0"};
    }
  }
}
