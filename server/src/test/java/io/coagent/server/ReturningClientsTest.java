package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code INSERT/UPDATE/DELETE ... RETURNING} with a SERIAL column from psycopg2, psycopg 3 and
 * node-postgres: rows, the {@code INSERT 0 n} / {@code UPDATE n} / {@code DELETE n} command tag
 * the clients turn into their row counts, in the simple protocol (no parameters) and the
 * extended one (parameters). Under CI a missing client fails.
 */
class ReturningClientsTest {
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

  /** What every client prints: its rows, status and row counts, one line each. */
  private static final List<String> EXPECTED = List.of(
      "simple INSERT 2 [[1, 'a'], [2, 'b']]",
      "extended INSERT 1 [[3, 'c']]",
      "update UPDATE 1 [[3, 'cc']]",
      "delete DELETE 2 [[1], [2]]");

  private static final String PYTHON = String.join("\n",
      "import sys",
      "drv = sys.argv[1]",
      "mod = __import__(drv)",
      "c = mod.connect(host='127.0.0.1', port=int(sys.argv[2]), user='operator', dbname='default')",
      "c.autocommit = True",
      "cur = c.cursor()",
      "cur.execute('CREATE TABLE note (id SERIAL PRIMARY KEY, body VARCHAR(10))')",
      "def show(label, verb):",
      "    rows = [list(r) for r in cur.fetchall()]",
      "    print(label, verb, cur.rowcount, str(rows).replace('\"', \"'\"))",
      "cur.execute(\"INSERT INTO note (body) VALUES ('a'), ('b') RETURNING id, body\")",
      "show('simple', cur.statusmessage.split()[0])",
      "cur.execute('INSERT INTO note (body) VALUES (%s) RETURNING id, body', ('c',))",
      "show('extended', cur.statusmessage.split()[0])",
      "cur.execute('UPDATE note SET body = %s WHERE id = %s RETURNING id, body', ('cc', 3))",
      "show('update', cur.statusmessage.split()[0])",
      "cur.execute('DELETE FROM note WHERE id < %s RETURNING id', (3,))",
      "show('delete', cur.statusmessage.split()[0])");

  @ParameterizedTest
  @ValueSource(strings = {"psycopg2", "psycopg"})
  void psycopg_readsReturningRowsAndCounts(String driver) throws Exception {
    ExternalClients.require("python3 module " + driver, ExternalClients.pythonModule(driver));
    assertEquals(EXPECTED, run(new ProcessBuilder(ExternalClients.PYTHON, "-c", PYTHON, driver,
        Integer.toString(server.port()))));
  }

  private static final String NODE = String.join("\n",
      "const { Client } = require('pg');",
      "(async () => {",
      "  const c = new Client({ host: '127.0.0.1', port: Number(process.argv[1]),",
      "    user: 'operator', database: 'default' });",
      "  await c.connect();",
      "  await c.query('CREATE TABLE note (id SERIAL PRIMARY KEY, body VARCHAR(10))');",
      "  const show = (label, r) => console.log(label, r.command, r.rowCount,",
      "    JSON.stringify(r.rows.map(Object.values)).replace(/\"/g, \"'\").replace(/,/g, ', '));",
      "  show('simple', await c.query(\"INSERT INTO note (body) VALUES ('a'), ('b')"
          + " RETURNING id, body\"));",
      "  show('extended', await c.query('INSERT INTO note (body) VALUES ($1) RETURNING id, body',"
          + " ['c']));",
      "  show('update', await c.query('UPDATE note SET body = $1 WHERE id = $2 RETURNING id, body',"
          + " ['cc', 3]));",
      "  show('delete', await c.query('DELETE FROM note WHERE id < $1 RETURNING id', [3]));",
      "  await c.end();",
      "})().catch(e => { console.log('ERROR ' + e.message); process.exit(1); });");

  @Test
  void nodePostgres_readsReturningRowsAndCounts() throws Exception {
    Path samples = ExternalClients.repoRoot().resolve("samples/node");
    ExternalClients.require("node and samples/node/node_modules/pg (npm ci --prefix samples/node)",
        Files.isExecutable(Path.of("/usr/bin/node"))
            && Files.isDirectory(samples.resolve("node_modules/pg")));
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/node", "-e", NODE,
        Integer.toString(server.port())).directory(samples.toFile());
    assertEquals(EXPECTED, run(pb));
  }

  private static List<String> run(ProcessBuilder pb) throws Exception {
    List<String> lines = new ArrayList<>();
    try (ExternalClients.Child child = new ExternalClients.Child(pb)) {
      for (String l; (l = child.line()) != null; ) {
        lines.add(l);
      }
      assertEquals(0, child.exit(), "client failed:\n" + child.transcript);
    }
    return lines;
  }
}
