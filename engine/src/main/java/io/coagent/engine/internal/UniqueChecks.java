package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.RowPredicate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * UNIQUE secondary indexes under MTPO, judged in rank order (docs/design/protocol.md,
 * "Constraints").
 *
 * <p>Rule: a write that gives a row non-null values of a unique index first reads that value
 * through the index in its own view, registering the footprint of an index scan of the value
 * (point range). If another row visible to the writer (lower ranks, its own earlier operations and
 * the statement's earlier writes) has the value, the write fails with 23505. Otherwise it goes
 * ahead. A lower rank that later writes the same value does not see the higher rank's row, so it
 * succeeds, and its write moves a row into the higher rank's footprint: the higher rank is notified
 * and must repair (undo its write) before it can commit. A failed statement's reads stay
 * registered (OperationImpl), so undoing or rolling back the lower write notifies the higher
 * rank's failed statement as well. NULLs never conflict.
 *
 * <p>Concurrency: the footprint is registered before the index is read ({@link RowAccess}), so a
 * concurrent lower-rank write of the value is either seen or notifies. The other isolation levels
 * (workspace writes) do not check unique indexes; see docs/design/engine.md.
 */
final class UniqueChecks {
  private UniqueChecks() {}

  /** Checks {@code row} (about to be written at {@code key}, position {@code wpos}). */
  static void check(OperationImpl op, TableData td, Key key, Object[] row, long wpos) {
    for (SecondaryIndex ix : td.indexes.values()) {
      if (!ix.def.unique() || !ix.ready) {
        continue;
      }
      Object[] v = ix.def.valuesOf(row);
      if (Arrays.asList(v).contains(null)) {
        continue;
      }
      KeyRange point = KeyRange.point(Key.of(v));
      RowAccess.scanIndex(op, td, ix, point, RowPredicate.TRUE, new int[0]);
      // decide in the view of the write's position: also sees this statement's earlier writes
      for (Iterator<Key> it = ix.candidates(point); it.hasNext(); ) {
        Key other = it.next();
        VersionChain c = other.equals(key) ? null : td.rows.get(other);
        Object[] seen = c == null ? null : RowAccess.visibleValues(c, op.trajectory.rank(), wpos);
        if (seen != null && Arrays.equals(ix.def.valuesOf(seen), v)) {
          throw duplicate(ix, v, other);
        }
      }
    }
  }

  /** Refuses a new unique index over rows (newest state) that already share a value. */
  static void refuseExisting(TableData td, SecondaryIndex ix) {
    Map<List<Object>, Key> seen = new HashMap<>();
    for (Map.Entry<Key, VersionChain> e : td.rows.entrySet()) {
      Object[] row = RowAccess.visibleValues(e.getValue(), Long.MAX_VALUE, Long.MAX_VALUE);
      if (row == null) {
        continue;
      }
      Object[] v = ix.def.valuesOf(row);
      if (Arrays.asList(v).contains(null)) {
        continue;
      }
      Key prev = seen.putIfAbsent(Arrays.asList(v), e.getKey());
      if (prev != null) {
        throw new CoAgentException(ErrorCode.DUPLICATE_KEY, "cannot create unique index "
            + ix.def.name() + " on " + td.def().name() + ": rows " + prev + " and " + e.getKey()
            + " both have " + show(v) + "; make the values distinct first or drop UNIQUE");
      }
    }
  }

  private static CoAgentException duplicate(SecondaryIndex ix, Object[] v, Key other) {
    return new CoAgentException(ErrorCode.DUPLICATE_KEY, "unique index " + ix.def.name() + " on "
        + ix.def.table() + ": row " + other + " already has " + show(v)
        + "; use another value, or update or delete that row first");
  }

  private static String show(Object[] v) {
    return v.length == 1 ? "value " + v[0] : "values " + Arrays.toString(v);
  }
}
