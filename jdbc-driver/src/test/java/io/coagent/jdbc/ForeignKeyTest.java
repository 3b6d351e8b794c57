package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.awaitNotification;
import static io.coagent.jdbc.AgentTransactionsTest.co;
import static io.coagent.jdbc.AgentTransactionsTest.query;
import static io.coagent.jdbc.AgentTransactionsTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FOREIGN KEY constraints end to end: a child row needs its parent key (23503), a parent delete
 * applies NO ACTION / RESTRICT / CASCADE / SET NULL, and under MTPO both sides are reads of the
 * writing operation, so a lower rank's conflicting write (and its undo) notifies the higher rank.
 */
class ForeignKeyTest extends ConstraintFixture {
  @BeforeEach
  void createParent() throws SQLException {
    update(op, "CREATE TABLE p (id INTEGER PRIMARY KEY, name VARCHAR)");
  }

  @TempDir Path dir;
  private static void assertFk(SQLException e, String constraint) {
    assertEquals("23503", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(constraint), e.getMessage());
  }

  @Test
  void childWrite_needsAnExistingParentKey_andANullKeyReferencesNothing() throws SQLException {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))");
    SQLException e = fails(op, "INSERT INTO c VALUES (1, 7)");
    assertFk(e, "C_P_ID_FKEY");
    assertTrue(e.getMessage().contains("(P_ID)=(7)") && e.getMessage().contains("table P")
        && e.getMessage().contains("insert the P row first"), e.getMessage());
    update(op, "INSERT INTO c VALUES (1, NULL)");
    update(op, "INSERT INTO p VALUES (7, 'seven')");
    update(op, "INSERT INTO c VALUES (2, 7)");
    assertFk(fails(op, "UPDATE c SET p_id = 8 WHERE id = 2"), "C_P_ID_FKEY");
    try (PreparedStatement ps = op.prepareStatement("UPDATE c SET p_id = ? WHERE id = ?")) {
      ps.setInt(1, 9); // the key fast path
      ps.setInt(2, 1);
      assertFk(assertThrows(SQLException.class, ps::executeUpdate), "C_P_ID_FKEY");
    }
    assertFk(fails(op, "MERGE INTO c USING (VALUES (5, 9)) AS s(i, p) ON c.id = s.i "
        + "WHEN NOT MATCHED THEN INSERT VALUES (s.i, s.p)"), "C_P_ID_FKEY");
    assertFk(fails(op, "INSERT INTO c SELECT id + 10, id + 1 FROM p"), "C_P_ID_FKEY");
    update(op, "UPDATE c SET p_id = 7"); // an update to an existing key
    assertEquals(List.of("1|7", "2|7"), query(op, "SELECT * FROM c ORDER BY id"));
  }

  @Test
  void parentDelete_noActionRefuses_cascadeDeletes_setNullClears_aKeyChangeRefuses()
      throws SQLException {
    update(op, "CREATE TABLE keep (id INTEGER PRIMARY KEY, p_id INTEGER, "
        + "CONSTRAINT keep_p FOREIGN KEY (p_id) REFERENCES p ON DELETE RESTRICT)");
    update(op, "CREATE TABLE gone (id INTEGER PRIMARY KEY, p_id INTEGER "
        + "REFERENCES p (id) ON DELETE CASCADE)");
    update(op, "CREATE TABLE grand (id INTEGER PRIMARY KEY, g_id INTEGER "
        + "REFERENCES gone ON DELETE CASCADE)");
    update(op, "CREATE TABLE loose (id INTEGER PRIMARY KEY, p_id INTEGER "
        + "REFERENCES p ON DELETE SET NULL)");
    update(op, "INSERT INTO p VALUES (1, 'a'), (2, 'b')");
    update(op, "INSERT INTO keep VALUES (1, 1)");
    update(op, "INSERT INTO gone VALUES (1, 1), (2, 1), (3, 2)");
    update(op, "INSERT INTO grand VALUES (1, 1), (2, 3)");
    update(op, "INSERT INTO loose VALUES (1, 1), (2, 2)");
    SQLException e = fails(op, "DELETE FROM p WHERE id = 1");
    assertFk(e, "KEEP_P");
    assertTrue(e.getMessage().contains("still referenced from table KEEP"), e.getMessage());
    assertFk(fails(op, "UPDATE p SET id = 9 WHERE id = 2"), "GONE_P_ID_FKEY");
    assertEquals(List.of("1|1", "2|1", "3|2"), query(op, "SELECT * FROM gone ORDER BY id"),
        "a refused delete cascaded nothing");
    update(op, "DELETE FROM keep");
    assertEquals(1, update(op, "DELETE FROM p WHERE id = 1"));
    assertEquals(List.of("3|2"), query(op, "SELECT * FROM gone ORDER BY id"));
    assertEquals(List.of("2|3"), query(op, "SELECT * FROM grand ORDER BY id"));
    assertEquals(List.of("1|null", "2|2"), query(op, "SELECT * FROM loose ORDER BY id"));
    update(op, "TRUNCATE p"); // a DELETE: the foreign keys act as for DELETE
    assertEquals(List.of(), query(op, "SELECT * FROM grand"));
    assertEquals(List.of("1|null", "2|null"), query(op, "SELECT * FROM loose ORDER BY id"));
    update(op, "UPDATE p SET id = 9"); // no rows left to reference
  }

  @Test
  void ddl_refusesBreakingAReference_andMistakesInTheDefinition() throws SQLException {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER, "
        + "CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id))");
    assertEquals("2BP01", fails(op, "DROP TABLE p").getSQLState());
    assertEquals("2BP01", fails(op, "ALTER TABLE p RENAME TO q").getSQLState());
    assertEquals("2BP01", fails(op, "ALTER TABLE p RENAME COLUMN id TO pid").getSQLState());
    assertEquals("2BP01", fails(op, "ALTER TABLE c RENAME COLUMN p_id TO q").getSQLState());
    update(op, "ALTER TABLE p RENAME COLUMN name TO label"); // not referenced
    assertEquals("42S02", fails(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x INTEGER "
        + "REFERENCES nope)").getSQLState());
    assertEquals("42P10", fails(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x VARCHAR "
        + "REFERENCES p (label))").getSQLState());
    assertEquals("42804", fails(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x VARCHAR "
        + "REFERENCES p)").getSQLState());
    assertEquals("0A000", fails(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x INTEGER "
        + "REFERENCES p ON UPDATE SET NULL)").getSQLState());
    assertEquals("0A000", fails(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x INTEGER "
        + "REFERENCES d)").getSQLState());
    assertEquals("42710", fails(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x INTEGER "
        + "CONSTRAINT k CHECK (x > 0), CONSTRAINT k FOREIGN KEY (x) REFERENCES p)")
        .getSQLState());
    update(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x INTEGER)");
    update(op, "INSERT INTO d VALUES (1, 5)");
    assertFk(fails(op, "ALTER TABLE d ADD CONSTRAINT d_x FOREIGN KEY (x) REFERENCES p"), "D_X");
    update(op, "INSERT INTO p VALUES (5, 'five')");
    update(op, "ALTER TABLE d ADD CONSTRAINT d_x FOREIGN KEY (x) REFERENCES p");
    assertFk(fails(op, "INSERT INTO d VALUES (2, 6)"), "D_X");
    update(op, "ALTER TABLE d DROP CONSTRAINT d_x");
    update(op, "INSERT INTO d VALUES (2, 6)");
    update(op, "ALTER TABLE c DROP CONSTRAINT c_p");
    update(op, "DROP TABLE p"); // nothing references it any more
  }

  @Test
  void foreignKeys_surviveReopeningAFileStore() throws SQLException {
    String file = "jdbc:coagent:file:" + dir.resolve("fk.mv.db");
    try (Connection c = DriverManager.getConnection(file)) {
      update(c, "CREATE TABLE p (id INTEGER PRIMARY KEY)");
      update(c, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p "
          + "ON DELETE CASCADE)");
      update(c, "INSERT INTO p VALUES (1)");
      update(c, "INSERT INTO c VALUES (1, 1)");
    }
    try (Connection c = DriverManager.getConnection(file)) {
      assertFk(fails(c, "INSERT INTO c VALUES (2, 2)"), "C_P_ID_FKEY");
      update(c, "DELETE FROM p");
      assertEquals(List.of(), query(c, "SELECT * FROM c"));
    }
  }

  @Test
  void lowerRankDeletingTheParent_notifiesTheHigherChild_andItsRollbackNotifiesAgain()
      throws Exception {
    lowerRankDeletesTheParentOfAHigherChild_thenTakesItBack(false);
  }

  @Test
  void undoOfTheLowerRanksParentDelete_notifiesTheHigherChildThatItsParentIsBack()
      throws Exception {
    lowerRankDeletesTheParentOfAHigherChild_thenTakesItBack(true);
  }

  /**
   * The higher rank inserts a child of parent 1 (reading the parent: a footprint); the lower rank,
   * which does not see that child (in the serial order it comes first), deletes the parent, so
   * the higher rank is notified; then the lower rank takes the delete back ({@code undo}: CALL
   * SYS.UNDO of the operation, else a rollback), which notifies the higher rank again. The higher
   * rank acknowledges both and commits a child whose parent exists.
   */
  private void lowerRankDeletesTheParentOfAHigherChild_thenTakesItBack(boolean undo)
      throws Exception {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p)");
    update(op, "INSERT INTO p VALUES (1, 'a')");
    try (Connection low = agent("low", 10);
        Connection high = agent("high", 20)) {
      update(high, "INSERT INTO c VALUES (1, 1)");
      assertEquals(1, update(low, "DELETE FROM p WHERE id = 1"));
      Notification deleted = awaitNotification(high);
      assertEquals("P", deleted.table());
      assertEquals("1", deleted.key().get(0).toString());
      assertEquals(Notification.Cause.WRITE, deleted.cause());
      if (undo) {
        List<Operation> ops = co(low).operations();
        co(low).undo(ops.get(ops.size() - 1).id());
      } else {
        low.rollback();
      }
      Notification back = awaitNotification(high);
      assertEquals("P", back.table());
      assertEquals(undo ? Notification.Cause.UNDO : Notification.Cause.ABORT, back.cause());
      low.commit();
      co(high).acknowledge(deleted.id());
      co(high).acknowledge(back.id());
      high.commit();
    }
    assertEquals(List.of("1|a"), query(op, "SELECT * FROM p"));
    assertEquals(List.of("1|1"), query(op, "SELECT * FROM c"));
    assertVerified();
  }

  @Test
  void lowerRankInsertingAChildOfADeletedParent_notifiesTheHigherDeleter() throws Exception {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p)");
    update(op, "INSERT INTO p VALUES (2, 'b')");
    try (Connection low = agent("low", 10);
        Connection high = agent("high", 20)) {
      assertEquals(1, update(high, "DELETE FROM p WHERE id = 2")); // no child visible to it
      // in the lower rank's view the parent still exists (the delete is a higher rank's)
      update(low, "INSERT INTO c VALUES (1, 2)");
      Notification child = awaitNotification(high);
      assertEquals("C", child.table(), "the child landed in the delete's read of C");
      low.commit();
      assertEquals("MT004", assertThrows(SQLException.class, high::commit).getSQLState(),
          "the higher rank cannot commit its delete without acknowledging");
      high.rollback(); // its repair: the parent stays, with its child
    }
    assertEquals(List.of("2|b"), query(op, "SELECT * FROM p"));
    assertEquals(List.of("1|2"), query(op, "SELECT * FROM c"));
    assertVerified();
  }

  @Test
  void rollbackOfACascadingDelete_restoresTheChildren() throws Exception {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p "
        + "ON DELETE CASCADE)");
    update(op, "INSERT INTO p VALUES (1, 'a')");
    update(op, "INSERT INTO c VALUES (1, 1), (2, 1)");
    try (Connection agent = DriverManager.getConnection(url + ";agent=a")) {
      agent.setAutoCommit(false);
      update(agent, "DELETE FROM p");
      assertEquals(List.of(), query(agent, "SELECT * FROM c"));
      agent.rollback();
    }
    assertEquals(List.of("1|1", "2|1"), query(op, "SELECT * FROM c ORDER BY id"));
    assertEquals(List.of("1|a"), query(op, "SELECT * FROM p"));
    assertVerified();
  }

  @Test
  void onUpdateCascade_movesTheChildren_andAMovedChildKeyTakesItsOwnChildrenAlong()
      throws SQLException {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p "
        + "ON UPDATE CASCADE)");
    update(op, "CREATE TABLE o (id INTEGER PRIMARY KEY REFERENCES p ON UPDATE CASCADE)");
    update(op, "CREATE TABLE r (id INTEGER PRIMARY KEY, o_id INTEGER REFERENCES o "
        + "ON UPDATE CASCADE ON DELETE CASCADE)");
    update(op, "CREATE TABLE k (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p "
        + "ON UPDATE RESTRICT)");
    update(op, "INSERT INTO p VALUES (1, 'a'), (2, 'b')");
    update(op, "INSERT INTO c VALUES (1, 1), (2, 1), (3, 2)");
    update(op, "INSERT INTO o VALUES (1)");
    update(op, "INSERT INTO r VALUES (1, 1)");
    update(op, "INSERT INTO k VALUES (1, 2)");
    assertEquals(1, update(op, "UPDATE p SET id = 5 WHERE id = 1"));
    assertEquals(List.of("1|5", "2|5", "3|2"), query(op, "SELECT * FROM c ORDER BY id"));
    assertEquals(List.of("5"), query(op, "SELECT * FROM o"));
    assertEquals(List.of("1|5"), query(op, "SELECT * FROM r"));
    SQLException e = fails(op, "UPDATE p SET id = 6 WHERE id = 2");
    assertFk(e, "K_P_ID_FKEY");
    assertTrue(e.getMessage().contains("ON UPDATE CASCADE"), e.getMessage());
    assertEquals(List.of("1|5", "2|5", "3|2"), query(op, "SELECT * FROM c ORDER BY id"),
        "the refused statement cascaded nothing");
    assertEquals("0A000", fails(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, x INTEGER "
        + "REFERENCES p ON UPDATE SET DEFAULT)").getSQLState());
    assertVerified();
  }

  @Test
  void lowerRankInsertingAChildOfTheOldKey_notifiesTheHigherRankThatChangedIt() throws Exception {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p "
        + "ON UPDATE CASCADE)");
    update(op, "INSERT INTO p VALUES (2, 'b')");
    try (Connection low = agent("low", 10);
        Connection high = agent("high", 20)) {
      assertEquals(1, update(high, "UPDATE p SET id = 3 WHERE id = 2")); // no child to move
      // in the lower rank's view key 2 still exists (the change is a higher rank's)
      update(low, "INSERT INTO c VALUES (1, 2)");
      Notification child = awaitNotification(high);
      assertEquals("C", child.table(), "the child landed in the key change's read of C");
      low.commit();
      assertEquals("MT004", assertThrows(SQLException.class, high::commit).getSQLState(),
          "the higher rank cannot commit its key change without acknowledging");
      high.rollback();
    }
    assertEquals(List.of("2|b"), query(op, "SELECT * FROM p"));
    assertEquals(List.of("1|2"), query(op, "SELECT * FROM c"));
    assertVerified();
  }

  @Test
  void rollbackOfACascadingKeyChange_restoresTheChildren() throws Exception {
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p "
        + "ON UPDATE CASCADE)");
    update(op, "INSERT INTO p VALUES (1, 'a')");
    update(op, "INSERT INTO c VALUES (1, 1), (2, 1)");
    try (Connection agent = DriverManager.getConnection(url + ";agent=a")) {
      agent.setAutoCommit(false);
      update(agent, "UPDATE p SET id = 4");
      assertEquals(List.of("1|4", "2|4"), query(agent, "SELECT * FROM c ORDER BY id"));
      agent.rollback();
    }
    assertEquals(List.of("1|1", "2|1"), query(op, "SELECT * FROM c ORDER BY id"));
    assertEquals(List.of("1|a"), query(op, "SELECT * FROM p"));
    assertVerified();
  }

  /** PKTABLE|PKCOLUMN|FKTABLE|FKCOLUMN|KEY_SEQ|UPDATE_RULE|DELETE_RULE|FK_NAME|PK_NAME|DEFER. */
  private static List<String> keys(java.sql.ResultSet rs) throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString("PKTABLE_NAME") + "|" + rs.getString("PKCOLUMN_NAME") + "|"
            + rs.getString("FKTABLE_NAME") + "|" + rs.getString("FKCOLUMN_NAME") + "|"
            + rs.getShort("KEY_SEQ") + "|" + rs.getShort("UPDATE_RULE") + "|"
            + rs.getShort("DELETE_RULE") + "|" + rs.getString("FK_NAME") + "|"
            + rs.getString("PK_NAME") + "|" + rs.getShort("DEFERRABILITY"));
      }
    }
    return out;
  }

  @Test
  void databaseMetaData_listsEachForeignKeyWithItsDeclaredRules() throws SQLException {
    update(op, "CREATE TABLE q (a INTEGER, b VARCHAR, PRIMARY KEY (a, b))");
    update(op, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p, qa INTEGER,"
        + " qb VARCHAR, CONSTRAINT c_q FOREIGN KEY (qa, qb) REFERENCES q ON DELETE CASCADE"
        + " ON UPDATE RESTRICT)");
    update(op, "CREATE TABLE d (id INTEGER PRIMARY KEY, p_id INTEGER)");
    update(op, "ALTER TABLE d ADD CONSTRAINT d_p FOREIGN KEY (p_id) REFERENCES p (id)"
        + " ON DELETE SET NULL");
    update(op, "CREATE TABLE e (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p"
        + " ON DELETE RESTRICT)");
    java.sql.DatabaseMetaData md = op.getMetaData();
    int no = java.sql.DatabaseMetaData.importedKeyNoAction;
    int restrict = java.sql.DatabaseMetaData.importedKeyRestrict;
    int cascade = java.sql.DatabaseMetaData.importedKeyCascade;
    int setNull = java.sql.DatabaseMetaData.importedKeySetNull;
    int never = java.sql.DatabaseMetaData.importedKeyNotDeferrable;
    assertEquals(List.of(
        "P|ID|C|P_ID|1|" + no + "|" + no + "|C_P_ID_FKEY|PK_P|" + never,
        "Q|A|C|QA|1|" + restrict + "|" + cascade + "|C_Q|PK_Q|" + never,
        "Q|B|C|QB|2|" + restrict + "|" + cascade + "|C_Q|PK_Q|" + never),
        keys(md.getImportedKeys(null, "COAGENT", "C")));
    assertEquals(List.of(
        "P|ID|C|P_ID|1|" + no + "|" + no + "|C_P_ID_FKEY|PK_P|" + never,
        "P|ID|D|P_ID|1|" + no + "|" + setNull + "|D_P|PK_P|" + never,
        "P|ID|E|P_ID|1|" + no + "|" + restrict + "|E_P_ID_FKEY|PK_P|" + never),
        keys(md.getExportedKeys(null, null, "P")));
    assertEquals(List.of("P|ID|D|P_ID|1|" + no + "|" + setNull + "|D_P|PK_P|" + never),
        keys(md.getCrossReference(null, null, "P", null, null, "D")));
    assertEquals(List.of(), keys(md.getCrossReference(null, null, "Q", null, null, "D")));
    assertEquals(List.of(), keys(md.getImportedKeys(null, "SYS", "C")));
    assertEquals(List.of(), keys(md.getImportedKeys("X", null, "C")));
    assertEquals(List.of(), keys(md.getImportedKeys(null, null, "P")));
    update(op, "ALTER TABLE c DROP CONSTRAINT c_q");
    assertEquals(List.of("P|ID|C|P_ID|1|" + no + "|" + no + "|C_P_ID_FKEY|PK_P|" + never),
        keys(md.getImportedKeys(null, null, "C")));
  }
}
