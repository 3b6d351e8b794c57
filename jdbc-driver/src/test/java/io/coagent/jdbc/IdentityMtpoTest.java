package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.lastOp;
import static io.coagent.jdbc.SysFixtures.lastUndo;
import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Identity values under MTPO: a sequence is not transactional, so agents of different ranks
 * inserting at once never get the same value, and no rollback or undo gives one back; the
 * UNDO_SQL of an insert into an identity table deletes exactly the row it wrote.
 */
class IdentityMtpoTest {
  private static final int AGENTS = 4;
  private static final int ROWS = 40;

  @Test
  void agentsOfDifferentRanks_insertingAtOnce_neverCollide_evenWithRollbackAndUndo()
      throws Exception {
    String url = "jdbc:coagent:mem:identity-mtpo-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url)) {
      update(op, "CREATE TABLE event (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
          + " agent VARCHAR, n INTEGER)");
      CyclicBarrier start = new CyclicBarrier(AGENTS);
      ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
      List<Future<List<Long>>> handed = new ArrayList<>();
      for (int a = 1; a <= AGENTS; a++) {
        int rank = a;
        handed.add(pool.submit(() -> agent(url, rank, start)));
      }
      Set<Long> all = new HashSet<>();
      int total = 0;
      for (Future<List<Long>> f : handed) {
        List<Long> ids = f.get(120, TimeUnit.SECONDS);
        total += ids.size();
        all.addAll(ids);
      }
      pool.shutdown();
      assertEquals(total, all.size(), "every value was handed out once: " + all);
      // Ranks 1 and 3 committed ROWS rows minus the undone one; 2 and 4 rolled back.
      List<String> kept = rows(op, "SELECT agent, COUNT(*) FROM event GROUP BY agent"
          + " ORDER BY agent");
      assertEquals(List.of("a1|" + (ROWS - 1), "a3|" + (ROWS - 1)), kept);
      for (String id : rows(op, "SELECT id FROM event")) {
        assertTrue(all.contains(Long.parseLong(id)), id);
      }
      long next = Long.parseLong(one(op,
          "INSERT INTO event (agent, n) VALUES ('op', 0) RETURNING id"));
      assertTrue(!all.contains(next) && next > max(all), "a fresh value after all: " + next);
    }
  }

  /** One agent's trajectory: ROWS inserts (ids read back by RETURNING), one undone. */
  private static List<Long> agent(String url, int rank, CyclicBarrier start) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url + ";agent=a" + rank + ";rank=" + rank);
        PreparedStatement ins = c.prepareStatement(
            "INSERT INTO event (agent, n) VALUES (?, ?) RETURNING id")) {
      c.setAutoCommit(false);
      start.await(30, TimeUnit.SECONDS);
      for (int i = 0; i < ROWS; i++) {
        ins.setString(1, "a" + rank);
        ins.setInt(2, i);
        try (ResultSet rs = ins.executeQuery()) {
          assertTrue(rs.next());
          ids.add(rs.getLong(1));
        }
        if (i == ROWS / 2) {
          update(c, "CALL SYS.UNDO(" + lastOp(c) + ")"); // its value stays used
        }
      }
      if (rank % 2 == 0) {
        c.rollback();
      } else {
        c.commit();
      }
    }
    return ids;
  }

  private static long max(Set<Long> s) {
    return s.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  @Test
  void undoSqlOfAnIdentityInsert_deletesExactlyThatRow_andTheValueIsNotReused()
      throws SQLException {
    String url = "jdbc:coagent:mem:identity-undo-" + UUID.randomUUID();
    try (Connection c = DriverManager.getConnection(url + ";agent=u")) {
      update(c, "CREATE TABLE note (id SERIAL PRIMARY KEY, body VARCHAR)");
      update(c, "INSERT INTO note (body) VALUES ('keep')");
      update(c, "INSERT INTO note (body) VALUES ('same')");
      update(c, "INSERT INTO note (body) VALUES ('same')");
      String undo = lastUndo(c);
      assertTrue(undo.contains("3"), "the undo names the generated key: " + undo);
      update(c, undo);
      assertEquals(List.of("1|keep", "2|same"), rows(c, "SELECT id, body FROM note ORDER BY id"));
      update(c, "INSERT INTO note (body) VALUES ('next')");
      assertEquals(List.of("1|keep", "2|same", "4|next"),
          rows(c, "SELECT id, body FROM note ORDER BY id"));
      List<String> history = rows(c, "SELECT COUNT(*) FROM SYS.OPERATIONS WHERE KIND = 'INSERT'");
      assertEquals(List.of("4"), history);
      c.commit();
    }
  }
}
