package io.coagent.jdbc;

import static io.coagent.jdbc.SysFixtures.one;
import static io.coagent.jdbc.SysFixtures.rows;
import static io.coagent.jdbc.SysFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under kill -9, measured from outside: each cycle starts a real child JVM ({@link
 * CrashChildProcess}) on one {@code jdbc:coagent:file:} store, kills it with SIGKILL ({@link
 * KilledChild}) at a random point: 10 ms to 2 s after it is ready (store open, statements
 * prepared); or (one cycle in five) 10 to 300 ms after it started opening it, i.e. during recovery;
 * or (one in five) 0 to 20 ms after a {@code SYS.COMPACT_HISTORY} began, i.e. during compaction.
 * The checks count the lines the child printed, so every line it wrote before it died must reach
 * this JVM: {@link KilledChild} reads its stdout to the end (with {@code Process.destroyForcibly}
 * the last lines were lost whenever the reader lagged, and a landed operator increment counted as
 * never attempted; issue #9). Then it reopens the store here and checks:
 *
 * <ul>
 *   <li>every acknowledged agent commit ({@code C id}) is present, every acknowledged rollback
 *       ({@code R id}) absent, every undone scratch row ({@code -id}) absent;
 *   <li>the ledger invariant: sum of ledger amounts = COUNTER 1 (both written in one trajectory),
 *       so no trajectory is torn;
 *   <li>OPC 1 holds
 *       exactly the operator increments (agents add 10 to it only in trajectories
 *       that roll back), and those that landed since the last cycle lie between the acknowledged
 *       and the attempted ones: a stale operator write built on an agent's rolled-back or
 *       aborted +10 shows up as 10 too many, a vanished acknowledged one as too few;
 *   <li>every acknowledged operator insert ({@code L k}) is present;
 *   <li>the store opens, the dead agents' trajectories can be aborted, operator trajectories end,
 *       and {@code SYS.VERIFY} reports no violation.
 * </ul>
 *
 * <p>CI runs a few cycles; a long sweep: {@code -Dcoagent.crash.cycles=1000}; the seed ({@code
 * -Dcoagent.crash.seed}) and the mode ({@code -Dcoagent.crash.durability=sync|flush}) are printed;
 * {@code -Dcoagent.crash.keep=DIR} keeps the store files of the last cycle ({@link #keep}).
 */
class CrashRecoveryTest {

  @TempDir Path dir;

  @Test
  void killNineAtRandomPoints_losesNothingAcknowledged_andNeverTearsATrajectory()
      throws Exception {
    int cycles = Integer.getInteger("coagent.crash.cycles", 8);
    long seed = Long.getLong("coagent.crash.seed", System.nanoTime());
    String durability = System.getProperty("coagent.crash.durability", "");
    String props = durability.isEmpty() ? "" : ";durability=" + durability;
    System.out.println("CrashRecoveryTest seed=" + seed + " cycles=" + cycles
        + " durability=" + (durability.isEmpty() ? "default" : durability));
    Random rnd = new Random(seed);
    Path file = dir.resolve("crash.mv.db").toAbsolutePath();
    String url = "jdbc:coagent:file:" + file + props;
    try (Connection op = DriverManager.getConnection(url)) {
      CrashChildProcess.createSchema(op);
    }
    Set<Long> committed = new HashSet<>();
    Set<Long> rolledBack = new HashSet<>();
    Set<Long> logged = new HashSet<>();
    long operatorIncrements = 0;
    int beforeOpen = 0;
    int inCompaction = 0;
    int lines = 0;
    for (int cycle = 1; cycle <= cycles; cycle++) {
      int point = rnd.nextInt(5); // 0: during recovery, 1: during compaction, else running
      String mark = point == 0 ? "OPENING" : point == 1 ? "COMPACTING" : "READY";
      long delay = point == 0 ? 10 + rnd.nextInt(291)
          : point == 1 ? rnd.nextInt(21) : 10 + rnd.nextInt(1991);
      String where = "seed=" + seed + " cycle=" + cycle + " delay=" + delay + "ms after " + mark;
      keep(file, "before"); // as the last check left it, for -Dcoagent.crash.keep
      List<String> out = runAndKill(file, props, cycle * 100_000L, rnd.nextLong(), mark, delay);
      keep(file, "killed"); // as the kill left it
      lines += out.size();
      if (!out.contains("OPEN")) { // killed while opening: during recovery
        beforeOpen++;
      }
      int started = out.lastIndexOf("COMPACTING");
      if (started >= 0 && out.subList(started, out.size()).stream()
          .noneMatch(l -> l.startsWith("K "))) {
        inCompaction++; // a compaction began and never returned: killed during it
      }
      long acked = 0;
      long attempted = 0;
      for (String line : out) {
        String[] p = line.split(" ", 2);
        switch (p[0]) {
          case "C" -> committed.add(Long.parseLong(p[1]));
          case "R" -> rolledBack.add(Long.parseLong(p[1]));
          case "L" -> logged.add(Long.parseLong(p[1]));
          case "O" -> acked++;
          case "o" -> attempted++;
          case "E" -> fail(where + ": the child failed: " + line + "\n" + out);
          default -> { }
        }
      }
      try (Connection op = DriverManager.getConnection(url)) {
        for (String agent : rows(op, "SELECT AGENT FROM SYS.TRAJECTORIES WHERE STATE = "
            + "'ACTIVE' AND AGENT LIKE 'agent-%'")) {
          update(op, "CALL SYS.ABORT('" + agent + "')"); // it died with the process
        }
        awaitNoActive(op, where);
        long sum = Long.parseLong(one(op, "SELECT COALESCE(SUM(amount), 0) FROM ledger"
            + " WHERE id > 0"));
        long total = Long.parseLong(one(op, "SELECT total FROM counter WHERE id = 1"));
        assertEquals(sum, total, where + ": ledger sum = counter (one trajectory wrote both)");
        assertEquals("0", one(op, "SELECT COUNT(*) FROM ledger WHERE id < 0"),
            where + ": undone scratch rows stay undone");
        Set<Long> present = new HashSet<>();
        for (String r : rows(op, "SELECT id FROM ledger")) {
          present.add(Long.parseLong(r));
        }
        List<Long> lost = new ArrayList<>(committed);
        lost.removeAll(present);
        assertEquals(List.of(), lost, where + ": acknowledged commits missing after reopen");
        List<Long> back = new ArrayList<>(rolledBack);
        back.retainAll(present);
        assertEquals(List.of(), back, where + ": acknowledged rollbacks present after reopen");
        Set<Long> logPresent = new HashSet<>();
        for (String r : rows(op, "SELECT k FROM oplog")) {
          logPresent.add(Long.parseLong(r));
        }
        List<Long> lostLog = new ArrayList<>(logged);
        lostLog.removeAll(logPresent);
        assertEquals(List.of(), lostLog, where + ": acknowledged operator inserts missing");
        long v = Long.parseLong(one(op, "SELECT v FROM opc WHERE id = 1"));
        long ops = v; // agents only ever add to OPC in trajectories that roll back
        long landed = ops - operatorIncrements;
        if (landed < acked || landed > attempted) {
          String drift = where + ": operator increments this cycle: " + landed
              + ", acknowledged " + acked + ", attempted " + attempted + " (opc = " + v + ")";
          List<String> context = new ArrayList<>();
          for (String l : out) {
            if (!l.startsWith("C ") && !l.startsWith("R ") && !l.startsWith("L ")) {
              context.add(l);
            }
          }
          fail(drift + "\nthe child's other lines: " + context);
        }
        operatorIncrements = ops;
        List<String> verify = rows(op, "CALL SYS.VERIFY()");
        assertTrue(verify.get(0).startsWith("SUMMARY|true|true"),
            where + ": SYS.VERIFY after recovery: " + verify);
      }
    }
    System.out.println("CrashRecoveryTest seed=" + seed + ": " + cycles + " kill -9 cycles ("
        + beforeOpen + " during recovery, " + inCompaction + " during compaction), "
        + committed.size() + " acknowledged "
        + "commits, " + rolledBack.size() + " rollbacks, " + logged.size() + " operator inserts, "
        + operatorIncrements + " operator increments, "
        + lines + " lines: nothing lost");
  }

  /**
   * With {@code -Dcoagent.crash.keep=DIR}: copies the store file to {@code DIR/name.mv.db}, so a
   * failing cycle leaves the file its child started from ({@code before}) and the one its kill
   * left ({@code killed}) for reading offline (open a copy with {@code MvBackend} and list its
   * records; opening it as a store runs recovery, which changes it).
   */
  private static void keep(Path file, String name) throws java.io.IOException {
    String keepDir = System.getProperty("coagent.crash.keep");
    if (keepDir == null) {
      return;
    }
    Path d = Path.of(keepDir);
    java.nio.file.Files.createDirectories(d);
    java.nio.file.Files.copy(file, d.resolve(name + ".mv.db"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Starts a child, waits for its line {@code mark}, sleeps {@code delayMs}, kills it with SIGKILL
   * and returns every line it wrote ({@link KilledChild}: none lost to a reader behind the kill).
   */
  private static List<String> runAndKill(Path file, String props, long base, long seed,
      String mark, long delayMs) throws Exception {
    KilledChild child = new KilledChild(new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CrashChildProcess.class.getName(), file.toString(), props, Long.toString(base),
        Long.toString(seed))
        .redirectError(ProcessBuilder.Redirect.DISCARD), mark);
    try {
      assertTrue(child.awaitMark(60), "the child printed " + mark);
      Thread.sleep(delayMs);
      return child.killNine();
    } finally {
      child.killQuietly();
    }
  }

  private static void awaitNoActive(Connection op, String where) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> active;
    while (!(active = rows(op, "SELECT AGENT FROM SYS.TRAJECTORIES WHERE STATE = 'ACTIVE'"))
        .isEmpty()) {
      if (System.nanoTime() > deadline) {
        fail(where + ": trajectories still active 30 s after reopen: " + active);
      }
      Thread.sleep(20);
    }
  }
}
