package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed URLs and bad properties, as a table: each is refused with its SQLState (08001 for a
 * URL that cannot be used, 22023 for a bad property value, the engine's state for a connect the
 * engine refuses) and a message that names what is wrong and shows a correct URL. Run against a
 * live store with data, which must afterwards be exactly as before and fully usable.
 */
class BadUrlTableTest {
  private static final String URL_FORM = "jdbc:coagent:mem:NAME";

  /** One bad case: URL, extra Properties (may be null), state, a fragment of the message. */
  private record Case(String url, Properties info, String state, String fragment) {
    @Override
    public String toString() {
      return JdbcUrl.masked(url) + (info == null ? "" : " + " + info.keySet());
    }
  }

  private static Properties props(Object... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  /** The table; {@code u} is the store's correct URL. */
  private static List<Case> cases(String u, String fileUrl) {
    String bad = "08001";
    String value = "22023";
    List<Case> t = new ArrayList<>();
    // prefix, mode, location
    t.add(new Case("jdbc:coagent:", null, bad, "mode and location are missing"));
    t.add(new Case("jdbc:coagent:mem", null, bad, "store name after mem: is empty"));
    t.add(new Case("jdbc:coagent:mem:", null, bad, "store name after mem: is empty"));
    t.add(new Case("jdbc:coagent:file:", null, bad, "path after file: is empty"));
    t.add(new Case("jdbc:coagent:memory:x", null, bad, "mode 'memory' is not known"));
    t.add(new Case(u.replace(":mem:", ":MEM:"), null, bad, "lowercase"));
    t.add(new Case("jdbc:coagent:File:/tmp/x", null, bad, "lowercase"));
    t.add(new Case("jdbc:coagent:x", null, bad, "mode 'x' is not known"));
    t.add(new Case("jdbc:coagent:tcp://localhost:5432/x", null, bad, "network URLs"));
    // A server URL is refused before any network or store access when it names no role.
    t.add(new Case("jdbc:coagent://localhost/x", null, "28000", "no user"));
    t.add(new Case("jdbc:coagent://localhost:0x/x?user=a", null, bad, "jdbc:coagent://HOST"));
    t.add(new Case("jdbc:coagent:mem:" + "a".repeat(129), null, bad, "129 characters"));
    // trailing junk and syntax
    t.add(new Case(u + "?agent=a", null, bad, "character '?'"));
    t.add(new Case(u + " agent=a", null, bad, "character ' '"));
    t.add(new Case(u + "/x", null, bad, "character '/'"));
    t.add(new Case(u + "&agent=a", null, bad, "character '&'"));
    t.add(new Case(u + " ", null, bad, "spaces before or after"));
    t.add(new Case(u + "\n", null, bad, "control character"));
    t.add(new Case(u + "\t;agent=a", null, bad, "control character"));
    t.add(new Case(u + ";", null, bad, "empty property"));
    t.add(new Case(u + ";;agent=a", null, bad, "empty property"));
    t.add(new Case(u + ";agent", null, bad, "has no value"));
    t.add(new Case(u + ";=a", null, bad, "has no key"));
    t.add(new Case(u + "; agent=a", null, bad, "spaces around it"));
    t.add(new Case("jdbc:coagent:file:/tmp/x?agent=a", null, bad, "'?'"));
    t.add(new Case("jdbc:coagent:file:~/store", null, bad, "'~'"));
    t.add(new Case("jdbc:coagent:file: /tmp/x", null, bad, "spaces before or after"));
    // unknown and repeated keys
    t.add(new Case(u + ";agnet=a", null, bad, "did you mean agent?"));
    t.add(new Case(u + ";timeout=5", null, bad, "'timeout' is not known"));
    t.add(new Case(u, props("agnet", "a"), bad, "did you mean agent?"));
    t.add(new Case(u + ";agent=a;agent=b", null, bad, "agent appears more than once"));
    t.add(new Case(u + ";agent=a;AGENT=a", null, bad, "agent appears more than once"));
    t.add(new Case(u + ";agent=a;rank=1;rank=2", null, bad, "rank appears more than once"));
    // bad values
    t.add(new Case(u + ";agent=", null, value, "value is empty"));
    t.add(new Case(u + ";agent= a", null, value, "spaces around it"));
    t.add(new Case(u + ";agent=$operator-1", null, value, "reserved"));
    t.add(new Case(u + ";agent=" + "a".repeat(129), null, value, "129 characters"));
    t.add(new Case(u + ";agent=a;rank=abc", null, value, "not a whole number"));
    t.add(new Case(u + ";agent=a;rank=1.5", null, value, "not a whole number"));
    t.add(new Case(u + ";agent=a;rank=+5", null, value, "not a whole number"));
    t.add(new Case(u + ";agent=a;rank=0x10", null, value, "not a whole number"));
    t.add(new Case(u + ";agent=a;rank=-1", null, value, "outside 0.."));
    t.add(new Case(u + ";agent=a;rank=" + Long.MAX_VALUE, null, value, "outside 0.."));
    t.add(new Case(u + ";agent=a;rank=99999999999999999999999", null, value, "outside 0.."));
    t.add(new Case(u + ";agent=a;rank=", null, value, "value is empty"));
    t.add(new Case(u + ";rank=1", null, value, "rank needs an agent"));
    t.add(new Case(u + ";isolation=snapshot", null, value, "not one of mtpo"));
    t.add(new Case(u + ";isolation=", null, value, "value is empty"));
    t.add(new Case(u + ";isolation= occ", null, value, "spaces around it"));
    // bad Properties: types and conflicts with the URL
    t.add(new Case(u, props(1, "a"), value, "is a Integer, not a String"));
    t.add(new Case(u, props("agent", "a", "rank", 1.5), value, "is a Double"));
    t.add(new Case(u, props("agent", 5), value, "is a Integer; agent takes a String"));
    t.add(new Case(u, props("user", 5), value, "is a Integer; user takes a String"));
    t.add(new Case(u + ";agent=a;rank=1", props("rank", "2"), value, "give it in one place"));
    t.add(new Case(u + ";agent=a", props("agent", "b"), value, "give it in one place"));
    t.add(new Case(u + ";isolation=mtpo", props("isolation", "occ"), value,
        "give it in one place"));
    t.add(new Case(u, props("rank", "1"), value, "rank needs an agent"));
    // a durable store: refused before the file is touched
    t.add(new Case(fileUrl + ";agent=a;rank=x", null, value, "not a whole number"));
    t.add(new Case(fileUrl + ";bogus=1", null, bad, "'bogus' is not known"));
    return t;
  }

  @Test
  void everyBadUrlOrProperty_isRefusedWithItsState_andLeavesTheStoreAsItWas(@TempDir Path dir)
      throws Exception {
    String u = "jdbc:coagent:mem:badurl-" + UUID.randomUUID();
    Path file = dir.resolve("store");
    String fileUrl = "jdbc:coagent:file:" + file;
    try (Connection setup = DriverManager.getConnection(u + ";agent=setup");
        Statement s = setup.createStatement()) {
      s.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(20))");
      s.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, 'b')");
      setup.commit();
    }
    // an active agent at rank 1000, so that the engine can refuse a conflicting rank
    Connection holder = DriverManager.getConnection(u + ";agent=holder;rank=1000");
    Connection operator = DriverManager.getConnection(u);
    List<String> before = snapshot(operator);

