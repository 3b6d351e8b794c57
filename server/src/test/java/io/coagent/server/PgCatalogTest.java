package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL catalog as real clients read it: pgjdbc's DatabaseMetaData (getTables,
 * getColumns, getPrimaryKeys, getSchemas) and psql's
 * {@code \dt}, {@code \d TABLE}, {@code \l} and {@code \dn}, over tables created in the test.
 */
class PgCatalogTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0));
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR(20) NOT NULL,"
          + " qty INTEGER, price DECIMAL(10,2))");
      s.execute("CREATE TABLE lines (order_id BIGINT, line INTEGER, note VARCHAR(80),"
          + " done BOOLEAN, PRIMARY KEY (order_id, line))");
      s.execute("CREATE TABLE log (msg VARCHAR(100))");
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Connection connect(String user) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/default?user=" + user + "&sslmode=disable");
  }

  private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
          b.append(b.length() == 0 ? "" : "|").append(rs.getString(c));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void pgjdbcMetaData_listsTablesColumnsPrimaryKeysAndSchemas() throws Exception {
    try (Connection c = connect("orders")) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals(List.of("public|lines|TABLE", "public|log|TABLE", "public|stock|TABLE"),
          rows(md.getTables(null, null, "%", new String[] {"TABLE"}), "TABLE_SCHEM",
              "TABLE_NAME", "TABLE_TYPE"));
      assertEquals(List.of("public|stock"), rows(md.getTables(null, "public", "st%", new String[] {"TABLE"}),
          "TABLE_SCHEM", "TABLE_NAME"));
      assertEquals(List.of(
          "id|" + Types.INTEGER + "|int4|10|0|0",
          "item|" + Types.VARCHAR + "|varchar|2147483647|1|0",
          "qty|" + Types.INTEGER + "|int4|10|2|1",
          "price|" + Types.NUMERIC + "|numeric|10|3|1"),
          columns(md, "stock"));
      assertEquals(List.of("lines|order_id|1|lines_pkey", "lines|line|2|lines_pkey"),
          rows(md.getPrimaryKeys(null, null, "lines"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
              "PK_NAME"));
      assertEquals(List.of("stock|id|1|stock_pkey"), rows(md.getPrimaryKeys(null, "public",
          "stock"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
      assertEquals(List.of(), rows(md.getPrimaryKeys(null, null, "log"), "COLUMN_NAME"));
      List<String> schemas = rows(md.getSchemas(), "TABLE_SCHEM");
      assertTrue(schemas.contains("public") && schemas.contains("pg_catalog"), "" + schemas);
    }
  }

  /** name|jdbc type|type name|size|ordinal-1 ... with nullability: 0 no nulls, 1 nullable. */
  private static List<String> columns(DatabaseMetaData md, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, null, table, "%")) {
      int i = 0;
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME") + "|" + rs.getInt("DATA_TYPE") + "|"
            + rs.getString("TYPE_NAME") + "|" + rs.getInt("COLUMN_SIZE") + "|" + i++ + "|"
            + rs.getInt("NULLABLE"));
      }
    }
    return out;
  }

  @Test
  void catalogReads_areNotMtpoReads_noTrajectoryNoFootprint() throws Exception {
    try (Connection c = connect("orders"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_catalog.pg_class c"
          + " WHERE c.relkind = 'r' ORDER BY 1")) {
        assertTrue(rs.next());
        assertEquals("lines", rs.getString(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM SYS.OPERATIONS")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1), "a catalog read must log no operation of the agent");
      }
    }
  }

  @Test
  void currentUser_insideALargerQuery_isTheSessionsAgent() throws Exception {
    try (Connection c = connect("orders"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_USER || '@' || 'x', SESSION_USER"
            + " FROM SYS.RESERVATIONS UNION ALL SELECT CURRENT_USER, USER FROM"
            + " INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = 'public'")) {
      assertTrue(rs.next());
      assertEquals("orders", rs.getString(1));
      assertEquals("orders", rs.getString(2));
      assertFalse(rs.next());
    }
    try (Connection c = connect("operator"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT upper(CURRENT_USER) FROM"
            + " INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = 'public'")) {
      assertTrue(rs.next());
      assertEquals("OPERATOR", rs.getString(1));
    }
  }

  /** Asserts that psql's output {@code out} holds {@code lines} one after the other. */
  private static void assertShows(String out, String... lines) {
    assertTrue(out.contains(String.join("\n", lines)), out);
  }

  private static String psql(CoAgentServer server, String stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/psql", "-X", "-h", "127.0.0.1", "-p",
        Integer.toString(server.port()), "-U", "operator", "-d", "default")
        .redirectErrorStream(true);
    pb.environment().put("PGCONNECT_TIMEOUT", "10");
    return PsqlClientTest.run(pb, stdin);
  }

  @Test
  void psql_listsNoFunctionsAndNoExtensions_withPostgresHeadings() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    String out = psql(server, "\\df\n\\dx\n");
    assertFalse(out.contains("ERROR"), out);
    assertShows(out,
        "                       List of functions",
        " Schema | Name | Result data type | Argument data types | Type ",
        "--------+------+------------------+---------------------+------",
        "(0 rows)");
    assertShows(out,
        "     List of installed extensions",
        " Name | Version | Schema | Description ",
        "------+---------+--------+-------------",
        "(0 rows)");
  }

  @Test
  void psql_listsAndDescribesTables_databasesAndSchemas() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    String out = psql(server, "\\dt\n\\d stock\n\\d lines\n\\l\n\\dn\n");
    assertFalse(out.contains("ERROR"), out);
    assertShows(out,
        "         List of relations",
        " Schema | Name  | Type  |  Owner   ",
        "--------+-------+-------+----------",
        " public | lines | table | operator",
        " public | log   | table | operator",
        " public | stock | table | operator",
        "(3 rows)");
    assertShows(out,
        "                    Table \"public.stock\"",
        " Column |       Type        | Collation | Nullable | Default ",
        "--------+-------------------+-----------+----------+---------",
        " id     | integer           |           | not null | ",
        " item   | character varying |           | not null | ",
        " qty    | integer           |           |          | ",
        " price  | numeric(10,2)     |           |          | ",
        "Indexes:",
        "    \"stock_pkey\" PRIMARY KEY, btree (id)");
    assertTrue(out.contains("    \"lines_pkey\" PRIMARY KEY, btree (order_id, line)"), out);
    assertTrue(out.contains(" default | operator | UTF8     | C       | C     |"), out);
    assertShows(out,
        "  List of schemas",
        "  Name  |  Owner   ",
        "--------+----------",
        " public | operator",
        "(1 row)");
  }

  @Test
  void psql_listsAndDescribesViews_andTablesVerbosely() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE VIEW priced AS SELECT id, item, price * 2 AS doubled FROM stock");
      try (ResultSet rs = s.executeQuery("SELECT c.relname, c.relkind, c.oid >= 4000000 AS hi, "
          + "pg_catalog.pg_get_viewdef(c.oid) AS def FROM pg_catalog.pg_class c WHERE c.relkind IN "
          + "('r', 'v') ORDER BY 1")) {
        assertEquals(List.of("lines|r|f|null", "log|r|f|null",
            "priced|v|t| SELECT id, item, price * 2 AS doubled FROM stock;", "stock|r|f|null"),
            rows(rs, "relname", "relkind", "hi", "def"));
      }
    }
    String out = psql(server, "\\dv\n\\d priced\n\\d+ priced\n\\d+ stock\n");
    assertFalse(out.contains("ERROR"), out);
    assertShows(out,
        "         List of relations",
        " Schema |  Name  | Type |  Owner   ",
        "--------+--------+------+----------",
        " public | priced | view | operator",
        "(1 row)");
    assertShows(out,
        "                     View \"public.priced\"",
        " Column  |       Type        | Collation | Nullable | Default ",
        "---------+-------------------+-----------+----------+---------",
        " id      | integer           |           |          | ",
        " item    | character varying |           |          | ",
        " doubled | numeric(19,2)     |           |          | "); // Calcite's type of price * 2
    assertShows(out,
        "View definition:",
        " SELECT id, item, price * 2 AS doubled FROM stock;");
    assertShows(out,
        " price  | numeric(10,2)     |           |          |         | main     |             |"
            + "              | ",
        "Indexes:",
        "    \"stock_pkey\" PRIMARY KEY, btree (id)",
        "Access method: heap");
  }

  @Test
  void psql_describesATable_withItsSecondaryIndexes() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE INDEX stock_item ON stock (item, qty)");
      s.execute("CREATE UNIQUE INDEX stock_price ON stock (price)");
      try (ResultSet rs = s.executeQuery("SELECT c.relname, i.indisunique, i.indkey FROM "
          + "pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
          + "ORDER BY c.relname")) {
        assertEquals(List.of("lines_pkey|t|1 2", "stock_item|f|2 3", "stock_pkey|t|1",
            "stock_price|t|4"), rows(rs, "relname", "indisunique", "indkey"));
      }
    }
    String out = psql(server, "\\d stock\n");
    assertFalse(out.contains("ERROR"), out);
    assertShows(out,
        "Indexes:",
        "    \"stock_pkey\" PRIMARY KEY, btree (id)",
        "    \"stock_item\" btree (item, qty)",
        // CoAgent keeps no difference between CREATE UNIQUE INDEX and a UNIQUE constraint, so
        // pg_constraint lists each unique index as one and psql prints it so.
        "    \"stock_price\" UNIQUE CONSTRAINT, btree (price)");
  }

  /** A parent with a UNIQUE column, a child with a CHECK and two foreign keys, a grandchild. */
  private void createConstrained() throws SQLException {
    try (Connection c = connect("operator"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE team (id INTEGER PRIMARY KEY, code VARCHAR(8) UNIQUE)");
      s.execute("CREATE TABLE member (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES team"
          + " ON DELETE CASCADE, qty INTEGER CHECK (qty > 0), stock_id INTEGER,"
          + " CONSTRAINT member_stock FOREIGN KEY (stock_id) REFERENCES stock (id)"
          + " ON UPDATE RESTRICT)");
      s.execute("CREATE TABLE badge (id INTEGER PRIMARY KEY, m INTEGER)");
      s.execute("ALTER TABLE badge ADD CONSTRAINT badge_m FOREIGN KEY (m) REFERENCES member"
          + " ON DELETE SET NULL");
    }
  }

  @Test
  void pgjdbcImportedAndExportedKeys_listForeignKeysWithTheirRules() throws Exception {
    createConstrained();
    try (Connection c = connect("operator")) {
      java.sql.DatabaseMetaData md = c.getMetaData();
      String[] cols = {"PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME",
          "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME"};
      assertEquals(List.of("stock|id|member|stock_id|1|1|3|member_stock|stock_pkey",
          "team|id|member|team_id|1|3|0|member_team_id_fkey|team_pkey"),
          rows(md.getImportedKeys(null, "public", "member"), cols));
      assertEquals(List.of("member|id|badge|m|1|3|2|badge_m|member_pkey"),
          rows(md.getExportedKeys(null, "public", "member"), cols));
      assertEquals(List.of("member_pkey|id"), rows(md.getIndexInfo(null, "public", "member",
          true, false), "INDEX_NAME", "COLUMN_NAME"));
    }
  }

  @Test
  void pgConstraint_andInformationSchema_listEveryConstraintAsPostgresDoes() throws Exception {
    createConstrained();
    try (Connection c = connect("orders"); Statement s = c.createStatement()) {
      assertEquals(List.of(
          "badge|badge_m|f|member|{2}|{1}|a|n|FOREIGN KEY (m) REFERENCES member(id) ON DELETE SET NULL",
          "badge|badge_pkey|p|-|{1}|null| | |PRIMARY KEY (id)",
          "member|member_pkey|p|-|{1}|null| | |PRIMARY KEY (id)",
          "member|member_qty_check|c|-|{3}|null| | |CHECK ((qty > 0))",
          "member|member_stock|f|stock|{4}|{1}|r|a|FOREIGN KEY (stock_id) REFERENCES stock(id) ON UPDATE RESTRICT",
          "member|member_team_id_fkey|f|team|{2}|{1}|a|c|FOREIGN KEY (team_id) REFERENCES team(id) ON DELETE CASCADE",
          "team|team_code_key|u|-|{2}|null| | |UNIQUE (code)",
          "team|team_pkey|p|-|{1}|null| | |PRIMARY KEY (id)"),
          rows(s.executeQuery("SELECT r.relname, con.conname, con.contype,"
              + " COALESCE(f.relname, '-') AS parent, con.conkey, con.confkey, con.confupdtype,"
              + " con.confdeltype, pg_catalog.pg_get_constraintdef(con.oid, true) AS def"
              + " FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class r"
              + " ON r.oid = con.conrelid LEFT JOIN pg_catalog.pg_class f ON f.oid = con.confrelid"
              + " WHERE r.relname IN ('team', 'member', 'badge') ORDER BY 1, 2"),
              "relname", "conname", "contype", "parent", "conkey", "confkey", "confupdtype",
              "confdeltype", "def"));
      assertEquals(List.of("badge|badge_m|FOREIGN KEY", "badge|badge_pkey|PRIMARY KEY",
          "member|member_pkey|PRIMARY KEY", "member|member_qty_check|CHECK",
          "member|member_stock|FOREIGN KEY", "member|member_team_id_fkey|FOREIGN KEY",
          "team|team_code_key|UNIQUE", "team|team_pkey|PRIMARY KEY"),
          rows(s.executeQuery("SELECT table_name, constraint_name, constraint_type FROM"
              + " information_schema.table_constraints WHERE table_name IN ('team', 'member',"
              + " 'badge') AND constraint_name NOT LIKE '%not_null' ORDER BY 1, 2"),
              "table_name", "constraint_name", "constraint_type"));
      assertEquals(List.of("badge_m|member_pkey|NONE|NO ACTION|SET NULL",
          "member_stock|stock_pkey|NONE|RESTRICT|NO ACTION",
          "member_team_id_fkey|team_pkey|NONE|NO ACTION|CASCADE"),
          rows(s.executeQuery("SELECT * FROM information_schema.referential_constraints"
              + " ORDER BY constraint_name"), "constraint_name", "unique_constraint_name",
              "match_option", "update_rule", "delete_rule"));
      assertEquals(List.of("member_qty_check|((qty > 0))"),
          rows(s.executeQuery("SELECT constraint_name, check_clause FROM"
              + " information_schema.check_constraints WHERE constraint_name NOT LIKE"
              + " '%not_null'"), "constraint_name", "check_clause"));
      assertEquals(List.of("member|member_stock|stock_id|1|1",
          "member|member_team_id_fkey|team_id|1|1", "team|team_code_key|code|1|null"),
          rows(s.executeQuery("SELECT table_name, constraint_name, column_name,"
              + " ordinal_position, position_in_unique_constraint FROM"
              + " information_schema.key_column_usage WHERE table_name IN ('team', 'member')"
              + " AND constraint_name NOT LIKE '%pkey' ORDER BY 1, 2"), "table_name",
              "constraint_name", "column_name", "ordinal_position",
              "position_in_unique_constraint"));
      assertEquals(List.of("badge|0|t", "member|1|t", "stock|0|t", "team|0|t", "log|0|f"),
          rows(s.executeQuery("SELECT relname, relchecks, relhastriggers FROM"
              + " pg_catalog.pg_class WHERE relkind = 'r' AND relname <> 'lines'"
              + " ORDER BY relhastriggers DESC, relname"), "relname", "relchecks",
              "relhastriggers"));
    }
  }

  @Test
  void psql_describesChecksForeignKeysAndReferencingTables() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    createConstrained();
    String out = psql(server, "\\d member\n\\d team\n");
    assertFalse(out.contains("ERROR"), out);
    assertShows(out,
        "Indexes:",
        "    \"member_pkey\" PRIMARY KEY, btree (id)",
        "Check constraints:",
        "    \"member_qty_check\" CHECK ((qty > 0))",
        "Foreign-key constraints:",
        "    \"member_stock\" FOREIGN KEY (stock_id) REFERENCES stock(id) ON UPDATE RESTRICT",
        "    \"member_team_id_fkey\" FOREIGN KEY (team_id) REFERENCES team(id) ON DELETE CASCADE",
        "Referenced by:",
        "    TABLE \"badge\" CONSTRAINT \"badge_m\" FOREIGN KEY (m) REFERENCES member(id) ON DELETE"
            + " SET NULL");
    assertShows(out,
        "Indexes:",
        "    \"team_pkey\" PRIMARY KEY, btree (id)",
        "    \"team_code_key\" UNIQUE CONSTRAINT, btree (code)",
        "Referenced by:",
        "    TABLE \"member\" CONSTRAINT \"member_team_id_fkey\" FOREIGN KEY (team_id) REFERENCES"
            + " team(id) ON DELETE CASCADE");
  }
}
