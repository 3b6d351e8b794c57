package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnType;
import io.coagent.engine.Key;
import io.coagent.engine.OpKind;
import io.coagent.engine.Row;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;

/**
 * {@code UPDATE t SET c1 = ?, ... WHERE <whole primary key = ? or literal>} without Calcite at
 * execution (see {@link KeyLookup}): one engine point read of every column (the footprint the
 * general plan registers, since it selects the whole old row), the new values converted as the
 * general path converts them (the parameter to the column's type, then {@link ValueCoercer}), and
 * one {@code op.update}. SET values must be bare parameters of non-key columns of plain types;
 * anything else, or a parameter that is not exactly a key value, runs the general plan.
 */
final class PointUpdate implements PreparedSql {
  /** Column types whose general-path CAST is the identity on an exactly converted parameter. */
  private static final Set<ColumnType> PLAIN = Set.of(ColumnType.INTEGER, ColumnType.BIGINT,
      ColumnType.DOUBLE, ColumnType.VARCHAR, ColumnType.JSON, ColumnType.BOOLEAN);

  private final CoStore store;
  private final PreparedSql general;
  private final TableDef def;
  private final KeyPattern key;
  private final int[] targets;
  private final int[] params;
  private final int[] allColumns;

  private PointUpdate(CoStore store, PreparedSql general, TableDef def, KeyPattern key,
      int[] targets, int[] params) {
    this.store = store;
    this.general = general;
    this.def = def;
    this.key = key;
    this.targets = targets;
    this.params = params;
    this.allColumns = IntStream.range(0, def.columns().size()).toArray();
  }

  /** The fast form of {@code u}, or null if it is not a plain single-row update by key. */
  static PointUpdate match(CoStore store, SqlUpdate u, PreparedSql general) {
    String table = u.getTargetTable() instanceof SqlIdentifier id ? KeyPattern.tableName(id)
        : null;
    TableDef def = table == null ? null : store.table(table).orElse(null);
    if (def == null || def.hasHiddenKey()) {
      return null;
    }
    String qualifier = u.getAlias() != null ? u.getAlias().getSimple() : table;
    KeyPattern key = KeyPattern.match(def, qualifier, u.getCondition());
    if (key == null) {
      return null;
    }
    int n = u.getTargetColumnList().size();
    int[] targets = new int[n];
    int[] params = new int[n];
    for (int k = 0; k < n; k++) {
      SqlNode target = u.getTargetColumnList().get(k);
      SqlNode source = u.getSourceExpressionList().get(k);
      targets[k] = target instanceof SqlIdentifier id ? KeyPattern.column(def, qualifier, id) : -1;
      if (targets[k] < 0 || def.primaryKey().contains(targets[k])
          || !PLAIN.contains(def.columns().get(targets[k]).type())
          || !(source instanceof SqlDynamicParam p)) {
        return null;
      }
      for (int j = 0; j < k; j++) {
        if (targets[j] == targets[k]) {
          return null;
        }
      }
      params[k] = p.getIndex();
    }
    return new PointUpdate(store, general, def, key, targets, params);
  }

  @Override
  public String sql() {
    return general.sql();
  }

  @Override
  public Kind kind() {
    return Kind.UPDATE;
  }

  @Override
  public int parameterCount() {
    return general.parameterCount();
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    Key k = key.key(parameters);
    if (k == null) {
      return general.execute(trajectory, parameters);
    }
    KeyPattern.checkTable(store, def);
    return Ops.run(trajectory, OpKind.UPDATE, sql(), op -> {
      Row r = op.get(def.name(), k, allColumns);
      if (r == null) {
        return SqlResult.count(0);
      }
      Object[] before = r.values();
      Object[] values = before.clone();
      for (int i = 0; i < targets.length; i++) {
        int c = targets[i];
        Object v = Parameters.coerce(parameters.get(params[i]), jdbcType(def.columns().get(c)
            .type()), params[i] + 1);
        values[c] = ValueCoercer.coerce(def, c, v);
      }
      Checks.of(def).verify(def, values);
      ForeignKeys.checkParents(op, ForeignKeys.outgoing(def), values, before);
      if (Arrays.equals(before, values)) {
        Returning.written(values);
        return SqlResult.count(1);
      }
      boolean done = op.update(def.name(), k, values);
      if (done) {
        Returning.written(values);
      }
      return SqlResult.count(done ? 1 : 0);
    });
  }

  private static int jdbcType(ColumnType t) {
    return switch (t) {
      case INTEGER -> Types.INTEGER;
      case BIGINT -> Types.BIGINT;
      case DOUBLE -> Types.DOUBLE;
      default -> Types.OTHER; // not converted: VARCHAR, JSON, BOOLEAN (see PLAIN)
    };
  }

  @Override
  public boolean keyLookup() {
    return true;
  }

  /** Same metadata as the planned statement this fast path stands in for. */
  @Override
  public java.util.List<io.coagent.sql.SqlColumn> columns() throws java.sql.SQLException {
    return general.columns();
  }

  @Override
  public java.util.List<io.coagent.sql.SqlColumn> parameters() throws java.sql.SQLException {
    return general.parameters();
  }
}
