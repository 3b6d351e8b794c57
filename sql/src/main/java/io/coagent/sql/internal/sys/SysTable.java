package io.coagent.sql.internal.sys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A read-only system table over an engine snapshot ({@code CoStore.trajectories()}, ...): each
 * scan takes a fresh snapshot, so a query sees the store as it is now. Only the projected
 * columns are computed (UNDO_SQL is rendered only when selected); filters are left to Calcite.
 * Reading a system table goes through no engine operation: it is metadata, not an MTPO read,
 * so it registers no footprint and can never cause a notification.
 *
 * <p>Values use Calcite's internal representation: TIMESTAMP as epoch milliseconds (UTC).
 *
 * @param <R> the snapshot record one row is made from
 */
public final class SysTable<R> extends AbstractTable implements ProjectableFilterableTable {
  /** One column: its name, SQL type and how to compute it from a record. */
  public record Column<R>(String name, SqlTypeName type, Function<R, Object> value) {}

  private final List<Column<R>> columns;
  private final Supplier<List<R>> rows;

  public SysTable(List<Column<R>> columns, Supplier<List<R>> rows) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (Column<R> c : columns) {
      RelDataType t = c.type() == SqlTypeName.TIMESTAMP
          ? f.createSqlType(SqlTypeName.TIMESTAMP, 3) : f.createSqlType(c.type());
      b.add(c.name(), f.createTypeWithNullability(t, true));
    }
    return b.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    int[] p = projects;
    if (p == null) {
      p = new int[columns.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = i;
      }
    }
    List<Object[]> out = new ArrayList<>();
    for (R r : rows.get()) {
      Object[] v = new Object[p.length];
      for (int i = 0; i < p.length; i++) {
        v[i] = columns.get(p[i]).value().apply(r);
      }
      out.add(v);
    }
    return Linq4j.asEnumerable(out);
  }
}
