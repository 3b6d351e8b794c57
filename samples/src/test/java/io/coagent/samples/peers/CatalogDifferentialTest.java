package io.coagent.samples.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * everything.
 */
class CatalogDifferentialTest {
  private static final List<String> DDL = List.of(
      "CREATE TABLE stock (id INTEGER PRIMARY KEY, item VARCHAR NOT NULL, qty INTEGER,"
          + " big BIGINT, ok BOOLEAN, price DOUBLE PRECISION, amount DECIMAL(10,2))",
      "CREATE TABLE lines (order_id BIGINT, line INTEGER, note VARCHAR,"
          + " PRIMARY KEY (order_id, line))");

  @Test
  void psqlAndPgjdbc_seeTheSameCatalog_inCoAgentAndPostgres(@TempDir Path dir) throws Exception {
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
        for (String ddl : DDL) {
          s.execute(ddl);
        }
        s.execute("ALTER TABLE stock OWNER TO operator");
        s.execute("ALTER TABLE lines OWNER TO operator");
      }
      try (Connection c = DriverManager.getConnection(coUrl); Statement s = c.createStatement()) {
        for (String ddl : DDL) {
          s.execute(ddl);
        }
      }
      String script = "\\dt\n\\d stock\n\\d lines\n";
      assertEquals(psql(pg.port(), "postgres", "postgres", script),
          psql(coagent.port(), "operator", "default", script));
      assertEquals(metadata(pgUrl), metadata(coUrl));
    }
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
