package io.coagent.cli;

import io.coagent.mcp.CoAgentMcpServer;
import io.coagent.server.CoAgentServer;
import io.coagent.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coagent server}: runs the PostgreSQL-protocol server in the foreground until SIGTERM or
 * SIGINT, which shut it down cleanly (running statements finish, sessions end with 57P01, stores
 * close; nothing acknowledged is lost, since every acknowledged statement was durable first).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Serve every store under --data to PostgreSQL clients (psql, psycopg, pgjdbc).")
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Directory of the stores: one database per store, DIR/NAME.coagent.")
  Path data;

  @Option(names = "--port", defaultValue = "5433", paramLabel = "N",
      description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--create", paramLabel = "NAME",
      description = "Create database NAME at start (repeatable). Databases are also created on "
          + "first use.")
  List<String> create = new ArrayList<>();

  @Option(names = "--auth", defaultValue = "scram", paramLabel = "MODE",
      description = "Login checking: scram (default: SCRAM-SHA-256 against 'coagent role' "
          + "roles) or trust (development only, loopback only: the user name is the agent "
          + "name, 'operator' an operator).")
  String auth;

  @Option(names = "--max-connections", defaultValue = "100", paramLabel = "N",
      description = "Sessions served at once (default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--mcp-port", paramLabel = "N",
      description = "Also serve MCP (Streamable HTTP at /mcp) on this port, same stores (0 picks "
          + "a free one). Auth: trust as for --auth trust (/mcp?agent=NAME&db=NAME), otherwise "
          + "bearer tokens from 'coagent role token'.")
  Integer mcpPort;

  @Option(names = "--mcp-tools", paramLabel = "FILE",
      description = "Declared MCP tools (YAML; check with 'coagent tools check FILE').")
  Path mcpTools;

  @Option(names = "--idle-timeout", defaultValue = "0", paramLabel = "SECONDS",
      description = "Close sessions idle outside a transaction for this long (0: never).")
  long idleTimeout;

  @Option(names = "--durability", defaultValue = "sync", paramLabel = "MODE",
      description = "sync (default): every acknowledged call is fsynced, it survives power loss;"
          + " flush: written to the OS, not fsynced: it survives a crash of the server, and on"
          + " power loss the newest acknowledged calls may be missing (never part of one).")
  String durability;

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "Offer TLS to clients that ask (sslmode=prefer/require/verify-full) with the "
          + "key and certificate of this PKCS#12 or JKS file; its password is read from the "
          + "environment variable named by --tls-password-env.")
  Path tlsKeystore;

  @Option(names = "--tls-password-env", defaultValue = "COAGENT_TLS_PASSWORD", paramLabel = "VAR",
      description = "Environment variable holding the keystore password (default "
          + "${DEFAULT-VALUE}); never a command-line argument, which other users can see.")
  String tlsPasswordEnv;

  @Option(names = "--tls-required",
      description = "Refuse clients that do not use TLS (SQLState 28000). Needs --tls-keystore.")
  boolean tlsRequired;

  @Override
  public Integer call() throws Exception {
    ServerConfig.Durability dur;
    switch (durability) {
      case "sync" -> dur = ServerConfig.Durability.SYNC;
      case "flush" -> dur = ServerConfig.Durability.FLUSH;
      default -> {
        System.err.println("coagent server: unknown --durability " + durability
            + ": use sync or flush");
        return 2;
      }
    }
    ServerConfig.Auth mode;
    switch (auth) {
      case "scram" -> mode = ServerConfig.Auth.SCRAM;
      case "trust" -> mode = ServerConfig.Auth.TRUST;
      default -> {
        System.err.println("coagent server: unknown --auth " + auth + ": use scram or trust");
        return 2;
      }
    }
    ServerConfig config = ServerConfig.of(data).withPort(port).withBind(bind).withAuth(mode)
        .withMaxConnections(maxConnections).withTimeouts(10_000, idleTimeout * 1000)
        .withDurability(dur);
    if (tlsRequired && tlsKeystore == null) {
      System.err.println("coagent server: --tls-required needs --tls-keystore FILE");
      return 2;
    }
    if (tlsKeystore != null) {
      String password = System.getenv(tlsPasswordEnv);
      if (password == null) {
        System.err.println("coagent server: --tls-keystore: set the keystore password in the "
            + "environment variable " + tlsPasswordEnv);
        return 2;
      }
      try {
        config = config.withTls(ServerConfig.Tls.keystore(tlsKeystore, password.toCharArray(),
            tlsRequired));
      } catch (java.io.IOException e) {
        System.err.println("coagent server: " + e.getMessage());
        return 1;
      }
    }
    CoAgentServer server;
    try {
      server = CoAgentServer.start(config);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("coagent server: " + e.getMessage());
      return 1;
    }
    for (String name : create) {
      server.create(name);
    }
    CoAgentMcpServer mcp = null;
    if (mcpPort != null) {
      try {
        mcp = CoAgentMcpServer.start(data, bind, mcpPort, mode == ServerConfig.Auth.TRUST
            ? CoAgentMcpServer.Auth.TRUST : CoAgentMcpServer.Auth.TOKEN, mcpTools);
      } catch (Exception e) {
        server.shutdown(Duration.ofSeconds(1));
        System.err.println("coagent server: MCP endpoint: " + e.getMessage());
        return 1;
      }
    }
    CoAgentMcpServer mcpServer = mcp;
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      if (mcpServer != null) {
        mcpServer.close();
      }
      server.shutdown(Duration.ofSeconds(10));
      System.out.println("coagent server stopped");
      System.out.flush();
      stopped.countDown();
    }, "coagent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("coagent server listening on " + bind + ":" + server.port() + " (data "
        + data.toAbsolutePath() + ", auth " + auth + ", tls " + (tlsKeystore == null ? "off"
        : tlsRequired ? "required" : "on") + ")");
    if (mcp != null) {
      System.out.println("coagent mcp listening on http://" + bind + ":" + mcp.port() + "/mcp");
    }
    System.out.flush();
    stopped.await(); // the shutdown hook ends the wait; System.exit follows from main
    return 0;
  }
}
