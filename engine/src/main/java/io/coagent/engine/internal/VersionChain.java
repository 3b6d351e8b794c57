package io.coagent.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The versions of one row key, sorted by position (rank, seq), plus the point reads registered
 * on that key.
 *
 * <p>Concurrency: every method must be called while holding this chain's monitor. The monitor is
 * the unit of atomicity between readers and writers of one key: a reader registers its footprint
 * and reads under it; a writer inserts its version and collects the readers to notify under it.
 * Hence either the reader sees the write, or the writer sees the reader (no missed notification),
 * and statements on different keys never contend.
 *
 * <p>Invariants: {@code versions} is sorted by (rank, seq) with no two versions at one position
 * from different operations; a retired chain is empty and unreachable from its table.
 */
final class VersionChain {
  private final ArrayList<Version> versions = new ArrayList<>(2);
  private final ArrayList<ReadRecord> pointReads = new ArrayList<>(0);
  private boolean retired;

  boolean retired() {
    return retired;
  }

  /** Marks an empty chain as removed from its table; writers that raced it retry. */
  boolean retireIfUnused() {
    if (versions.isEmpty() && pointReads.isEmpty()) {
      retired = true;
    }
    return retired;
  }

  void add(Version v) {
    assert !retired;
    int i = versions.size();
    // Appends are the common case (the newest rank writes last); misplaced writes walk back.
    while (i > 0 && !versions.get(i - 1).before(v.rank, v.seq)) {
      i--;
    }
    versions.add(i, v);
  }

  /**
   * The version a reader at position (rank, seq) sees: the newest one strictly before it that is
   * not undone. {@code toggled}, when non-null, is treated as present ({@code toggledPresent}) or
   * absent regardless of its flag, which lets a writer compute before- and after-views of one
   * change. Returns null when no version is visible (the row does not exist for that reader).
   */
  Version visible(long rank, long seq, Version toggled, boolean toggledPresent) {
    for (int i = upperIndex(rank, seq) - 1; i >= 0; i--) {
      Version v = versions.get(i);
      boolean present = v == toggled ? toggledPresent : !v.undone;
      if (present) {
        return v;
      }
    }
    return null;
  }

  /** As {@link #visible} but only over versions accepted by {@code include}. */
  Version visible(long rank, long seq, Predicate<Version> include) {
    for (int i = upperIndex(rank, seq) - 1; i >= 0; i--) {
      Version v = versions.get(i);
      if (!v.undone && include.test(v)) {
        return v;
      }
    }
    return null;
  }

  /** Number of versions positioned strictly before (rank, seq): binary search. */
  int upperIndex(long rank, long seq) {
    int lo = 0;
    int hi = versions.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (versions.get(mid).before(rank, seq)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Removes the versions at {@code [0, upTo)} and any other matching {@code alsoRemove}. */
  List<Version> removeBelow(int upTo, Predicate<Version> alsoRemove) {
    List<Version> removed = new ArrayList<>(versions.subList(0, upTo));
    versions.subList(0, upTo).clear();
    for (Version v : versions) {
      if (alsoRemove.test(v)) {
        removed.add(v);
      }
    }
    versions.removeIf(alsoRemove);
    return removed;
  }

  List<Version> versions() {
    return versions;
  }

  void addReader(ReadRecord r) {
    pointReads.add(r);
  }

  void removeReader(ReadRecord r) {
    pointReads.remove(r);
  }

  List<ReadRecord> readers() {
    return pointReads;
  }
}
