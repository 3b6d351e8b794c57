package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DDL, DML and queries end to end through DriverManager on an operator connection. */
class SqlBasicsTest {
  private Connection c;
  private Statement s;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:coagent:mem:basics-" + UUID.randomUUID());
    s = c.createStatement();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  static List<String> rows(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        b.append(i > 1 ? "|" : "").append(rs.getString(i));
      }
      out.add(b.toString());
    }
    return out;
  }

  List<String> query(String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  @Test
  void createInsertSelectUpdateDelete() throws SQLException {
    s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, "
        + "qty BIGINT, price DECIMAL(10,2), ok BOOLEAN, ts TIMESTAMP, doc JSON, w DOUBLE)");
    assertEquals(2, s.executeUpdate("INSERT INTO items VALUES "
        + "(1, 'apple', 10, 1.25, TRUE, TIMESTAMP '2024-01-02 03:04:05', '{\"a\":1}', 0.5), "
        + "(2, 'pear', 5, 2.5, FALSE, NULL, NULL, NULL)"));
    assertEquals(List.of("1|apple|10|1.25|true|2024-01-02 03:04:05.0|{\"a\":1}|0.5",
        "2|pear|5|2.50|false|null|null|null"), query("SELECT * FROM items ORDER BY id"));
    assertEquals(1, s.executeUpdate("UPDATE items SET qty = qty + 1, name = upper(name) WHERE id = 2"));
    assertEquals(List.of("2|PEAR|6"), query("SELECT id, name, qty FROM items WHERE id = 2"));
    assertEquals(1, s.executeUpdate("UPDATE items SET w = w * 2 WHERE id = 1"));
    assertEquals(List.of("1|apple|10|1.25|true|2024-01-02 03:04:05.0|{\"a\":1}|1.0"),
        query("SELECT * FROM items WHERE id = 1"));
    assertEquals(List.of("1"), query("SELECT JSON_VALUE(doc, '$.a') FROM items WHERE id = 1"));
    assertEquals(1, s.executeUpdate("UPDATE items SET id = 7 WHERE id = 1"));
    assertEquals(List.of("2", "7"), query("SELECT id FROM items ORDER BY id"));
    assertEquals(1, s.executeUpdate("DELETE FROM items WHERE qty > 8"));
    assertEquals(List.of("2"), query("SELECT id FROM items"));
    assertEquals(1, s.executeUpdate("INSERT INTO items (id, name) SELECT id + 10, name || '!' FROM items"));
    assertEquals(List.of("2|PEAR", "12|PEAR!"), query("SELECT id, name FROM items ORDER BY id"));
  }

  @Test
  void tablesWithoutPrimaryKeyKeepDuplicates() throws SQLException {
    s.execute("CREATE TABLE t (a INTEGER, b VARCHAR)");
    s.executeUpdate("INSERT INTO t VALUES (1, 'x'), (1, 'x'), (2, 'y')");
    assertEquals(List.of("1|2", "2|1"), query("SELECT a, count(*) FROM t GROUP BY a ORDER BY a"));
    assertEquals(2, s.executeUpdate("UPDATE t SET b = 'z' WHERE a = 1"));
    assertEquals(List.of("1|z", "1|z", "2|y"), query("SELECT a, b FROM t ORDER BY a, b"));
    assertEquals(2, s.executeUpdate("DELETE FROM t WHERE b = 'z'"));
    assertEquals(List.of("2|y"), query("SELECT * FROM t"));
  }

  @Test
  void joinsAggregatesSubqueriesSetOps() throws SQLException {
    s.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, name VARCHAR)");
    s.execute("CREATE TABLE e (id INTEGER PRIMARY KEY, dept INTEGER, sal INTEGER)");
    s.executeUpdate("INSERT INTO d VALUES (1, 'eng'), (2, 'ops'), (3, 'none')");
    s.executeUpdate("INSERT INTO e VALUES (1, 1, 100), (2, 1, 200), (3, 2, 50)");
    assertEquals(List.of("eng|300", "ops|50"), query("SELECT d.name, sum(e.sal) FROM d JOIN e "
        + "ON d.id = e.dept GROUP BY d.name ORDER BY 1"));
    assertEquals(List.of("2"), query("SELECT id FROM e WHERE sal > (SELECT avg(sal) FROM e)"));
    assertEquals(List.of("none"), query("SELECT name FROM d WHERE NOT EXISTS "
        + "(SELECT 1 FROM e WHERE e.dept = d.id)"));
    assertEquals(List.of("1", "2", "3"), query("SELECT id FROM d UNION SELECT dept FROM e ORDER BY 1"));
    assertEquals(List.of("2|200"), query("SELECT id, sal FROM e ORDER BY sal DESC LIMIT 1"));
    assertEquals(List.of("big", "small", "small"),
        query("SELECT CASE WHEN sal >= 100 AND id > 1 THEN 'big' ELSE 'small' END FROM e ORDER BY 1"));
  }

  @Test
  void preparedStatementsBindParameters() throws SQLException {
    s.execute("CREATE TABLE kv (k VARCHAR PRIMARY KEY, v INTEGER, ts TIMESTAMP)");
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
      for (int i = 0; i < 5; i++) {
        ins.setString(1, "k" + i);
        ins.setInt(2, i * 10);
        ins.setTimestamp(3, new Timestamp(1_000_000L * i));
        ins.addBatch();
      }
      assertEquals(5, ins.executeBatch().length);
    }
    try (PreparedStatement q = c.prepareStatement("SELECT v FROM kv WHERE k = ?");
        PreparedStatement u = c.prepareStatement("UPDATE kv SET v = ? WHERE k = ?")) {
      u.setLong(1, 99);
      u.setString(2, "k3");
      assertEquals(1, u.executeUpdate());
      q.setString(1, "k3");
      ResultSet rs = q.executeQuery();
      assertTrue(rs.next());
      assertEquals(99, rs.getInt(1));
      assertFalse(rs.next());
    }
    ResultSet rs = s.executeQuery("SELECT ts FROM kv WHERE k = 'k2'");
    assertTrue(rs.next());
    assertEquals(new Timestamp(2_000_000L), rs.getTimestamp(1));
    assertEquals(new BigDecimal("4"), query("SELECT count(*) FROM kv WHERE v < 99").stream()
        .map(BigDecimal::new).findFirst().orElseThrow());
  }

  @Test
  void explainShowsKeyFilterPushedIntoTheScan() throws SQLException {
    s.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, v INTEGER)");
    String plan = String.join("\n", query("EXPLAIN PLAN FOR SELECT v FROM p WHERE id = 5"));
    assertTrue(plan.contains("CoAgentTableScan") && plan.contains("filters=[[=($0, 5)]]"), plan);
    // generated code once per plan, no interpreter built per execution
    assertFalse(plan.contains("EnumerableInterpreter") || plan.contains("Bindable"), plan);
    String range = String.join("\n", query("EXPLAIN PLAN FOR SELECT v FROM p WHERE id > 5 AND id <= 9"));
    assertTrue(range.contains("filters="), range);
    s.execute("CREATE TABLE tasks (project VARCHAR, n INTEGER, title VARCHAR, PRIMARY KEY (project, n))");
    String prefix = String.join("\n",
        query("EXPLAIN PLAN FOR SELECT title FROM tasks WHERE project = 'b'"));
    assertTrue(prefix.contains("CoAgentTableScan(table=[[COAGENT, TASKS]], filters=[[=($0, 'b')]]"),
        prefix);
    String both = String.join("\n",
        query("EXPLAIN PLAN FOR SELECT title FROM tasks WHERE project = 'b' AND n > 2"));
    assertTrue(both.contains("filters=[[=($0, 'b'), >($1, 2)]]"), both);
  }

  @Test
  void generalPlansAreCompiledNotInterpreted() throws SQLException {
    s.execute("CREATE TABLE g (id INTEGER PRIMARY KEY, owner VARCHAR, balance BIGINT)");
    for (String q : new String[] {
        "SELECT owner FROM g WHERE id BETWEEN 2 AND 9 AND balance > 3",
        "SELECT count(*), sum(balance) FROM g WHERE owner LIKE 'a%'",
        "SELECT a.owner, b.owner FROM g a JOIN g b ON a.balance = b.id WHERE a.id < 5",
        "SELECT \"$KEY\", balance FROM \"$DML\".g WHERE id > 2 AND balance < 7"}) {
      String plan = String.join("\n", query("EXPLAIN PLAN FOR " + q));
      assertTrue(plan.contains("CoAgentTableScan"), plan);
      assertFalse(plan.contains("EnumerableInterpreter") || plan.contains("Bindable"), plan);
    }
    // the projection is pushed: the footprint holds the filter and selected columns only
    assertTrue(String.join("\n", query("EXPLAIN PLAN FOR SELECT sum(balance) FROM g "
        + "WHERE owner LIKE 'a%'")).contains("projects=[[1, 2]]"));
  }

  @Test
  void errorsCarrySqlStatesAndHaveNoEffect() throws SQLException {
    s.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)");
    s.executeUpdate("INSERT INTO u VALUES (1, 'a')");
    assertEquals("42000", assertThrows(SQLException.class, () -> s.execute("SELEC 1")).getSQLState());
    SQLException t = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nope"));
    assertEquals("42S02", t.getSQLState());
    assertTrue(t.getMessage().contains("NOPE"), t.getMessage());
    SQLException col = assertThrows(SQLException.class, () -> s.executeQuery("SELECT zz FROM u"));
    assertEquals("42S22", col.getSQLState());
    assertTrue(col.getMessage().contains("ZZ"), col.getMessage());
    SQLException dup = assertThrows(SQLException.class,
        () -> s.executeUpdate("INSERT INTO u VALUES (2, 'b'), (1, 'c')"));
    assertEquals("23505", dup.getSQLState());
    SQLException nn = assertThrows(SQLException.class,
        () -> s.executeUpdate("INSERT INTO u VALUES (3, NULL)"));
    assertEquals("23502", nn.getSQLState());
    assertTrue(nn.getMessage().contains("NAME"), nn.getMessage());
    SQLException type = assertThrows(SQLException.class,
        () -> s.executeUpdate("INSERT INTO u VALUES ('x', 'c')"));
    assertEquals("42804", type.getSQLState());
    assertEquals("42S02", assertThrows(SQLException.class,
        () -> s.executeUpdate("INSERT INTO nope VALUES (1)")).getSQLState());
    assertEquals("42S22", assertThrows(SQLException.class,
        () -> s.executeUpdate("UPDATE u SET nope = 1")).getSQLState());
    assertEquals("42804", assertThrows(SQLException.class,
        () -> s.executeUpdate("UPDATE u SET id = TRUE")).getSQLState());
    assertEquals("22018", assertThrows(SQLException.class,
        () -> s.executeUpdate("UPDATE u SET id = 'abc'")).getSQLState());
    assertEquals("22012", assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1/0"))
        .getSQLState(), "a constant folded into generated code still fails as an SQLException");
    assertEquals("22012", assertThrows(SQLException.class,
        () -> s.executeUpdate("UPDATE u SET id = 1/0")).getSQLState());
    assertEquals(List.of("1|a"), query("SELECT * FROM u"));
  }

  @Test
  void metadataListsTablesAndColumns() throws SQLException {
    s.execute("CREATE TABLE m (id BIGINT PRIMARY KEY, label VARCHAR)");
    var md = c.getMetaData();
    assertEquals(List.of("null|COAGENT|M|TABLE|null|null|null|null|null|null"),
        rows(md.getTables(null, null, "M", null)));
    assertEquals(List.of("ID|-5|NO", "LABEL|12|YES"), rows(md.getColumns(null, null, "M", null))
        .stream().map(r -> {
          String[] f = r.split("\\|");
          return f[3] + "|" + f[4] + "|" + f[17];
        }).toList());
    assertEquals(List.of("null|COAGENT|M|ID|1|PK_M"), rows(md.getPrimaryKeys(null, null, "M")));
  }

  @Test
  void schemaChangesAreVisibleToOtherConnections() throws SQLException {
    String url = "jdbc:coagent:mem:shared-" + UUID.randomUUID();
    try (Connection a = DriverManager.getConnection(url);
        Connection b = DriverManager.getConnection(url)) {
      a.createStatement().execute("CREATE TABLE x (v INTEGER)");
      b.createStatement().executeUpdate("INSERT INTO x VALUES (1)");
      assertEquals(List.of("1"), rows(a.createStatement().executeQuery("SELECT v FROM x")));
      b.createStatement().execute("DROP TABLE x");
      a.createStatement().execute("CREATE TABLE x (v VARCHAR, w INTEGER)");
      assertEquals(List.of(), rows(b.createStatement().executeQuery("SELECT v, w FROM x")));
      assertEquals("42S02", assertThrows(SQLException.class,
          () -> a.createStatement().execute("DROP TABLE nothere")).getSQLState());
      a.createStatement().execute("DROP TABLE IF EXISTS nothere");
    }
  }

  /** What jOOQ's bind values need: a LIMIT bound as a Long, a SET expression with a parameter. */
  @Test
  void parametersTakeTheTypeCalciteInfersAndWorkInsideSetExpressions() throws SQLException {
    s.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, qty INTEGER)");
    s.executeUpdate("INSERT INTO p VALUES (1, 5), (2, 6), (3, 7)");
    try (PreparedStatement limit = c.prepareStatement("SELECT id FROM p ORDER BY id LIMIT ?")) {
      limit.setLong(1, 2L);
      assertEquals(List.of("1", "2"), rows(limit.executeQuery()));
      limit.setBigDecimal(1, BigDecimal.ONE);
      assertEquals(List.of("1"), rows(limit.executeQuery()));
    }
    try (PreparedStatement add = c.prepareStatement("UPDATE p SET qty = qty + ? WHERE id = ?")) {
      add.setLong(1, 10L);
      add.setInt(2, 1);
      assertEquals(1, add.executeUpdate());
      add.setBigDecimal(1, new BigDecimal("0.4"));
      add.setInt(2, 2);
      SQLException fraction = assertThrows(SQLException.class, add::executeUpdate);
      assertEquals("22003", fraction.getSQLState(), "the parameter is INTEGER (inferred from qty)");
    }
    assertEquals(List.of("1|15", "2|6", "3|7"), query("SELECT * FROM p ORDER BY id"));
  }
}
