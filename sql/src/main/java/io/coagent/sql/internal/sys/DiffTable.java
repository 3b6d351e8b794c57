package io.coagent.sql.internal.sys;

import io.coagent.sql.internal.schema.Values;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.CoStore;
import io.coagent.engine.RowDiff;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.schema.TypeMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The rows of {@code CALL SYS.DIFF(table, from, to)}, after Dolt's {@code dolt_diff}: one row per
 * key whose live view differs between the two times ({@code CoStore.diff}), in key order.
 * Columns: {@code CHANGE} (ADDED, MODIFIED, REMOVED), {@code ROW_KEY} (the key as JSON), then
 * {@code FROM_<column>} and {@code TO_<column>} for every column of the table (NULL on the side
 * where the row is absent).
 */
final class DiffTable extends AbstractTable implements ScannableTable {
  private final CoStore store;
  private final TableDef def;
  private final Instant from;
  private final Instant to;

  DiffTable(CoStore store, TableDef def, Instant from, Instant to) {
    this.store = store;
    this.def = def;
    this.from = from;
    this.to = to;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    b.add("CHANGE", f.createSqlType(SqlTypeName.VARCHAR));
    b.add("ROW_KEY", f.createSqlType(SqlTypeName.VARCHAR));
    for (String side : List.of("FROM_", "TO_")) {
      for (ColumnDef c : def.columns()) {
        b.add(side + c.name(), f.createTypeWithNullability(TypeMapping.toRel(f, c), true));
      }
    }
    return b.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    int n = def.columns().size();
    List<Object[]> out = new ArrayList<>();
    for (RowDiff d : store.diff(def.name(), from, to)) {
      Object[] r = new Object[2 + 2 * n];
      r[0] = d.change().name();
      r[1] = RowJson.key(def, d.key());
      if (d.from() != null) {
        System.arraycopy(Values.toCalcite(d.from()), 0, r, 2, n);
      }
      if (d.to() != null) {
        System.arraycopy(Values.toCalcite(d.to()), 0, r, 2 + n, n);
      }
      out.add(r);
    }
    return Linq4j.asEnumerable(out);
  }
}
