package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.fails;
import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real agent process holding an active trajectory with writes and a reservation: the
 * reopened store (short lease_timeout in the URL) gives both a lease from reopen, aborts the
 * trajectory and drops the reservation when it expires, undoing the writes, and another agent's
 * commit, which waits for both lower ranks, then goes through.
 */
class KillNineLeaseTest {
  @TempDir Path dir;

  @Test
  void killedAgentsTrajectoryAndReservation_expireAfterReopen_andOthersCommit() throws Exception {
    Path file = dir.resolve("killed.mv.db").toAbsolutePath();
    String url = "jdbc:coagent:file:" + file;
    try (Connection op = DriverManager.getConnection(url)) {
      update(op, "CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      update(op, "INSERT INTO stock VALUES (1, 5)");
    } // the last connection closes the file store: the child can open it

    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        LeaseChildProcess.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        seen.append(line).append('\n');
      }
      assertEquals("READY", line, "child output:\n" + seen);
      child.destroyForcibly(); // kill -9: nothing is closed, nothing rolled back
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
    } finally {
      child.destroyForcibly();
    }

    try (Connection op = DriverManager.getConnection(url + ";lease_timeout=500ms")) {
      assertEquals(List.of("crasher|ACTIVE|true"), rows(op, "SELECT AGENT, STATE, "
          + "LEASE_EXPIRES IS NOT NULL FROM SYS.TRAJECTORIES WHERE AGENT = 'crasher'"),
          "the crashed agent's trajectory comes back active, with a lease from reopen");
      assertEquals("ghost", one(op, "SELECT AGENT FROM SYS.RESERVATIONS"));
      try (Connection survivor = DriverManager.getConnection(url + ";agent=survivor")) {
        update(survivor, "INSERT INTO stock VALUES (3, 7)");
        survivor.commit(); // waits for crasher and ghost (lower ranks) until their leases expire
      }
      assertEquals(List.of("crasher|ABORTED"),
          rows(op, "SELECT AGENT, STATE FROM SYS.TRAJECTORIES WHERE AGENT = 'crasher'"));
      assertTrue(one(op, "SELECT END_REASON FROM SYS.TRAJECTORIES WHERE AGENT = 'crasher'")
          .contains("lease expiry"));
      assertEquals(List.of(), rows(op, "SELECT * FROM SYS.RESERVATIONS"));
      assertEquals(List.of("1|5", "3|7"), rows(op, "SELECT * FROM stock ORDER BY id"),
          "the killed agent's writes are undone; the survivor's are committed");
      try (Connection back = DriverManager.getConnection(url + ";agent=crasher")) {
        SQLException e = fails("MT010", () -> rows(back, "SELECT * FROM stock"),
            "lease expiry", "Start again");
        assertTrue(e.getMessage().contains("lease_timeout=500ms"), e.getMessage());
        update(back, "UPDATE stock SET qty = 6 WHERE id = 1");
        back.commit();
      }
      assertEquals("6", one(op, "SELECT qty FROM stock WHERE id = 1"));
    }
  }
}
