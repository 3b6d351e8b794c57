package io.coagent.cli;

import io.coagent.server.Roles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coagent role add|remove|list|token}: the roles a SCRAM server and the MCP endpoint accept. */
@Command(name = "role", mixinStandardHelpOptions = true,
    description = "Manage the server's roles (DATA/roles.json; SCRAM verifiers and token hashes, "
        + "never passwords or tokens).",
    subcommands = {RoleCommand.Add.class, RoleCommand.Remove.class, RoleCommand.ListRoles.class,
        RoleCommand.Token.class})
final class RoleCommand {

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add or replace a role. The password is read from stdin (--password-stdin), "
          + "from COAGENT_PASSWORD, or prompted for.")
  static final class Add implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR") Path data;
    @Parameters(index = "0", paramLabel = "NAME", description = "The login name.") String name;

    static final class Kind {
      @Option(names = "--agent", paramLabel = "AGENT",
          description = "The one agent this role acts as.") String agent;
      @Option(names = "--operator", description = "An operator role (no rank).") boolean operator;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Kind kind;

    @Option(names = "--password-stdin", description = "Read the password from the first line "
        + "of stdin.") boolean stdin;

    @Override
    public Integer call() throws Exception {
      char[] password;
      if (stdin) {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            .readLine();
        password = line == null ? new char[0] : line.toCharArray();
      } else if (System.getenv("COAGENT_PASSWORD") != null) {
        password = System.getenv("COAGENT_PASSWORD").toCharArray();
      } else if (System.console() != null) {
        password = System.console().readPassword("password for role %s: ", name);
      } else {
        System.err.println("coagent role add: no password: use --password-stdin, "
            + "COAGENT_PASSWORD, or run in a terminal");
        return 2;
      }
      try {
        Roles.in(data).put(name, kind.operator ? null : kind.agent, password);
      } catch (IllegalArgumentException e) {
        System.err.println("coagent role add: " + e.getMessage());
        return 2;
      }
      System.out.println("role " + name + (kind.operator ? " (operator)" : " acts as agent "
          + kind.agent));
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a role.")
  static final class Remove implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR") Path data;
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public Integer call() throws Exception {
      if (!Roles.in(data).remove(name)) {
        System.err.println("coagent role remove: no role " + name);
        return 1;
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the roles.")
  static final class ListRoles implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR") Path data;

    @Override
    public Integer call() throws Exception {
      for (Roles.Role r : Roles.in(data).list()) {
        System.out.println(r.name() + "\t" + (r.operator() ? "operator" : "agent " + r.agent()));
      }
      return 0;
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = "Print a fresh bearer token for the MCP endpoint (Authorization: Bearer ...); "
          + "it replaces the role's previous token. Only its SHA-256 hash is stored.")
  static final class Token implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR") Path data;
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public Integer call() throws Exception {
      try {
        System.out.println(Roles.in(data).newToken(name));
      } catch (IllegalArgumentException e) {
        System.err.println("coagent role token: " + e.getMessage());
        return 1;
      }
      return 0;
    }
  }
}
