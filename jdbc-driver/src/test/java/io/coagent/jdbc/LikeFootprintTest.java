package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.awaitNotification;
import static io.coagent.jdbc.AgentTransactionsTest.query;
import static io.coagent.jdbc.AgentTransactionsTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scan filtered by {@code [NOT] LIKE} registers the pattern as its footprint predicate: the
 * higher-rank reader is notified only of lower-rank writes that change whether (or how) a row
 * matches, not of every write to the table.
 */
class LikeFootprintTest {
  private Connection low;
  private Connection high;

  @BeforeEach
  void open() throws SQLException {
    String url = "jdbc:coagent:mem:like-footprints-" + UUID.randomUUID();
    low = DriverManager.getConnection(url + ";agent=low;rank=1");
    high = DriverManager.getConnection(url + ";agent=high;rank=2");
    update(low,
        "CREATE TABLE files (id INTEGER PRIMARY KEY, path VARCHAR, body VARCHAR, n INTEGER)");
    update(low, "INSERT INTO files VALUES (1, 'src/a.java', 'calls fetch_1 twice', 5),"
        + " (2, 'abcdef', 'nothing', 7), (3, 'docs/x.md', '100% done', 50)");
  }

  @AfterEach
  void close() throws SQLException {
    low.close();
    high.close();
  }

  private void assertNoNotification() throws Exception {
    assertTrue(AgentTransactionsTest.co(high).await(Duration.ofMillis(300)).isEmpty(),
        "unexpected notification");
  }

  private void assertNotifiedOf(String key) throws Exception {
    assertEquals(key, awaitNotification(high).key().get(0).toString());
  }

  @Test
  void likeScan_notNotifiedOfNonMatchingInsertOrUpdate() throws Exception {
    assertEquals(List.of("1"), query(high, "SELECT id FROM files WHERE body LIKE '%fetch_1%'"));
    update(low, "INSERT INTO files VALUES (4, 'p', 'fetch_2 only', 1), (5, 'q', NULL, 1)");
    update(low, "UPDATE files SET body = 'still nothing' WHERE id = 2");
    assertNoNotification();
  }

  @Test
  void likeScan_notifiedOfMatchingInsert() throws Exception {
    assertEquals(List.of("1"), query(high, "SELECT id FROM files WHERE body LIKE '%fetch_1%'"));
    update(low, "INSERT INTO files VALUES (4, 'p', 'now fetch_1 too', 1)");
    assertNotifiedOf("4");
  }

  @Test
  void likeScan_notifiedWhenUpdateMakesRowStopMatching() throws Exception {
    assertEquals(List.of("1"), query(high, "SELECT id FROM files WHERE body LIKE '%fetch_1%'"));
    update(low, "UPDATE files SET body = 'calls fetch_2 twice' WHERE id = 1");
    assertNotifiedOf("1");
  }

  @Test
  void likeScan_notifiedWhenUpdateMakesRowStartMatching() throws Exception {
    assertEquals(List.of("1"), query(high, "SELECT id FROM files WHERE body LIKE '%fetch_1%'"));
    update(low, "UPDATE files SET body = 'fetch_1' WHERE id = 2");
    assertNotifiedOf("2");
  }

  @Test
  void underscoreWildcard_matchesExactlyOneCharacter() throws Exception {
    assertEquals(List.of("1"), query(high, "SELECT id FROM files WHERE path LIKE 'src/_.java'"));
    update(low, "INSERT INTO files VALUES (4, 'src/ab.java', 'x', 1), (5, 'src/.java', 'x', 1)");
    assertNoNotification();
    update(low, "INSERT INTO files VALUES (6, 'src/b.java', 'x', 1)");
    assertNotifiedOf("6");
  }

  @Test
  void escapeClause_makesTheEscapedWildcardLiteral() throws Exception {
    assertEquals(List.of("3"),
        query(high, "SELECT id FROM files WHERE body LIKE '100!%%' ESCAPE '!'"));
    update(low, "INSERT INTO files VALUES (4, 'p', '1000 rows', 1)");
    assertNoNotification();
    update(low, "INSERT INTO files VALUES (5, 'p', '100% more', 1)");
    assertNotifiedOf("5");
  }

  @Test
  void parameterPattern_isBoundIntoTheFootprint() throws Exception {
    try (PreparedStatement ps = high.prepareStatement("SELECT id FROM files WHERE body LIKE ?")) {
      ps.setString(1, "%fetch\\_1%");
      assertEquals(List.of(), SqlBasicsTest.rows(ps.executeQuery()), "no ESCAPE: '\\' is literal");
      ps.setString(1, "%fetch_1%");
      assertEquals(List.of("1"), SqlBasicsTest.rows(ps.executeQuery()));
    }
    update(low, "INSERT INTO files VALUES (4, 'p', 'fetch_2', 1)");
    assertNoNotification();
    update(low, "INSERT INTO files VALUES (5, 'p', 'fetch_1', 1)");
    assertNotifiedOf("5");
  }

  @Test
  void parameterPatternAndEscape_areBoundIntoTheFootprint() throws Exception {
    try (PreparedStatement ps = high.prepareStatement(
        "SELECT id FROM files WHERE body LIKE ? ESCAPE ?")) {
      ps.setString(1, "%fetch#_1%");
      ps.setString(2, "#");
      assertEquals(List.of("1"), SqlBasicsTest.rows(ps.executeQuery()));
    }
    update(low, "INSERT INTO files VALUES (4, 'p', 'fetchX1', 1)");
    assertNoNotification();
    update(low, "INSERT INTO files VALUES (5, 'p', 'fetch_1', 1)");
    assertNotifiedOf("5");
  }

  @Test
  void prefixPattern_ignoresRowsWithOtherPrefixes() throws Exception {
    assertEquals(List.of("2"), query(high, "SELECT id FROM files WHERE path LIKE 'abc%'"));
    update(low, "INSERT INTO files VALUES (4, 'abd', 'x', 1), (5, 'xabc', 'x', 1),"
        + " (6, 'ab', 'x', 1), (7, 'ABC', 'x', 1)");
    update(low, "UPDATE files SET path = 'abx' WHERE id = 1");
    assertNoNotification();
    update(low, "INSERT INTO files VALUES (8, 'abc', 'x', 1)");
    assertNotifiedOf("8");
  }

  @Test
  void notLikeScan_notifiedOnlyOfRowsThatDoNotMatchThePattern() throws Exception {
    assertEquals(List.of("2", "3"),
        query(high, "SELECT id FROM files WHERE body NOT LIKE '%fetch_1%' ORDER BY id"));
    update(low, "INSERT INTO files VALUES (4, 'p', 'fetch_1 again', 1), (5, 'q', NULL, 1)");
    assertNoNotification();
    update(low, "INSERT INTO files VALUES (6, 'p', 'other', 1)");
    assertNotifiedOf("6");
  }

  @Test
  void likeOnCastOfNonStringColumn_fallsBackToWholeTableFootprint() throws Exception {
    assertEquals(List.of("1", "3"),
        query(high, "SELECT id FROM files WHERE CAST(n AS VARCHAR) LIKE '5%' ORDER BY id"));
    update(low, "INSERT INTO files VALUES (4, 'p', 'x', 7)");
    assertNotifiedOf("4");
  }

  @Test
  void malformedPattern_raisesTheQueryError() {
    assertThrows(SQLException.class,
        () -> query(high, "SELECT id FROM files WHERE body LIKE 'a\\b' ESCAPE '\\'"));
  }
}
