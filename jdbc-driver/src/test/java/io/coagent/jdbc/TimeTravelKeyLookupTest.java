package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A key-equality query on the past must read the past: the live key lookup must not serve it. */
class TimeTravelKeyLookupTest {
  private static String one(PreparedStatement ps) throws Exception {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void asOfWithKeyEquality_returnsThePastRow_notTheLiveOne() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:coagent:mem:tt-key")) {
      c.createStatement().execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, val VARCHAR)");
      c.createStatement().execute("INSERT INTO kv VALUES (1, 'old')");
      Thread.sleep(5);
      Instant past = Instant.now();
      Thread.sleep(5);
      c.createStatement().execute("UPDATE kv SET val = 'new' WHERE id = 1");
      String ts = Timestamp.from(past).toString();
      try (PreparedStatement literal = c.prepareStatement(
          "SELECT val FROM kv FOR SYSTEM_TIME AS OF TIMESTAMP '" + ts + "' WHERE id = ?");
          PreparedStatement param = c.prepareStatement(
              "SELECT val FROM kv FOR SYSTEM_TIME AS OF ? WHERE id = ?");
          PreparedStatement live = c.prepareStatement("SELECT val FROM kv WHERE id = ?")) {
        literal.setInt(1, 1);
        param.setTimestamp(1, Timestamp.from(past));
        param.setInt(2, 1);
        live.setInt(1, 1);
        assertEquals("old", one(literal));
        assertEquals("old", one(param));
        assertEquals("new", one(live));
      }
    }
  }
}
