package io.coagent.samples.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coagent.server.CoAgentServer;
import io.coagent.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CoAgent server's catalog against the real PostgreSQL 15 (a throw-away cluster): the same
 * tables, created in both, must look the same to psql ({@code \dt}, {@code \d TABLE}) and to
 * pgjdbc's DatabaseMetaData (getTables, getColumns, getPrimaryKeys). The tables use types whose
 * PostgreSQL spelling CoAgent keeps (no VARCHAR length: the store does not keep it; a declared
 * DECIMAL(p,s) is kept), and PostgreSQL's tables are given to a role {@code operator}, CoAgent's owner of
 * everything. Constraints too: the columns each uses, as information_schema and pg_constraint
 * report them to tools that discover foreign keys.
 */
class CatalogDifferentialTest {
  private static final List<String> DDL = List.of(
      "CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR NOT NULL, qty INTEGER,"
          + " big BIGINT, ok BOOLEAN, price DOUBLE PRECISION, amount DECIMAL(10,2))",
      "CREATE TABLE lines (order_id BIGINT, line INTEGER, note VARCHAR,"
          + " PRIMARY KEY (order_id, line))");

  /** Foreign keys (one- and two-column), named UNIQUE and CHECK constraints (one, several and
   * repeated columns, in an order unlike the table's). */
  private static final List<String> CONSTRAINT_DDL = List.of(
      "CREATE TABLE customer (id INTEGER PRIMARY KEY, email VARCHAR, region VARCHAR,"
          + " CONSTRAINT customer_email_uq UNIQUE (email))",
      "CREATE TABLE product (sku VARCHAR, grade INTEGER, price DECIMAL(10,2),"
          + " PRIMARY KEY (sku, grade), CONSTRAINT product_price_positive CHECK (price > 0))",
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, sku VARCHAR,"
          + " grade INTEGER, qty INTEGER, lo INTEGER, hi INTEGER,"
          + " CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id)"
          + " ON DELETE CASCADE,"
          + " CONSTRAINT orders_product_fk FOREIGN KEY (sku, grade) REFERENCES product"
          + " (sku, grade),"
          + " CONSTRAINT orders_range CHECK (hi >= lo AND qty > 0 AND lo >= 0))");

  /** What tools read to find constraints' columns, each ordered so that both answer alike. */
  private static final List<String> CONSTRAINT_QUERIES = List.of(
      "SELECT table_name, column_name, constraint_name FROM information_schema"
          + ".constraint_column_usage WHERE table_schema = 'public' ORDER BY 3, 1, 2",
      // the usual way to list foreign keys with their target columns
      "SELECT tc.table_name, kcu.column_name, ccu.table_name AS foreign_table_name,"
          + " ccu.column_name AS foreign_column_name, tc.constraint_name"
          + " FROM information_schema.table_constraints AS tc"
          + " JOIN information_schema.key_column_usage AS kcu"
          + " ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema"
          + " JOIN information_schema.constraint_column_usage AS ccu"
          + " ON ccu.constraint_name = tc.constraint_name"
          + " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'"
          + " ORDER BY 5, 1, 2, 3, 4",
      "SELECT c.relname, con.conname, con.contype, con.conkey, con.confkey"
          + " FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = 'public' ORDER BY 1, 2",
      "SELECT constraint_name, table_name, column_name, ordinal_position,"
          + " position_in_unique_constraint FROM information_schema.key_column_usage"
          + " WHERE table_schema = 'public' ORDER BY 1, 4",
      // NOT NULL columns are CHECKs here, named by oids: compare them by table and clause
      "SELECT tc.table_name, tc.constraint_type, cc.check_clause"
          + " FROM information_schema.check_constraints cc"
          + " JOIN information_schema.table_constraints tc"
          + " ON tc.constraint_name = cc.constraint_name"
          + " WHERE tc.table_schema = 'public' AND cc.constraint_name LIKE '%_not_null'"
          + " ORDER BY 1, 3",
      "SELECT table_name, constraint_name, constraint_type, is_deferrable, nulls_distinct"
          + " FROM information_schema.table_constraints WHERE table_schema = 'public'"
          + " AND constraint_name NOT LIKE '%_not_null' ORDER BY 1, 2");

  @Test
  void psqlAndPgjdbc_seeTheSameCatalog_inCoAgentAndPostgres(@TempDir Path dir) throws Exception {
    onBoth(dir, DDL, (pgUrl, coUrl, pgPort, coPort) -> {
      assertSamePsql(pgPort, coPort, "\\dt\n\\d stock\n\\d lines\n\\df\n");
      assertEquals(metadata(pgUrl), metadata(coUrl));
    });
  }

