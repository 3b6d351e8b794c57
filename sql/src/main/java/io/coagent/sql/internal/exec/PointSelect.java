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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

/**
 * {@code SELECT <columns or *> FROM t WHERE <whole primary key = ? or literal>} without Calcite at
 * execution (see {@link KeyLookup}): one engine point read with the footprint the general plan
 * would register (the selected and key columns), the row projected in Java. Result columns are
 * those Calcite typed for the general plan, which also runs whenever a parameter is not exactly a
 * key value.
 */
final class PointSelect implements PreparedSql {
  /** Column types whose engine values are already the JDBC values Calcite would return. */
  private static final Set<ColumnType> PLAIN = Set.of(ColumnType.INTEGER, ColumnType.BIGINT,
      ColumnType.DOUBLE, ColumnType.DECIMAL, ColumnType.VARCHAR, ColumnType.JSON,
      ColumnType.BOOLEAN);

  private final CoStore store;
  private final QueryStatement general;
  private final TableDef def;
  private final KeyPattern key;
  private final int[] projection;
  private final int[] footprint;

  private PointSelect(CoStore store, QueryStatement general, TableDef def, KeyPattern key,
      int[] projection) {
    this.store = store;
    this.general = general;
    this.def = def;
    this.key = key;
    this.projection = projection;
    Set<Integer> cols = new TreeSet<>(key.columns());
    for (int p : projection) {
      cols.add(p);
    }
    this.footprint = cols.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The fast form of {@code s}, or null if it is not a plain key lookup. */
  static PointSelect match(CoStore store, SqlSelect s, QueryStatement general) {
    if (s.isDistinct() || s.getGroup() != null || s.getHaving() != null
        || s.getWindowList() != null && !s.getWindowList().isEmpty() || s.getOrderList() != null
        && !s.getOrderList().isEmpty() || s.getOffset() != null || s.getFetch() != null
        || s.getQualify() != null || s.hasHints()) {
      return null;
    }
    SqlNode from = s.getFrom();
    String alias = null;
    if (from != null && from.getKind() == SqlKind.AS && from instanceof SqlBasicCall as
        && as.operand(1) instanceof SqlIdentifier a) {
      alias = a.getSimple();
      from = as.operand(0);
    }
    String table = from instanceof SqlIdentifier id ? KeyPattern.tableName(id) : null;
    TableDef def = table == null ? null : store.table(table).orElse(null);
    if (def == null) {
      return null;
    }
    String qualifier = alias != null ? alias : table;
    KeyPattern key = KeyPattern.match(def, qualifier, s.getWhere());
    int[] projection = key == null ? null : projection(def, qualifier, s);
    if (projection == null || projection.length != general.columns().size()) {
      return null;
    }
    for (int p : projection) {
      if (!PLAIN.contains(def.columns().get(p).type())) {
        return null;
      }
    }
    return new PointSelect(store, general, def, key, projection);
  }

  private static int[] projection(TableDef def, String qualifier, SqlSelect s) {
    List<SqlNode> items = s.getSelectList().getList();
    if (items.size() == 1 && items.get(0) instanceof SqlIdentifier id && id.isStar()
        && id.names.size() == 1) {
      return java.util.stream.IntStream.range(0, def.columns().size()).toArray();
    }
    int[] out = new int[items.size()];
    for (int i = 0; i < out.length; i++) {
      SqlNode item = items.get(i);
      if (item.getKind() == SqlKind.AS && item instanceof SqlBasicCall as) {
        item = as.operand(0);
      }
      out[i] = item instanceof SqlIdentifier id ? KeyPattern.column(def, qualifier, id) : -1;
      if (out[i] < 0) {
        return null;
      }
    }
    return out;
  }

  @Override
  public String sql() {
    return general.sql();
  }

  @Override
  public Kind kind() {
    return Kind.QUERY;
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
    return Ops.run(trajectory, OpKind.QUERY, sql(), op -> {
      Row r = op.get(def.name(), k, footprint);
      if (r == null) {
        return SqlResult.rows(general.columns(), List.of());
      }
      Object[] values = r.values();
      Object[] row = new Object[projection.length];
      for (int i = 0; i < row.length; i++) {
        row[i] = values[projection[i]];
      }
      return SqlResult.rows(general.columns(), List.<Object[]>of(row));
    });
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
