package io.coagent.server;

import io.coagent.jdbc.SqlFuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link SqlFuzzTest}'s statements over the wire: plain pgjdbc (not the CoAgent driver) against a
 * real server, so every failure is the server's ErrorResponse as a client sees it, held to the
 * same rule: a five-character SQLState of the failure's class, never XX000, and the store
 * consistent (SYS.VERIFY, an untouched table) after them. The seed is printed.
 */
class ServerSqlFuzzTest extends SqlFuzzTest {
  private CoAgentServer server;
  private Path dir;

  @Override
  protected Connection open() throws SQLException {
    try {
      dir = Files.createTempDirectory("coagent-server-fuzz");
      server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
    } catch (IOException e) {
      throw new SQLException("cannot start the server under test", "58030", e);
    }
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/fuzz?user=operator");
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
