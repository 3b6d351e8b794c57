package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.Key;
import io.coagent.engine.Operation;
import io.coagent.engine.TableDef;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Applies one row of an UPDATE (or of a MERGE's WHEN MATCHED) selected as {@code [$KEY, old
 * column values..., new target values...]}: coerces the values, writes nothing when nothing
 * changes (the row still counts; its CHECK constraints are still judged, {@link Checks}, and a
 * changed foreign key's parent read, {@link ForeignKeys}), moves the row (delete + insert, refused
 * while other rows reference the old key) when its primary key changes,
 * else {@code op.update}. Returns the rows affected.
 */
final class KeyedWrites {
  private KeyedWrites() {}

  static long update(CoStore store, Operation op, TableDef def, int[] targets, Object[] r)
      throws SQLException {
    int n = def.columns().size();
    Key key = (Key) r[0];
    Object[] values = new Object[n];
    for (int c = 0; c < n; c++) {
      values[c] = ValueCoercer.coerce(def, c, r[1 + c], false);
    }
    Object[] before = values.clone();
    for (int k = 0; k < targets.length; k++) {
      values[targets[k]] = ValueCoercer.coerce(def, targets[k], r[1 + n + k]);
    }
    Checks.of(def).verify(def, values);
    ForeignKeys.checkParents(op, ForeignKeys.outgoing(def), values, before);
    if (Arrays.equals(before, values) && !def.hasHiddenKey()) {
      Returning.written(values);
      return 1;
    }
    if (!def.hasHiddenKey() && !def.keyOf(values).equals(key)) {
      ForeignKeys.beforeDelete(store, op, def, key, def.keyOf(values).toArray());
      op.delete(def.name(), key);
      op.insert(def.name(), values);
      Returning.written(values);
      return 1;
    }
    if (op.update(def.name(), key, values)) {
      Returning.written(values);
      return 1;
    }
    return 0;
  }
}
