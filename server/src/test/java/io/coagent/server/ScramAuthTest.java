package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCRAM-SHA-256 logins against the server's roles, with pgjdbc and psql. */
class ScramAuthTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    Roles roles = Roles.in(dir);
    roles.put("alice", "alice", "s3cret".toCharArray());
    roles.put("bot-7", "planner", "pw-planner".toCharArray());
    roles.put("ops", null, "pw-ops".toCharArray());
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0)
        .withAuth(ServerConfig.Auth.SCRAM));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/default?sslmode=disable", user, password);
  }

  private static String whoAmI(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void rightPassword_logsInAsTheRolesAgent() throws Exception {
    try (Connection c = connect("alice", "s3cret")) {
      assertEquals("alice", whoAmI(c));
    }
    try (Connection c = connect("bot-7", "pw-planner")) {
      assertEquals("planner", whoAmI(c), "a role acts as its one agent, whatever its name");
    }
    try (Connection c = connect("ops", "pw-ops"); Statement s = c.createStatement()) {
      assertEquals("operator", whoAmI(c));
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    }
  }

  @Test
  void wrongPasswordOrUnknownRole_isRefusedWith28P01_andTheSameMessageShape() {
    SQLException wrong = assertThrows(SQLException.class, () -> connect("alice", "nope"));
    assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
    SQLException unknown = assertThrows(SQLException.class, () -> connect("mallory", "x"));
    assertEquals("28P01", unknown.getSQLState(), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("password authentication failed"));
    // An agent name is never taken from the login user: "planner" is not a role.
    assertThrows(SQLException.class, () -> connect("planner", "pw-planner"));
  }

  @Test
  void rolesFile_holdsVerifiersNeverPasswords() throws Exception {
    String file = Files.readString(dir.resolve("roles.json"));
    assertFalse(file.contains("s3cret"));
    assertFalse(file.contains("pw-planner"));
    assertTrue(file.contains("SCRAM-SHA-256$4096:"));
  }

  @Test
  void psql_logsInWithScram() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/psql", "-X", "-h", "127.0.0.1", "-p",
        Integer.toString(server.port()), "-U", "alice", "-d", "default", "-At", "-c",
        "SELECT current_user").redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", "s3cret");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals("alice", out.strip());
    pb.environment().put("PGPASSWORD", "wrong");
    p = pb.start();
    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(out.contains("password authentication failed"), out);
  }
}
