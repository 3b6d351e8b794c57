package io.coagent.engine.internal;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Row;
import io.coagent.engine.RowDiff;
import io.coagent.engine.VersionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * History and time travel over the version chains. Undone versions are kept in their chains (with
 * the time they were undone), so every past live view can be rebuilt: at time T a version counted
 * if it was written at or before T and not yet undone; the view showed the newest such version by
 * position. Reads here take each chain's monitor briefly and record no footprint.
 */
final class History {
  private final StoreImpl store;

  History(StoreImpl store) {
    this.store = store;
  }

  List<VersionInfo> of(TableData td, Key key) {
    VersionChain c = td.rows.get(key);
    List<VersionInfo> out = new ArrayList<>();
    if (c != null) {
      collect(td, key, c, out, new HashMap<>());
    }
    return out;
  }

  List<VersionInfo> of(TableData td) {
    List<VersionInfo> out = new ArrayList<>();
    Map<Long, String> texts = new HashMap<>();
    td.rows.forEach((k, c) -> collect(td, k, c, out, texts));
    return out;
  }

  List<Row> asOf(TableData td, KeyRange range, long millis) {
    List<Row> out = new ArrayList<>();
    RowAccess.slice(td, range).forEach((k, c) -> {
      Object[] v = null;
      synchronized (c) {
        List<Version> vs = c.versions();
        for (int i = vs.size() - 1; i >= 0; i--) {
          if (vs.get(i).existedAt(millis)) {
            v = vs.get(i).values;
            break;
          }
        }
      }
      if (v != null) {
        out.add(new Row(k, v.clone()));
      }
    });
    return out;
  }

  /** Merge of two as-of scans, both in key order. */
  List<RowDiff> diff(TableData td, long from, long to) {
    List<Row> a = asOf(td, KeyRange.ALL, from);
    List<Row> b = asOf(td, KeyRange.ALL, to);
    List<RowDiff> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      int c = i == a.size() ? 1 : j == b.size() ? -1 : a.get(i).key().compareTo(b.get(j).key());
      if (c < 0) {
        out.add(new RowDiff(a.get(i).key(), RowDiff.Change.REMOVED, a.get(i++).values(), null));
      } else if (c > 0) {
        out.add(new RowDiff(b.get(j).key(), RowDiff.Change.ADDED, null, b.get(j++).values()));
      } else {
        Row x = a.get(i++);
        Row y = b.get(j++);
        if (!java.util.Arrays.deepEquals(x.values(), y.values())) {
          out.add(new RowDiff(x.key(), RowDiff.Change.MODIFIED, x.values(), y.values()));
        }
      }
    }
    return out;
  }

  List<Row> atRank(TableData td, KeyRange range, long rank) {
    List<Row> out = new ArrayList<>();
    RowAccess.slice(td, range).forEach((k, c) -> {
      Object[] v = RowAccess.visibleValues(c, rank, Long.MAX_VALUE);
      if (v != null) {
        out.add(new Row(k, v.clone()));
      }
    });
    return out;
  }

  /** Committed, non-undone versions strictly before (rank, pos): the serial run's view. */
  List<Row> serial(TableData td, KeyRange range, long rank, long pos) {
    List<Row> out = new ArrayList<>();
    RowAccess.slice(td, range).forEach((k, c) -> {
      Object[] v;
      synchronized (c) {
        Version s = c.visible(rank, pos,
            x -> x.writer.state == io.coagent.engine.TrajectoryState.COMMITTED);
        v = s == null ? null : s.values;
      }
      if (v != null) {
        out.add(new Row(k, v.clone()));
      }
    });
    return out;
  }

  private void collect(TableData td, Key key, VersionChain c, List<VersionInfo> out,
      Map<Long, String> texts) {
    List<Version> vs;
    synchronized (c) {
      vs = new ArrayList<>(c.versions());
    }
    for (Version v : vs) {
      TrajectoryImpl t = v.writer;
      String text = texts.computeIfAbsent(v.op, op -> sqlText(t, op));
      long undone = v.undoneAt;
      out.add(new VersionInfo(td.def().name(), key, v.id, Values.copy(v.values), t.id(),
          t.agent(), v.rank, t.isolation(), v.op, text, Instant.ofEpochMilli(v.timeMillis),
          v.undone ? Instant.ofEpochMilli(undone == 0 ? v.timeMillis : undone) : null, t.state));
    }
  }

  private static String sqlText(TrajectoryImpl t, long op) {
    for (OperationImpl o : t.ops()) {
      if (o.id == op) {
        return o.text;
      }
    }
    return null;
  }
}
