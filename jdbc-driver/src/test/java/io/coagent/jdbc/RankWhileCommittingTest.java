package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CoAgentConnection.rank() answers while another thread's commit() waits for a lower rank. */
class RankWhileCommittingTest {
  @Test
  void rank_answersAtOnce_whileAnotherThreadsCommitWaits() throws Exception {
    String url = "jdbc:coagent:mem:rank-while-committing";
    try (Connection low = DriverManager.getConnection(url + ";agent=low");
        Connection high = DriverManager.getConnection(url + ";agent=high")) {
      low.createStatement().execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      low.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
      high.createStatement().executeUpdate("INSERT INTO t VALUES (2)");
      long rank = high.unwrap(CoAgentConnection.class).rank().orElseThrow();
      Thread committer = new Thread(() -> {
        try {
          high.commit(); // waits for agent low (up to the 60 s commit timeout)
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "committer");
      committer.start();
      while (committer.getState() != Thread.State.TIMED_WAITING && committer.isAlive()) {
        Thread.sleep(5); // until the commit is waiting inside the engine
      }
      Optional<Long> seen = CompletableFuture.supplyAsync(() -> {
        try {
          return high.unwrap(CoAgentConnection.class).rank();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).get(10, TimeUnit.SECONDS); // a bound far below the commit's wait, not a speed claim
      assertEquals(Optional.of(rank), seen);
      low.commit();
      committer.join(30_000);
    }
  }
}
