package io.coagent.engine.check;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Notification;
import io.coagent.engine.NotificationInfo;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.Row;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.Savepoint;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryState;
import io.coagent.engine.VerifyReport;
import io.coagent.engine.check.Program.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One schedule of a program tuple, driven step by step on a fresh in-memory engine.
 *
 * <p>A <em>step</em> is one atomic action of one agent, chosen by {@link Choices} among the agents
 * that can move: begin plus its first statement, one statement (point read, scan, blind write,
 * read-modify-write, delete, undo, savepoint rollback, abort), a repair (undo from the earliest
 * notified operation on, acknowledge), or a commit request. A commit that must wait is a blocked
 * agent: with {@code commitAsync} its future is pending and the agent cannot move until the
 * engine completes or fails it (which the engine does synchronously inside the step that ends the
 * lower rank or delivers the notification; the driver then joins the future); with
 * {@code commit(Duration.ZERO)} a {@code COMMIT_TIMEOUT} leaves the agent waiting, and it can move
 * again when every lower rank has ended or a notification arrived. Listener callbacks are checked
 * at the end: every notification must have been pushed to the reader's listener.
 *
 * <p>After every step the driver checks, against its own shadow of every version written (not
 * the engine's): no notification goes to a lower or equal rank; every notification reports a
 * change of the named read's result (none through a hiding version); every surviving read of an
 * active trajectory whose result has changed since it was read was notified; no commit completed
 * while a lower rank was open; no commit is left waiting once it holds the lowest open rank with
 * nothing unacknowledged. At quiescence: the state and every surviving read equal the serial run
 * of the committed programs in rank order ({@link SerialOracle}), and {@code verify()} reports
 * exactly the findings of the shadow's own rule-10 re-run. The first violation ends the schedule.
 */
final class EngineRun {
  static final String TABLE = "T";
  private static final TableDef DEF = TableDef.of(TABLE,
      List.of(ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.notNull("V", ColumnType.INTEGER)),
      0);
  private static final RowPredicate IN_P = values -> Semantics.inPredicate((Integer) values[1]);

  /** Picks one of {@code n} enabled agents. */
  interface Choices {
    int choose(int n);
  }

  enum Status { NOT_STARTED, RUNNING, PENDING_ASYNC, WAITING_SYNC, COMMITTED, ABORTED }

  /** One executed statement of the current or an earlier attempt. */
  private static final class Rec {
    final int index;
    final long opId;
    final long seq;
    final Op op;
    final String result; // null for statements that read nothing
    final long watermark; // highest notification id when it read
    final List<Ver> versions = new ArrayList<>(1);
    boolean alive = true;
    boolean ownUndoAffected;

    Rec(int index, long opId, long seq, Op op, String result, long watermark) {
      this.index = index;
      this.opId = opId;
      this.seq = seq;
      this.op = op;
      this.result = result;
      this.watermark = watermark;
    }
  }

  /** The driver's shadow of one version. */
  private static final class Ver {
    final int key;
    final Integer value; // null: tombstone
    final long rank;
    final long seq;
    final Agent writer; // null: the setup trajectory
    boolean undone;

    Ver(int key, Integer value, long rank, long seq, Agent writer) {
      this.key = key;
      this.value = value;
      this.rank = rank;
      this.seq = seq;
      this.writer = writer;
    }

    boolean before(long r, long s) {
      return rank < r || (rank == r && seq < s);
    }
  }

  private final class Agent {
    final int idx;
    final Program prog;
    final String name;
    Trajectory t;
    long rank = -1;
    Status status = Status.NOT_STARTED;
    int pc;
    final Savepoint[] sp;
    final Rec[] current;
    final List<Rec> recs = new ArrayList<>();
    final Set<Long> acked = new HashSet<>();
    final Set<Long> heard = ConcurrentHashMap.newKeySet();
    CompletableFuture<Void> future;
    int repairs;

    Agent(int idx, Program prog) {
      this.idx = idx;
      this.prog = prog;
      this.name = "a" + idx;
      this.sp = new Savepoint[prog.ops().size()];
      this.current = new Rec[prog.ops().size()];
    }

    boolean ended() {
      return status == Status.COMMITTED || status == Status.ABORTED;
    }

    /** Holds an open rank: active, or reserved by launch and not started. */
    boolean open() {
      return !ended() && (status != Status.NOT_STARTED || launch);
    }

    Map<Integer, String> aliveReads() {
      Map<Integer, String> m = new TreeMap<>();
      for (Rec r : current) {
        if (r != null && r.alive && r.result != null) {
          m.put(r.index, r.result);
        }
      }
      return m;
    }

    @Override
    public String toString() {
      return name + "(rank " + rank + ")";
    }
  }

  private final List<Program> programs;
  private final boolean launch;
  private final Choices choices;
  private final Set<Long> states;
  private final boolean tracing;
  final List<String> trace = new ArrayList<>();
  String violation;
  String violationKind;
  int steps;
  /** Findings verify() reported (as the driver's oracle expected): unexcused, and excused. */
  int verifyFindings;
  int verifyExcused;

  private CoStore store;
  private final List<Agent> agents = new ArrayList<>();
  private final List<Ver> versions = new ArrayList<>();
  private final Map<Long, Rec> recsByOp = new HashMap<>();
  private final Map<Long, Agent> agentsByTrajectory = new HashMap<>();
  private long[] reserved;
  private long checkedNotifications;

  EngineRun(List<Program> programs, boolean launch, Choices choices, Set<Long> states,
      boolean tracing) {
    this.programs = programs;
    this.launch = launch;
    this.choices = choices;
    this.states = states;
    this.tracing = tracing;
  }

  /** A violation; ends the schedule. */
  private static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String kind;

    Violation(String kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }
  }

  void run() {
    try (CoStore s = CoStore.open(StoreConfig.inMemory())) {
      store = s;
      setup();
      for (int i = 0; i < programs.size(); i++) {
        agents.add(new Agent(i, programs.get(i)));
      }
      if (launch) {
        reserved = new long[agents.size()];
        List<Long> r = store.launch(agents.stream().map(a -> a.name).toList());
        for (int i = 0; i < r.size(); i++) {
          reserved[i] = r.get(i);
        }
      }
      int bound = stepBound();
      while (true) {
        resolvePending();
        List<Agent> enabled = new ArrayList<>();
        for (Agent a : agents) {
          if (enabled(a)) {
            enabled.add(a);
          }
        }
        if (enabled.isEmpty()) {
          if (agents.stream().allMatch(Agent::ended)) {
            break;
          }
          throw new Violation("deadlock", "no agent can move but " + agents.stream()
              .filter(a -> !a.ended()).map(a -> a + " " + a.status).toList() + " have not ended");
        }
        if (++steps > bound) {
          throw new Violation("livelock", "more than " + bound + " steps (repair rounds: "
              + agents.stream().map(a -> a.name + "=" + a.repairs).toList() + ")");
        }
        Agent a = enabled.get(enabled.size() == 1 ? 0 : choices.choose(enabled.size()));
        step(a);
        afterStep();
      }
      atQuiescence();
    } catch (Violation v) {
      violation = v.getMessage();
      violationKind = v.kind;
    } catch (RuntimeException e) {
      violation = "unexpected exception: " + e;
      violationKind = "exception";
      if (tracing) {
        trace.add(stackOf(e));
      }
    }
  }

  private static String stackOf(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  /** Every agent's statements, commits and repairs, generously: beyond it is a livelock. */
  private int stepBound() {
    int ops = programs.stream().mapToInt(p -> p.ops().size() + 2).sum();
    return 4 * ops * programs.size() + 10;
  }

  private void setup() {
    store.createTable(DEF);
    Trajectory t = store.begin("setup");
    try (Operation op = t.begin(OpKind.INSERT, "setup")) {
      SerialOracle.initialState().forEach((k, v) -> {
        op.insert(TABLE, new Object[] {k, v});
        versions.add(new Ver(k, v, t.rank(), op.seq(), null));
      });
      op.complete();
    }
    t.commit();
  }

  // ---- scheduling ----

  private boolean enabled(Agent a) {
    return switch (a.status) {
      case NOT_STARTED, RUNNING -> true;
      case WAITING_SYNC -> lowestOpen(a) || !a.t.pendingNotifications().isEmpty();
      default -> false;
    };
  }

  /** No open rank below {@code a}'s (the checker's own view of the order). */
  private boolean lowestOpen(Agent a) {
    for (Agent b : agents) {
      if (b != a && b.open() && rankOf(b) < a.rank) {
        return false;
      }
    }
    return true;
  }

  private long rankOf(Agent b) {
    return b.status == Status.NOT_STARTED ? reserved[b.idx] : b.rank;
  }

  /**
   * Joins async commits the engine has decided; checks none is left waiting for nothing. In rank
   * order: one step can complete a chain of pending commits (a lower rank's end lets the next one
   * commit at once), so the order is checked as invariant I3 at step granularity: after every
   * step, no committed rank has an open rank below it.
   */
  private void resolvePending() {
    List<Agent> byRank = new ArrayList<>(agents);
    byRank.sort((x, y) -> Long.compare(x.rank, y.rank));
    for (Agent a : byRank) {
      if (a.status != Status.PENDING_ASYNC) {
        continue;
      }
      if (a.t.state() == TrajectoryState.COMMITTED) {
        join(a, true);
        committed(a);
      } else if (a.future.isDone() || !a.t.pendingNotifications().isEmpty()) {
        join(a, false);
        a.status = Status.RUNNING;
      } else if (lowestOpen(a)) {
        throw new Violation("commit-stuck", a + "'s commit is still pending although no lower "
            + "rank is open and it has nothing to acknowledge");
      }
    }
  }

  private void join(Agent a, boolean expectSuccess) {
    try {
      a.future.get(10, TimeUnit.SECONDS);
      if (!expectSuccess) {
        throw new Violation("commit-rule", a + "'s commitAsync succeeded while notifications "
            + "were pending");
      }
      log(a, "commit completed");
    } catch (ExecutionException e) {
      if (expectSuccess) {
        throw new Violation("commit-rule", a + " committed but its future failed: " + e.getCause());
      }
      if (!(e.getCause() instanceof CoAgentException c) || c.code() != ErrorCode.NOTIFICATIONS_PENDING) {
        throw new Violation("commit-rule", a + "'s commitAsync failed with " + e.getCause());
      }
      log(a, "commit failed: notified while waiting");
    } catch (TimeoutException e) {
      throw new Violation("commit-stuck", a + "'s commit future did not complete");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void committed(Agent a) {
    a.status = Status.COMMITTED;
    for (Agent b : agents) {
      if (b != a && b.open() && rankOf(b) < a.rank) {
        throw new Violation("commit-order", a + " committed while lower rank " + rankOf(b) + " ("
            + b.name + ", " + b.status + ") was open");
      }
    }
  }

  // ---- one step ----

  private void step(Agent a) {
    if (a.status == Status.NOT_STARTED) {
      a.t = store.begin(a.name);
      a.rank = a.t.rank();
      if (launch && a.rank != reserved[a.idx]) {
        throw new Violation("rank", a.name + " began at rank " + a.rank + ", not its reservation "
            + reserved[a.idx]);
      }
      agentsByTrajectory.put(a.t.id(), a);
      a.t.addListener(n -> a.heard.add(n.id()));
      a.status = Status.RUNNING;
      log(a, "begin");
    }
    List<Notification> got = new ArrayList<>();
    for (var n = a.t.poll(); n.isPresent(); n = a.t.poll()) {
      got.add(n.get());
    }
    if (!got.isEmpty()) {
      if (a.prog.repairs()) {
        repair(a, got);
        return;
      }
      ackAll(a, got);
      log(a, "acknowledged " + ids(got) + " without repairing");
    }
    if (a.pc == a.prog.ops().size()) {
      commit(a);
      return;
    }
    execute(a, a.prog.ops().get(a.pc));
  }

  private void repair(Agent a, List<Notification> got) {
    int from = Integer.MAX_VALUE;
    for (Notification n : got) {
      for (long opId : n.readOperations()) {
        Rec r = recsByOp.get(opId);
        if (r != null && r.alive && a.current[r.index] == r) {
          from = Math.min(from, r.index);
        }
      }
    }
    if (from != Integer.MAX_VALUE) {
      Savepoint s = a.sp[from];
      a.t.rollbackTo(s);
      undoAfter(a, s.afterSeq());
      a.pc = from;
      a.repairs++;
    }
    ackAll(a, got);
    if (a.status == Status.WAITING_SYNC) {
      a.status = Status.RUNNING;
    }
    log(a, "notified " + ids(got) + (from == Integer.MAX_VALUE ? ": nothing current to repair"
        : ": repair, undo from #" + from + " on and redo"));
  }

  private static List<Long> ids(List<Notification> ns) {
    return ns.stream().map(Notification::id).toList();
  }

  private void ackAll(Agent a, List<Notification> got) {
    for (Notification n : got) {
      a.t.acknowledge(n.id());
      a.acked.add(n.id());
    }
  }

  private void commit(Agent a) {
    if (a.prog.asyncCommit()) {
      a.future = a.t.commitAsync();
      a.status = Status.PENDING_ASYNC;
      log(a, "commitAsync");
      return; // resolvePending joins it once the engine has decided
    }
    try {
      a.t.commit(Duration.ZERO);
      log(a, "commit");
      committed(a);
    } catch (CoAgentException e) {
      if (e.code() == ErrorCode.NOTIFICATIONS_PENDING) {
        a.status = Status.RUNNING;
        log(a, "commit refused: notifications pending");
      } else if (e.code() == ErrorCode.COMMIT_TIMEOUT) {
        if (lowestOpen(a) && a.t.pendingNotifications().isEmpty()) {
          throw new Violation("commit-stuck", a + "'s commit waits although no lower rank is open");
        }
        a.status = Status.WAITING_SYNC;
        log(a, "commit waits for a lower rank");
      } else {
        throw e;
      }
    }
  }

  private long watermark() {
    long max = 0;
    for (NotificationInfo n : store.notifications()) {
      max = Math.max(max, n.notification().id());
    }
    return max;
  }

  private void execute(Agent a, Op op) {
    int i = a.pc;
    a.sp[i] = a.t.savepoint();
    Key key = Key.of(op.key());
    switch (op.kind()) {
      case READ -> stmt(a, i, op, OpKind.QUERY, o -> Semantics.point(value(o.get(TABLE, key))), null);
      case SCAN -> stmt(a, i, op, OpKind.QUERY, o -> {
        Map<Integer, Integer> rows = new TreeMap<>();
        for (Row r : o.scan(TABLE, KeyRange.ALL, IN_P)) {
          rows.put((Integer) r.values()[0], (Integer) r.values()[1]);
        }
        return Semantics.scan(rows);
      }, null);
      case PUT -> {
        int v = Semantics.putValue(op.arg(), Semantics.mem(a.aliveReads()));
        stmt(a, i, op, OpKind.UPSERT, o -> {
          o.put(TABLE, new Object[] {op.key(), v});
          return null;
        }, new Integer[] {v});
      }
      case RMW -> stmt(a, i, op, OpKind.UPDATE, o -> {
        Integer before = value(o.get(TABLE, key));
        int after = Semantics.rmwValue(before);
        if (before == null) {
          o.insert(TABLE, new Object[] {op.key(), after});
        } else if (!o.update(TABLE, key, new Object[] {op.key(), after})) {
          throw new Violation("read", "update of a row the same statement just read failed");
        }
        pendingWrite = new Integer[] {after};
        return Semantics.point(before);
      }, null);
      case DEL -> stmt(a, i, op, OpKind.DELETE, o -> {
        boolean existed = o.delete(TABLE, key);
        pendingWrite = existed ? new Integer[] {null} : null;
        return Semantics.existence(existed);
      }, null);
      case UNDO -> {
        Rec target = a.current[op.arg()];
        if (target != null) {
          a.t.undo(target.opId);
          if (target.alive) {
            undo(a, target);
          }
        }
        log(a, op + (target == null ? " (nothing)" : " of op " + target.opId));
      }
      case ROLLBACK -> {
        Savepoint s = a.sp[op.arg()];
        a.t.rollbackTo(s);
        undoAfter(a, s.afterSeq());
        log(a, op.toString());
      }
      case ABORT -> {
        a.t.abort();
        for (Rec r : a.recs) {
          if (r.alive) {
            undo(a, r);
          }
        }
        a.status = Status.ABORTED;
        log(a, "ABORT");
      }
      default -> throw new IllegalStateException(op.toString());
    }
    a.pc++;
  }

  /** The value written by the running statement (one-element array; element null: tombstone). */
  private Integer[] pendingWrite;

  private void stmt(Agent a, int index, Op op, OpKind kind,
      java.util.function.Function<Operation, String> body, Integer[] write) {
    long mark = watermark();
    pendingWrite = write;
    Rec rec;
    try (Operation o = a.t.begin(kind, op.toString())) {
      String result = body.apply(o);
      o.complete();
      rec = new Rec(index, o.id(), o.seq(), op, result, mark);
    }
    if (pendingWrite != null) {
      Ver v = new Ver(op.key(), pendingWrite[0], a.rank, rec.seq, a);
      rec.versions.add(v);
      versions.add(v);
    }
    pendingWrite = null;
    a.recs.add(rec);
    a.current[index] = rec;
    recsByOp.put(rec.opId, rec);
    log(a, op + (rec.result == null ? "" : " -> " + rec.result) + (rec.versions.isEmpty() ? ""
        : " writes " + rec.versions.get(0).value) + " [op " + rec.opId + "]");
  }

  private static Integer value(Row r) {
    return r == null ? null : (Integer) r.values()[1];
  }

  private void undoAfter(Agent a, long afterSeq) {
    for (Rec r : a.recs) {
      if (r.alive && r.seq > afterSeq) {
        undo(a, r);
      }
    }
  }

  /** Shadow of an undo: versions gone, read retracted, own later reads flagged. */
  private void undo(Agent a, Rec x) {
    x.alive = false;
    x.versions.forEach(v -> v.undone = true);
    if (!x.versions.isEmpty()) {
      for (Rec r : a.recs) {
        if (r.alive && r.seq > x.seq) {
          r.ownUndoAffected = true; // rule 4 does not notify a trajectory of its own undo
        }
      }
    }
  }

  // ---- checks after every step ----

  private void afterStep() {
    List<NotificationInfo> all = store.notifications();
    for (NotificationInfo info : all) {
      Notification n = info.notification();
      if (n.id() <= checkedNotifications) {
        continue;
      }
      checkedNotifications = Math.max(checkedNotifications, n.id());
      if (n.writerRank() >= n.readerRank()) {
        throw new Violation("notify-downward", "notification " + n + " goes from rank "
            + n.writerRank() + " to rank " + n.readerRank());
      }
      Rec first = recsByOp.get(n.readOperations().get(0));
      if (first == null || !changesResult(first.op, n.seen(), n.now())) {
        throw new Violation("notify-hidden", "notification " + n + " reports no change of the read"
            + " it names (seen " + Arrays.toString(n.seen()) + ", now " + Arrays.toString(n.now())
            + "): sent through a hiding version or for an unaffected read");
      }
    }
    for (Agent a : agents) {
      if (a.ended() || a.status == Status.NOT_STARTED) {
        continue;
      }
      for (Rec r : a.recs) {
        if (!r.alive || r.result == null || r.ownUndoAffected) {
          continue;
        }
        String now = resultAt(r, a.rank, v -> true);
        if (!now.equals(r.result) && !notified(all, a, r)) {
          throw new Violation("missed-notification", a + "'s " + r.op + " [op " + r.opId
              + "] read " + r.result + " but would now read " + now + ", and no notification "
              + "names it");
        }
      }
    }
    if (states != null) {
      states.add(fingerprint());
    }
  }

  private static boolean changesResult(Op op, Object[] seen, Object[] now) {
    return switch (op.kind()) {
      case DEL -> (seen == null) != (now == null);
      case SCAN -> {
        boolean in0 = seen != null && Semantics.inPredicate((Integer) seen[1]);
        boolean in1 = now != null && Semantics.inPredicate((Integer) now[1]);
        yield in0 != in1 || (in0 && !Arrays.equals(seen, now));
      }
      default -> !Arrays.equals(seen, now);
    };
  }

  private static boolean notified(List<NotificationInfo> all, Agent a, Rec r) {
    for (NotificationInfo info : all) {
      Notification n = info.notification();
      if (n.readerTrajectory() == a.t.id() && n.id() > r.watermark
          && n.readOperations().contains(r.opId)) {
        return true;
      }
    }
    return false;
  }

  /** The read's result over the shadow's non-undone versions accepted by {@code include}. */
  private String resultAt(Rec r, long rank, java.util.function.Predicate<Ver> include) {
    return switch (r.op.kind()) {
      case SCAN -> {
        Map<Integer, Integer> rows = new TreeMap<>();
        for (int k = 1; k <= 2; k++) {
          rows.put(k, visible(k, rank, r.seq, include));
        }
        yield Semantics.scan(rows);
      }
      case DEL -> Semantics.existence(visible(r.op.key(), rank, r.seq, include) != null);
      default -> Semantics.point(visible(r.op.key(), rank, r.seq, include));
    };
  }

  private Integer visible(int key, long rank, long seq, java.util.function.Predicate<Ver> include) {
    Ver best = null;
    for (Ver v : versions) {
      if (v.key == key && !v.undone && v.before(rank, seq) && include.test(v)
          && (best == null || best.before(v.rank, v.seq))) {
        best = v;
      }
    }
    return best == null ? null : best.value;
  }

  private long fingerprint() {
    long h = 17;
    for (Row r : store.scanLive(TABLE, KeyRange.ALL, null)) {
      h = h * 31 + r.key().hashCode();
      h = h * 31 + (Integer) r.values()[1];
    }
    for (Agent a : agents) {
      h = h * 31 + a.status.ordinal();
      h = h * 31 + a.pc;
      h = h * 31 + a.aliveReads().hashCode();
      h = h * 31 + (a.t == null ? 0 : a.t.pendingNotifications().size());
    }
    return h;
  }

  // ---- checks at quiescence ----

  private void atQuiescence() {
    List<Agent> committed = agents.stream().filter(a -> a.status == Status.COMMITTED)
        .sorted((x, y) -> Long.compare(x.rank, y.rank)).toList();
    checkVerify(committed); // first, so that the negative control exercises it too
    checkListeners();
    SerialOracle.Outcome serial = SerialOracle.run(committed.stream().map(a -> a.prog).toList());
    Map<Integer, Integer> live = new TreeMap<>();
    for (Row r : store.scanLive(TABLE, KeyRange.ALL, null)) {
      live.put((Integer) r.values()[0], (Integer) r.values()[1]);
    }
    for (int i = 0; i < committed.size(); i++) {
      Agent a = committed.get(i);
      Map<Integer, String> expected = serial.reads().get(i);
      Map<Integer, String> actual = a.aliveReads();
      if (!expected.equals(actual)) {
        throw new Violation("serial-read", a + "'s surviving reads " + actual + " differ from the "
            + "serial run in rank order " + expected);
      }
    }
    if (!live.equals(serial.state())) {
      throw new Violation("serial-state", "state " + live + " differs from the serial run in rank "
          + "order " + serial.state() + " (committed: " + committed + ")");
    }
  }

  /** verify() must report exactly the findings of the shadow's own rule-10 re-run. */
  private void checkVerify(List<Agent> committed) {
    VerifyReport report = store.verify();
    if (!report.quiescent()) {
      throw new Violation("verify", "verify() says not quiescent after every agent ended");
    }
    Map<Long, Boolean> expected = new TreeMap<>();
    long footprints = 0;
    java.util.function.Predicate<Ver> committedOnly = v -> v.writer == null
        || v.writer.status == Status.COMMITTED;
    Set<Long> excused = new HashSet<>();
    for (NotificationInfo info : store.notifications()) {
      if (info.acknowledged()) {
        excused.addAll(info.notification().readOperations());
      }
    }
    for (Agent a : committed) {
      for (Rec r : a.current) {
        if (r == null || !r.alive || r.result == null) {
          continue;
        }
        footprints += r.op.footprints();
        if (!resultAt(r, a.rank, committedOnly).equals(r.result)) {
          expected.put(r.opId, excused.contains(r.opId));
        }
      }
    }
    Map<Long, Boolean> actual = new TreeMap<>();
    for (VerifyReport.Finding f : report.findings()) {
      actual.merge(f.operation(), f.acknowledged(), (x, y) -> x && y);
    }
    footprints += SerialOracle.initialState().size(); // the setup's inserts check existence
    if (!expected.equals(actual) || report.readsChecked() != footprints) {
      throw new Violation("verify", "verify() found " + actual + " over " + report.readsChecked()
          + " reads; the checker's rule-10 oracle expects " + expected + " over " + footprints
          + " (operation id -> excused by an acknowledged notification)");
    }
    verifyExcused = (int) expected.values().stream().filter(x -> x).count();
    verifyFindings = expected.size() - verifyExcused;
  }

  private void checkListeners() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Agent a : agents) {
      if (a.t == null) {
        continue;
      }
      Set<Long> delivered = new HashSet<>();
      for (NotificationInfo info : store.notifications()) {
        if (info.notification().readerTrajectory() == a.t.id()) {
          delivered.add(info.notification().id());
        }
      }
      while (!a.heard.containsAll(delivered)) {
        if (System.nanoTime() > deadline) {
          throw new Violation("listener", a + "'s listener heard " + a.heard + " of " + delivered);
        }
        Thread.onSpinWait();
      }
      if (!delivered.containsAll(a.heard)) {
        throw new Violation("listener", a + "'s listener heard " + a.heard + " but only "
            + delivered + " were delivered");
      }
    }
  }

  private void log(Agent a, String what) {
    if (tracing) {
      trace.add(a + ": " + what);
    }
  }

  boolean ok() {
    return violation == null;
  }

  /** Agents in the tuple order, with their final rank (for reports). */
  List<String> describeAgents() {
    List<String> out = new ArrayList<>();
    for (Agent a : agents) {
      out.add(a.name + " " + a.prog + " rank " + a.rank + " " + a.status);
    }
    return out;
  }
}
