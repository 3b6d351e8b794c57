package io.coagent.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's inventory race played by two node-postgres agent processes (samples/node): the higher
 * rank is notified through the client's {@code notification} event, undoes and redoes its sale,
 * and commits after the lower rank; the final stock equals the serial run.
 */
class NodeClientTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void inventoryRace_higherRankRepairs_andStateEqualsSerialRun() throws Exception {
    Path samples = ExternalClients.repoRoot().resolve("samples/node");
    ExternalClients.require("node and samples/node/node_modules/pg (npm ci --prefix samples/node)",
        Files.isExecutable(Path.of("/usr/bin/node"))
            && Files.isDirectory(samples.resolve("node_modules/pg")));
    String script = samples.resolve("inventory_race.mjs").toString();
    String port = Integer.toString(server.port());
    InventoryRace.play(server, List.of("/usr/bin/node", script, "restock", "--port", port),
        List.of("/usr/bin/node", script, "orders", "--port", port));
  }
}