    List<Case> table = new ArrayList<>(cases(u, fileUrl));
    // valid URLs whose connect the engine refuses: a failed connect changes nothing either
    table.add(new Case(u + ";agent=other;rank=1000", null, "MT001", "rank 1000"));
    table.add(new Case(u + ";agent=late;rank=0", null, "MT002", "not above committed rank"));
    assertTrue(table.size() >= 50, "table size " + table.size());
    for (Case c : table) {
      SQLException e = assertThrows(SQLException.class,
          () -> assertTimeoutPreemptively(Duration.ofSeconds(10),
              () -> DriverManager.getConnection(c.url(), c.info() == null ? new Properties()
                  : c.info())), c.toString());
      assertEquals(c.state(), e.getSQLState(), c + ": " + e.getMessage());
      assertTrue(e.getMessage().contains(c.fragment()), c + ": " + e.getMessage());
      if (c.state().equals("08001")) {
        // Embedded URLs show the embedded form; server URLs a server example.
        assertTrue(e.getMessage().contains(URL_FORM)
            || e.getMessage().contains("e.g. jdbc:coagent://"), "shows a correct URL: "
            + e.getMessage());
      } else if (c.state().equals("22023")) {
        assertTrue(e.getMessage().contains("e.g. jdbc:coagent:mem:"),
            "shows a correct URL: " + e.getMessage());
      }
    }