  @Test
  void constraintColumns_inInformationSchemaAndPgConstraint_matchPostgres(@TempDir Path dir)
      throws Exception {
    onBoth(dir, CONSTRAINT_DDL, (pgUrl, coUrl, pgPort, coPort) -> {
      assertSameRows(pgUrl, coUrl, CONSTRAINT_QUERIES);
    });
  }

  /**
   * pgjdbc's key and index metadata (what DBeaver, Liquibase's snapshot and SchemaCrawler read to
   * find foreign keys): its queries join generate_series and subscript pg_constraint's arrays.
   * The catalog columns are the database names, which differ (postgres, default): not compared.
   */
  @Test
  void pgjdbcKeysAndIndexes_matchPostgres(@TempDir Path dir) throws Exception {
    List<String> ddl = new ArrayList<>(CONSTRAINT_DDL);
    ddl.add("CREATE INDEX orders_qty ON orders (qty, lo)");
    onBoth(dir, ddl, (pgUrl, coUrl, pgPort, coPort) ->
        assertEquals(keys(pgUrl), keys(coUrl)));
  }

  private static List<String> keys(String url) throws SQLException {
    List<String> out = new ArrayList<>();
    String[] fk = {"PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_SCHEM",
        "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME",
        "PK_NAME", "DEFERRABILITY"};
    try (Connection c = DriverManager.getConnection(url)) {
      DatabaseMetaData md = c.getMetaData();
      for (String t : List.of("customer", "product", "orders")) {
        rows(out, md.getImportedKeys(null, "public", t), fk);
        rows(out, md.getExportedKeys(null, "public", t), fk);
        rows(out, md.getIndexInfo(null, "public", t, false, false), "TABLE_SCHEM", "TABLE_NAME",
            "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE", "ORDINAL_POSITION",
            "COLUMN_NAME", "ASC_OR_DESC", "FILTER_CONDITION");
        rows(out, md.getIndexInfo(null, "public", t, true, false), "INDEX_NAME", "COLUMN_NAME");
      }
      rows(out, md.getCrossReference(null, "public", "product", null, "public", "orders"), fk);
    }
    return out;
  }

  private static final List<String> VIEW_DDL = List.of(DDL.get(0), DDL.get(1),
      "CREATE VIEW in_stock AS SELECT id, item, qty FROM stock WHERE qty > 0",
      "CREATE VIEW line_count (order_id, n) AS SELECT order_id, count(*) FROM lines"
          + " GROUP BY order_id");

  /**
   * Views as psql lists and describes them, and tables with {@code \d+}; the view definition
   * that {@code \d+ VIEW} prints is not compared (PostgreSQL prints its deparsed query, CoAgent
   * the text as written).
   */
  @Test
  void viewsAndVerboseDescriptions_lookAsInPostgres(@TempDir Path dir) throws Exception {
    onBoth(dir, VIEW_DDL, (pgUrl, coUrl, pgPort, coPort) -> {
      assertSamePsql(pgPort, coPort,
          "\\dv\n\\d\n\\d in_stock\n\\d line_count\n\\d+ stock\n\\d+ lines\n");
      // is_insertable_into is not compared: PostgreSQL's simple views are updatable, CoAgent's
      // views are read-only and say NO
      assertSameRows(pgUrl, coUrl, List.of("SELECT table_name, table_type"
          + " FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
          "SELECT table_name, column_name, ordinal_position, data_type, is_nullable"
              + " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 3",
          "SELECT c.relname, c.relkind, c.relhasindex, c.relnatts FROM pg_catalog.pg_class c"
              + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = 'public' ORDER BY 1"));
      assertEquals(views(pgUrl), views(coUrl)); // pgjdbc, as DBeaver lists a schema's views
      String def = psql(coPort, "operator", "default", "\\d+ in_stock\n");
      assertTrue(def.contains("View definition:\n SELECT id, item, qty FROM stock WHERE qty > 0;"),
          def);
    });
  }

  /** Queries whose result columns PostgreSQL names itself: clients read rows by these names. */
  private static final List<String> LABELLED = List.of(
      "SELECT count(*) FROM stock",
      "SELECT count(*), max(qty), min(id) AS lowest, sum(qty) FROM stock",
      "SELECT id, id + 1, upper(item), coalesce(qty, 0), CAST(qty AS BIGINT), 1, 'x' FROM stock",
      "SELECT CASE WHEN qty > 0 THEN 'in' ELSE 'out' END, item || '!' FROM stock",
      "SELECT EXISTS (SELECT 1 FROM lines), (SELECT max(line) FROM lines) FROM stock",
      "SELECT count(*) FROM stock UNION ALL SELECT max(qty) FROM stock",
      "SELECT *, 1 FROM stock");

  @Test
  void unnamedResultColumns_areNamedAsPostgresNamesThem(@TempDir Path dir) throws Exception {
    onBoth(dir, DDL, (pgUrl, coUrl, pgPort, coPort) -> {
      for (String q : LABELLED) {
        assertEquals(labels(pgUrl, q), labels(coUrl, q), q);
      }
    });
  }

  private static List<String> labels(String url, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.add(rs.getMetaData().getColumnLabel(i));
      }
    }
    return out;
  }

