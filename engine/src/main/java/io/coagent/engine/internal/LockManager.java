package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Locks of SERIALIZABLE (strict 2PL) trajectories: shared and exclusive row locks, shared range
 * ("predicate") locks for scans, all held until the trajectory ends.
 *
 * <p>Conflicts: shared vs exclusive on a row; an exclusive row lock vs another trajectory's range
 * lock covering the key (a phantom). A waiter records whom it waits for; if that closes a cycle in
 * the wait-for graph the requester is the victim and gets {@link ErrorCode#DEADLOCK}. Every wait
 * is bounded by the timeout ({@link ErrorCode#LOCK_TIMEOUT}).
 *
 * <p>Concurrency: one monitor for the whole manager; waits use it. Baseline levels are for
 * comparison and ordinary clients, so simplicity beats lock-table striping here. It is never held
 * while taking a chain monitor or the rank-order lock.
 */
final class LockManager {
  private static final class RowState {
    final Set<TrajectoryImpl> shared = new HashSet<>(2);
    TrajectoryImpl exclusive;
  }

  private record RangeLock(TrajectoryImpl owner, KeyRange range) {}

  private final Map<TableData, TreeMap<Key, RowState>> rows = new HashMap<>();
  private final Map<TableData, List<RangeLock>> ranges = new HashMap<>();
  private final Map<TrajectoryImpl, Set<TrajectoryImpl>> waitsFor = new HashMap<>();
  private final Map<TrajectoryImpl, List<Runnable>> releases = new HashMap<>();

  synchronized void lockShared(TrajectoryImpl t, TableData td, Key key, Duration timeout) {
    RowState s = row(td, key);
    await(t, timeout, "a shared lock on " + td.def().name() + " key " + key, () -> {
      Set<TrajectoryImpl> b = new LinkedHashSet<>();
      if (s.exclusive != null && s.exclusive != t) {
        b.add(s.exclusive);
      }
      return b;
    });
    if (s.exclusive != t && s.shared.add(t)) {
      releases.computeIfAbsent(t, k -> new ArrayList<>()).add(() -> s.shared.remove(t));
    }
  }

  synchronized void lockExclusive(TrajectoryImpl t, TableData td, Key key, Duration timeout) {
    RowState s = row(td, key);
    await(t, timeout, "an exclusive lock on " + td.def().name() + " key " + key, () -> {
      Set<TrajectoryImpl> b = new LinkedHashSet<>();
      if (s.exclusive != null && s.exclusive != t) {
        b.add(s.exclusive);
      }
      for (TrajectoryImpl o : s.shared) {
        if (o != t) {
          b.add(o);
        }
      }
      for (RangeLock r : ranges.getOrDefault(td, List.of())) {
        if (r.owner != t && r.range.contains(key)) {
          b.add(r.owner);
        }
      }
      return b;
    });
    if (s.exclusive != t) {
      s.exclusive = t;
      releases.computeIfAbsent(t, k -> new ArrayList<>()).add(() -> s.exclusive = null);
    }
  }

  synchronized void lockRange(TrajectoryImpl t, TableData td, KeyRange range, Duration timeout) {
    await(t, timeout, "a range lock on " + td.def().name(), () -> {
      Set<TrajectoryImpl> b = new LinkedHashSet<>();
      for (RowState s : RowAccess.slice(rowsOf(td), range).values()) {
        if (s.exclusive != null && s.exclusive != t) {
          b.add(s.exclusive);
        }
      }
      return b;
    });
    RangeLock lock = new RangeLock(t, range);
    ranges.computeIfAbsent(td, k -> new ArrayList<>()).add(lock);
    releases.computeIfAbsent(t, k -> new ArrayList<>()).add(() -> ranges.get(td).remove(lock));
  }

  /** Releases every lock of {@code t} and wakes waiters. Idempotent. */
  synchronized void releaseAll(TrajectoryImpl t) {
    List<Runnable> rs = releases.remove(t);
    if (rs != null) {
      rs.forEach(Runnable::run);
    }
    waitsFor.remove(t);
    notifyAll();
  }

  private interface Blockers {
    Set<TrajectoryImpl> get();
  }

  private void await(TrajectoryImpl t, Duration timeout, String what, Blockers blockers) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<TrajectoryImpl> b = blockers.get();
      if (b.isEmpty()) {
        waitsFor.remove(t);
        return;
      }
      waitsFor.put(t, b);
      if (reaches(b, t)) {
        waitsFor.remove(t);
        throw new CoAgentException(ErrorCode.DEADLOCK, "deadlock: agent " + t.agent()
            + " waited for " + what + " held by " + names(b) + ", which wait for it; agent "
            + t.agent() + " was chosen as the victim and must roll back");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        waitsFor.remove(t);
        throw new CoAgentException(ErrorCode.LOCK_TIMEOUT, "agent " + t.agent() + " waited "
            + timeout.toMillis() + " ms for " + what + " held by " + names(b)
            + "; roll back and retry");
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        waitsFor.remove(t);
        throw new CoAgentException(ErrorCode.LOCK_TIMEOUT, "agent " + t.agent()
            + " was interrupted waiting for " + what, e);
      }
    }
  }

  /** Whether {@code target} is reachable from {@code from} in the wait-for graph (bounded BFS). */
  private boolean reaches(Set<TrajectoryImpl> from, TrajectoryImpl target) {
    Deque<TrajectoryImpl> todo = new ArrayDeque<>(from);
    Set<TrajectoryImpl> seen = new HashSet<>(from);
    while (!todo.isEmpty()) {
      TrajectoryImpl x = todo.poll();
      if (x == target) {
        return true;
      }
      for (TrajectoryImpl y : waitsFor.getOrDefault(x, Set.of())) {
        if (seen.add(y)) {
          todo.add(y);
        }
      }
    }
    return false;
  }

  private RowState row(TableData td, Key key) {
    return rowsOf(td).computeIfAbsent(key, k -> new RowState());
  }

  private TreeMap<Key, RowState> rowsOf(TableData td) {
    return rows.computeIfAbsent(td, k -> new TreeMap<>());
  }

  private static String names(Set<TrajectoryImpl> ts) {
    return ts.stream().map(TrajectoryImpl::agent).toList().toString();
  }
}
