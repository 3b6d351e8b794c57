package io.coagent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.Isolation;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
import io.coagent.sql.StatementControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session layer's query executor on its own, without JDBC: what a statement execution is
 * (parameters, read-only, inside or outside the trajectory, limits), the transaction calls, the
 * control statements' block, and what closing keeps.
 */
class SqlConnectionTest {
  private static final AtomicLong SEQ = new AtomicLong();
  private final List<SqlConnection> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(SqlConnection::close);
  }

  private static StoreAddress fresh() {
    return StoreAddress.memory("sqlconnection-test-" + SEQ.incrementAndGet());
  }

  private SqlConnection connect(StoreAddress a, String agent) throws SQLException {
    SqlConnection c = SqlConnection.open(a, agent, null, Isolation.MTPO, "connect to " + a, null);
    open.add(c);
    return c;
  }

  private static SqlResult run(SqlConnection c, String sql, Object... params)
      throws SQLException {
    return c.execute(c.prepare(sql), List.of(params), StatementControl.start(0));
  }

  private static long count(SqlConnection c, String table) throws SQLException {
    return ((Number) run(c, "SELECT COUNT(*) FROM " + table).rows().get(0)[0]).longValue();
  }

  private static SqlConnection withTable(SqlConnection op) throws SQLException {
    run(op, "CREATE TABLE T (ID INT PRIMARY KEY, V INT)");
    return op;
  }

  @Test
  void readOnly_refusesWrites_butRunsQueriesAndControlStatements() throws SQLException {
    SqlConnection op = withTable(connect(fresh(), null));
    op.setReadOnly(true);
    SQLException e = assertThrows(SQLException.class, () -> run(op, "INSERT INTO T VALUES (1, 1)"));
    assertEquals("25006", e.getSQLState(), e.getMessage());
    assertEquals(0, count(op, "T"));
    TransactionBlock block = new TransactionBlock(op, TransactionBlock.defaultSettings(), Set.of());
    ControlStatement show = new ControlStatement("SHOW timezone",
        Control.parse("SHOW timezone").orElseThrow(),
        c -> ControlStatement.result(block.apply(c)));
    SqlResult r = op.execute(show, List.of(), StatementControl.start(0));
    assertEquals("UTC", r.rows().get(0)[0]);
  }

  @Test
  void unsetOrMissingParameter_isRefusedBeforeRunning() throws SQLException {
    SqlConnection op = withTable(connect(fresh(), null));
    PreparedSql p = op.prepare("INSERT INTO T VALUES (?, ?)");
    List<Object> unset = new ArrayList<>(List.of(1));
    unset.add(SqlConnection.UNSET);
    for (List<Object> values : List.of(List.<Object>of(1), unset)) {
      SQLException e = assertThrows(SQLException.class,
          () -> op.execute(p, values, StatementControl.start(0)));
      assertEquals("07001", e.getSQLState(), e.getMessage());
    }
    assertEquals(0, count(op, "T"));
  }

  @Test
  void canceledStatement_endsWith57014_andWritesNothing() throws SQLException {
    SqlConnection op = withTable(connect(fresh(), null));
    StatementControl control = StatementControl.start(0);
    control.cancel();
    SQLException e = assertThrows(SQLException.class,
        () -> op.execute(op.prepare("INSERT INTO T VALUES (1, 1)"), List.of(), control));
    assertEquals("57014", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().endsWith(": INSERT INTO T VALUES (1, 1)"), e.getMessage());
    assertEquals(0, count(op, "T"));
  }

  @Test
  void agentWrites_runInItsTrajectory_ddlOutsideIt_andRollbackUndoesThem() throws SQLException {
    StoreAddress a = fresh();
    SqlConnection op = connect(a, null);
    SqlConnection agent = connect(a, "planner");
    assertFalse(agent.autoCommit(), "an agent's statements share one trajectory until commit");
    run(agent, "CREATE TABLE T (ID INT PRIMARY KEY, V INT)");
    assertEquals(List.of(), agent.operations(), "DDL is not an operation of the trajectory");
    run(agent, "INSERT INTO T VALUES (?, ?)", 1, 10);
    assertEquals(1, agent.operations().size());
    assertEquals(1, count(op, "T"), "MTPO applies writes at once");
    agent.rollback();
    assertEquals(0, count(op, "T"));
    assertTrue(agent.trajectoryId().isEmpty());
  }

  @Test
  void transactionBlock_onTheExecutor_beginCommitRollbackAndSavepoints() throws SQLException {
    SqlConnection op = withTable(connect(fresh(), null));
    op.setAutoCommit(true);
    TransactionBlock block = new TransactionBlock(op, TransactionBlock.defaultSettings(), Set.of());
    block.apply(Control.parse("BEGIN").orElseThrow());
    assertFalse(op.autoCommit());
    run(op, "INSERT INTO T VALUES (1, 1)");
    block.apply(Control.parse("SAVEPOINT s").orElseThrow());
    run(op, "INSERT INTO T VALUES (2, 2)");
    block.apply(Control.parse("ROLLBACK TO SAVEPOINT s").orElseThrow());
    assertEquals(1, count(op, "T"));
    block.apply(Control.parse("COMMIT").orElseThrow());
    assertTrue(op.autoCommit());
    assertFalse(block.inBlock());
    block.apply(Control.parse("BEGIN").orElseThrow());
    run(op, "INSERT INTO T VALUES (3, 3)");
    block.apply(Control.parse("ROLLBACK").orElseThrow());
    assertEquals(1, count(op, "T"));
  }

  @Test
  void close_keepsTheAgentsTrajectory_andReleasesTheFileStore() throws Exception {
    Path dir = Files.createTempDirectory("sqlconnection-test");
    StoreAddress a = StoreAddress.file(dir.resolve("s.coagent").toString());
    SqlConnection agent = SqlConnection.open(a, "planner", null, Isolation.MTPO, "connect", null);
    run(agent, "CREATE TABLE T (ID INT PRIMARY KEY, V INT)");
    run(agent, "INSERT INTO T VALUES (1, 1)");
    long id = agent.trajectoryId().orElseThrow();
    agent.close();
    assertTrue(agent.isClosed());
    // the store closed with its last connection: opening it again reads the file, where the
    // agent's trajectory is still active and is rejoined
    SqlConnection again = connect(a, "planner");
    assertEquals(id, again.trajectoryId().orElseThrow());
    assertEquals(1, again.operations().size());
    again.rollback();
  }
}
