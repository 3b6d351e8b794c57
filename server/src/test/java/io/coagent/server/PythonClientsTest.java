package io.coagent.server;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's inventory race played by two Python agent processes (samples/python), with psycopg2
 * and with psycopg 3: the higher rank is notified through the driver's notification API, undoes
 * and redoes its sale, and commits after the lower rank; the final stock equals the serial run.
 */
class PythonClientsTest {
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

  @ParameterizedTest
  @ValueSource(strings = {"psycopg2", "psycopg"})
  void inventoryRace_higherRankRepairs_andStateEqualsSerialRun(String driver) throws Exception {
    ExternalClients.require("python3 module " + driver, ExternalClients.pythonModule(driver));
    String script = ExternalClients.repoRoot().resolve("samples/python/inventory_race.py")
        .toString();
    String port = Integer.toString(server.port());
    InventoryRace.play(server,
        List.of(ExternalClients.PYTHON, script, "restock", "--port", port, "--driver", driver),
        List.of(ExternalClients.PYTHON, script, "orders", "--port", port, "--driver", driver));
  }
}