    assertEquals(before, snapshot(operator), "the store is exactly as before");
    assertFalse(Files.exists(file), "a refused file URL creates no store");
    holder.rollback();
    holder.close();
    // a correct connection still works: reads the same data, writes and commits promptly
    try (Connection after = DriverManager.getConnection(u + ";agent=after");
        Statement s = after.createStatement()) {
      assertEquals(List.of("1|a", "2|b"), rows(s, "SELECT ID, NAME FROM T ORDER BY ID"));
      assertEquals(1, s.executeUpdate("INSERT INTO T VALUES (3, 'c')"));
      assertTimeoutPreemptively(Duration.ofSeconds(10), after::commit);
    }
    try (Connection check = DriverManager.getConnection(u + ";agent=check");
        Statement s = check.createStatement()) {
      assertEquals(List.of("1|a", "2|b", "3|c"), rows(s, "SELECT ID, NAME FROM T ORDER BY ID"));
      check.commit();
    }
    // and so does the file store the refused URLs named
    try (Connection f = DriverManager.getConnection(fileUrl)) {
      assertTrue(f.isValid(1));
    } finally {
      Stores.close(JdbcUrl.parse(fileUrl, null).address());
    }
    operator.close();
    Stores.close(JdbcUrl.parse(u, null).address());
  }

  @Test
  void aStoreFileThatCannotOpen_failsWithAState_andARetryAfterTheFixOpens(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("junk");
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
    String url = "jdbc:coagent:file:" + file;
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
    assertNotNull(e.getSQLState(), e.toString());
    assertFalse(e.getSQLState().equals("XX000"), e.getSQLState() + " " + e.getMessage());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    Files.delete(file);
    try (Connection c = DriverManager.getConnection(url)) {
      assertTrue(c.isValid(1), "a failed open leaves nothing behind in the registry");
    } finally {
      Stores.close(JdbcUrl.parse(url, null).address());
    }
  }

  @Test
  void passwordValues_neverAppearInMessages() {
    String u = "jdbc:coagent:mem:pw"; // refused before any store opens
    SQLException inUrl = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(u + ";password=s3cret;bogus=1"));
    assertFalse(inUrl.getMessage().contains("s3cret"), inUrl.getMessage());
    assertTrue(inUrl.getMessage().contains("password=***"), inUrl.getMessage());
    SQLException typed = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(u, props("password", 987654321)));
    assertEquals("22023", typed.getSQLState());
    assertFalse(typed.getMessage().contains("987654321"), typed.getMessage());
  }

  @Test
  void otherDriversUrls_areNotAccepted_andConnectAnswersNull() throws SQLException {
    CoAgentDriver d = new CoAgentDriver();
    for (String url : List.of("jdbc:h2:mem:x", "jdbc:postgresql://h/db", " jdbc:coagent:mem:x",
        "JDBC:COAGENT:mem:x", "jdbc:coagentx:mem:x", "")) {
      assertFalse(d.acceptsURL(url), url);
      assertNull(d.connect(url, new Properties()), url);
    }
    assertTrue(d.acceptsURL("jdbc:coagent:mem:x"));
    SQLException nullUrl = assertThrows(SQLException.class, () -> d.acceptsURL(null));
    assertEquals("08001", nullUrl.getSQLState());
    assertEquals("08001",
        assertThrows(SQLException.class, () -> d.connect(null, null)).getSQLState());
  }

  @Test
  void propertyInfo_listsEveryDeclaredProperty() {
    DriverPropertyInfo[] info = new CoAgentDriver().getPropertyInfo("jdbc:coagent:mem:x",
        props("agent", "planner"));
    assertEquals(JdbcUrl.Property.values().length, info.length);
    assertEquals("agent", info[0].name);
    assertEquals("planner", info[0].value);
    for (DriverPropertyInfo i : info) {
      assertNotNull(i.description, i.name);
    }
  }

  @Test
  void goodUrls_parseToTheirParts() throws SQLException {
    JdbcUrl a = JdbcUrl.parse("jdbc:coagent:mem:shop;agent=planner;RANK=7;isolation=OCC",
        props("user", "sa", "password", ""));
    assertEquals(new JdbcUrl("mem", "shop", "planner", 7L, "occ", null, null, null), a);
    JdbcUrl b = JdbcUrl.parse("jdbc:coagent:mem:shop", props("agent", "p", "rank", 3));
    assertEquals(new JdbcUrl("mem", "shop", "p", 3L, null, null, null, null), b);
    JdbcUrl d = JdbcUrl.parse("jdbc:coagent:mem:shop;lease_timeout=30000ms", null);
    assertEquals("30s", d.leaseTimeout(), "normalised by the engine's parser");
    JdbcUrl c = JdbcUrl.parse("jdbc:coagent:mem:shop;agent=p", props("agent", "p"));
    assertEquals("p", c.agent());
  }

  private static List<String> snapshot(Connection operator) throws SQLException {
    try (Statement s = operator.createStatement()) {
      // the snapshot's own reads are operator trajectories: leave those out
      List<String> out = new ArrayList<>(rows(s, "SELECT ID, AGENT, \"RANK\", STATE FROM "
          + "SYS.ALL_TRAJECTORIES WHERE AGENT NOT LIKE '$operator-%' ORDER BY ID"));
      out.addAll(rows(s, "SELECT ID, NAME FROM T ORDER BY ID"));
      return out;
    }
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
