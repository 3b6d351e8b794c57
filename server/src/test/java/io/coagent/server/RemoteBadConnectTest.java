package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad {@code jdbc:coagent://} URLs, properties and credentials, as a table: each is refused with
 * the SQLState of its class and a message naming what is wrong, and none changes or wedges the
 * server's store: an agent in the middle of a trajectory carries on, and the data and
 * {@code SYS.VERIFY} are as before.
 */
class RemoteBadConnectTest {
  @TempDir Path dir;
  private CoAgentServer server;

  private record Case(String url, Properties info, String state, String mentions) {}

  @BeforeEach
  void start() throws Exception {
    Roles roles = Roles.in(dir);
    roles.put("planner", "planner", "pw-planner".toCharArray());
    roles.put("ops", null, "pw-ops".toCharArray());
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0)
        .withAuth(ServerConfig.Auth.SCRAM));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base(String db) {
    return "jdbc:coagent://127.0.0.1:" + server.port() + "/" + db;
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private List<Case> cases() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String ok = "?user=planner&password=pw-planner";
    List<Case> t = new ArrayList<>();
    t.add(new Case(base("default") + "?password=pw-planner", null, "28000", "no user"));
    t.add(new Case(base("default") + "?user=&password=x", null, "28000", "no user"));
    t.add(new Case(base("default") + ok + "&rank=1", null, "22023", "unknown property 'rank'"));
    t.add(new Case(base("default") + ok, props("agent", "other"), "22023",
        "unknown property 'agent'"));
    t.add(new Case(base("default") + "?user=planner&password=wrong", null, "28P01",
        "password authentication failed"));
    t.add(new Case(base("default") + "?user=mallory&password=x", null, "28P01",
        "password authentication failed"));
    t.add(new Case(base("default") + "?user=planner", null, "28P01", "password"));
    t.add(new Case(base("bad$name") + ok, null, "08001", "jdbc:coagent://HOST"));
    t.add(new Case(base("a".repeat(64)) + ok, null, "08001", "jdbc:coagent://HOST"));
    t.add(new Case(base("default") + "?user", null, "08001", "is not key=value"));
    t.add(new Case("jdbc:coagent://127.0.0.1:" + closedPort + "/default" + ok, null, "08001",
        "127.0.0.1"));
    t.add(new Case("jdbc:coagent://127.0.0.1:99999/default" + ok, null, "08001",
        "bad port 99999"));
    return t;
  }

  @Test
  void badUrlsPropertiesAndCredentials_areRefusedByClass_andLeaveTheStoreAsItWas()
      throws Exception {
    try (Connection ops = DriverManager.getConnection(base("default")
        + "?user=ops&password=pw-ops"); Statement s = ops.createStatement()) {
      s.execute("CREATE TABLE stock (sku VARCHAR(10) PRIMARY KEY, qty INTEGER)");
      s.execute("INSERT INTO stock VALUES ('a', 10)");
    }
    Connection planner = DriverManager.getConnection(base("default")
        + "?user=planner&password=pw-planner");
    planner.setAutoCommit(false);
    try (Statement s = planner.createStatement()) {
      s.executeUpdate("UPDATE stock SET qty = qty - 3 WHERE sku = 'a'");
    }
    List<String> wrong = new ArrayList<>();
    for (Case c : cases()) {
      try {
        DriverManager.getConnection(c.url(), c.info()).close();
        wrong.add(c.url() + ": connected");
      } catch (SQLException e) {
        if (!c.state().equals(e.getSQLState()) || e.getMessage() == null
            || !e.getMessage().contains(c.mentions())) {
          wrong.add(c.url() + " " + c.info() + ": expected " + c.state() + " mentioning '"
              + c.mentions() + "', got " + e.getSQLState() + ": " + e.getMessage());
        }
      }
      // the agent's open trajectory and the store are untouched by the refused connect
      try (Statement s = planner.createStatement();
          ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE sku = 'a'")) {
        assertTrue(rs.next());
        assertEquals(7, rs.getInt(1), "the agent's own write, after " + c.url());
      }
    }
    if (!wrong.isEmpty()) {
      fail(wrong.size() + " cases wrong:\n" + String.join("\n", wrong));
    }
    planner.commit();
    planner.close();
    try (Connection ops = DriverManager.getConnection(base("default")
        + "?user=ops&password=pw-ops"); Statement s = ops.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT qty FROM stock WHERE sku = 'a'")) {
        assertTrue(rs.next());
        assertEquals(7, rs.getInt(1));
      }
      try (ResultSet rs = s.executeQuery("CALL SYS.VERIFY()")) {
        assertTrue(rs.next());
        assertTrue(rs.getBoolean("OK"), "SYS.VERIFY after the refused connects");
      }
    }
  }
}
