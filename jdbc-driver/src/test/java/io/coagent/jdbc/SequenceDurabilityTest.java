package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences on {@code file:} stores never hand out a value twice: not after a clean reopen, and
 * not after the process is killed with SIGKILL in the middle of inserts and NEXTVAL calls (the
 * high-water mark is synced ahead of use; the values it reserved but did not use are skipped).
 */
class SequenceDurabilityTest {
  @TempDir Path dir;

  @Test
  void reopen_resumesAboveEveryValueHandedOut() throws Exception {
    String url = "jdbc:coagent:file:" + dir.resolve("seq.mv.db").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url)) {
      update(c, "CREATE TABLE t (id SERIAL PRIMARY KEY, v VARCHAR)");
      update(c, "CREATE SEQUENCE s START WITH 10");
      update(c, "INSERT INTO t (v) VALUES ('a'), ('b')");
      assertEquals("10", one(c, "SELECT NEXTVAL('s')"));
    }
    try (Connection c = DriverManager.getConnection(url)) {
      update(c, "INSERT INTO t (v) VALUES ('c')");
      assertTrue(Long.parseLong(one(c, "SELECT MAX(id) FROM t")) > 2);
      assertTrue(Long.parseLong(one(c, "SELECT NEXTVAL('s')")) > 10);
      assertEquals("3", one(c, "SELECT COUNT(DISTINCT id) FROM t"));
    }
  }

  @Test
  void killNine_duringInsertsAndNextval_neverReusesAValue() throws Exception {
    Path file = dir.resolve("crash.mv.db").toAbsolutePath();
    String url = "jdbc:coagent:file:" + file;
    try (Connection c = DriverManager.getConnection(url)) {
      update(c, "CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v VARCHAR)");
      update(c, "CREATE SEQUENCE s");
    }
    long maxId = 0;
    long maxNext = 0;
    for (int cycle = 0; cycle < 2; cycle++) {
      List<String> out = runAndKill(file, 40 + cycle * 57);
      for (String line : out) {
        if (line.startsWith("I ")) {
          long v = Long.parseLong(line.substring(2));
          assertTrue(v > maxId, "identity value " + v + " handed out again (max " + maxId + ")");
          maxId = v;
        } else if (line.startsWith("N ")) {
          long v = Long.parseLong(line.substring(2));
          assertTrue(v > maxNext, "NEXTVAL " + v + " handed out again (max " + maxNext + ")");
          maxNext = v;
        }
      }
      assertTrue(maxId > 0 && maxNext > 0, "the child made progress: " + out.size() + " lines");
    }
    try (Connection c = DriverManager.getConnection(url)) {
      long id = Long.parseLong(one(c, "INSERT INTO t (v) VALUES ('after') RETURNING id"));
      assertTrue(id > maxId, id + " after " + maxId);
      assertTrue(Long.parseLong(one(c, "SELECT NEXTVAL('s')")) > maxNext);
    }
  }

  /** Runs the child until it printed {@code lines} values, then kills it; its output. */
  private static List<String> runAndKill(Path file, int lines) throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        SequenceCrashChild.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; out.size() < lines && (line = r.readLine()) != null; ) {
        out.add(line);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: nothing closed, nothing flushed
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
    }
    assertEquals(lines, out.size(), "the child printed " + out);
    return out;
  }
}