  private interface Both {
    void run(String pgUrl, String coUrl, int pgPort, int coPort) throws Exception;
  }

  /**
   * Runs {@code ddl} on a throw-away PostgreSQL cluster (its tables given to a role operator) and
   * on a CoAgent server, then {@code body} with both.
   */
  private static void onBoth(Path dir, List<String> ddl, Both body) throws Exception {
    boolean present = PostgresCluster.find().isPresent() && Files.isExecutable(Path.of(
        "/usr/bin/psql"));
    if (System.getenv("CI") != null && !present) {
      throw new AssertionError("PostgreSQL and psql must be installed under CI (.ci/run does)");
    }
    assumeTrue(present, "PostgreSQL or psql is not installed; skipping");
    try (PostgresCluster pg = PostgresCluster.start(10, 1000);
        CoAgentServer coagent = CoAgentServer.start(ServerConfig.of(dir).withPort(0))) {
      String pgUrl = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres";
      String coUrl = "jdbc:postgresql://127.0.0.1:" + coagent.port()
          + "/default?user=operator&sslmode=disable";
      try (Connection c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement()) {
        s.execute("CREATE ROLE operator");
        for (String d : ddl) {
          s.execute(d);
        }
        for (String d : ddl) {
          s.execute("ALTER TABLE " + d.split(" ")[2] + " OWNER TO operator");
        }
      }
      try (Connection c = DriverManager.getConnection(coUrl); Statement s = c.createStatement()) {
        for (String d : ddl) {
          s.execute(d);
        }
      }
      body.run(pgUrl, coUrl, pg.port(), coagent.port());
    }
  }

  /** Every row of {@code sql} as {@code a|b|c} lines. */
  private static List<String> query(String url, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  private static String psql(int port, String user, String db, String stdin) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/psql", "-X", "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", user, "-d", db).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("psql did not exit: " + out);
    }
    return out;
  }

  /** psql prints the same for {@code script} in PostgreSQL and CoAgent. */
  private static void assertSamePsql(int pgPort, int coPort, String script) throws Exception {
    assertEquals(psql(pgPort, "postgres", "postgres", script),
        psql(coPort, "operator", "default", script));
  }

  /** Each of {@code queries} returns the same rows in PostgreSQL and CoAgent. */
  private static void assertSameRows(String pgUrl, String coUrl, List<String> queries)
      throws SQLException {
    for (String q : queries) {
      assertEquals(query(pgUrl, q), query(coUrl, q), q);
    }
  }

  private static List<String> views(String url) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url)) {
      DatabaseMetaData md = c.getMetaData();
      rows(out, md.getTables(null, "public", "%", new String[] {"VIEW"}), "TABLE_SCHEM",
          "TABLE_NAME", "TABLE_TYPE");
      rows(out, md.getColumns(null, "public", "in_stock", "%"), "TABLE_NAME", "COLUMN_NAME",
          "DATA_TYPE", "TYPE_NAME", "NULLABLE", "ORDINAL_POSITION");
    }
    return out;
  }

  private static List<String> metadata(String url) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url)) {
      DatabaseMetaData md = c.getMetaData();
      rows(out, md.getTables(null, "public", "%", new String[] {"TABLE"}), "TABLE_SCHEM",
          "TABLE_NAME", "TABLE_TYPE", "REMARKS");
      for (String t : List.of("stock", "lines")) {
        rows(out, md.getColumns(null, "public", t, "%"), "TABLE_NAME", "COLUMN_NAME",
            "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX",
            "NULLABLE", "COLUMN_DEF", "ORDINAL_POSITION", "IS_NULLABLE", "IS_AUTOINCREMENT");
        rows(out, md.getPrimaryKeys(null, "public", t), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
            "PK_NAME");
      }
    }
    return out;
  }

  private static void rows(List<String> out, ResultSet rs, String... columns)
      throws SQLException {
    try (rs) {
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (String col : columns) {
          b.append(col).append('=').append(rs.getString(col)).append(' ');
        }
        out.add(b.toString().strip());
      }
    }
  }
}
