package io.coagent.sql.internal.sys;

import io.coagent.sql.internal.schema.Values;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.engine.VersionInfo;
import io.coagent.sql.internal.schema.FilterTranslator;
import io.coagent.sql.internal.schema.ScanPlan;
import io.coagent.sql.internal.schema.TypeMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code SYS.<T>_HISTORY}: every version of every row of table {@code T}, one row per version,
 * in key order then serial-order position. Columns: the table's own columns (the row after the
 * write; for a delete, the key columns and NULLs), then the version's metadata ({@link #META}).
 * A table column whose name is also a metadata column is shown as {@code COL_<name>}.
 *
 * <p>Access path: when the pushed filters bind every primary-key column by equality (what
 * {@link FilterTranslator} calls a point read), the scan asks the engine for that one key's
 * chain, {@code CoStore.history(table, key)}, which goes through the key index; otherwise it reads
 * the whole table's history. Filters are left to Calcite, except, on the per-key path, those the
 * key read enforces exactly (as for live scans); answers are exact either way.
 * Reading history is not an MTPO read: no operation, no footprint.
 */
final class HistoryTable extends AbstractTable implements ProjectableFilterableTable {
  /** Metadata columns, after the table's columns. */
  static final List<String> META = List.of("ROW_KEY", "VERSION_ID", "AGENT", "RANK", "ISOLATION",
      "TRAJECTORY_ID", "TRAJECTORY_STATE", "OP_ID", "SQL_TEXT", "CREATED", "UNDONE", "IS_DELETE");
  private static final List<SqlTypeName> META_TYPES = List.of(SqlTypeName.VARCHAR,
      SqlTypeName.BIGINT, SqlTypeName.VARCHAR, SqlTypeName.BIGINT, SqlTypeName.VARCHAR,
      SqlTypeName.BIGINT, SqlTypeName.VARCHAR, SqlTypeName.BIGINT, SqlTypeName.VARCHAR,
      SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP, SqlTypeName.BOOLEAN);

  private final CoStore store;
  private final TableDef def;

  HistoryTable(CoStore store, TableDef def) {
    this.store = store;
    this.def = def;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    Set<String> meta = new HashSet<>(META);
    for (ColumnDef c : def.columns()) {
      String name = meta.contains(c.name().toUpperCase(Locale.ROOT)) ? "COL_" + c.name() : c.name();
      b.add(name, f.createTypeWithNullability(TypeMapping.toRel(f, c), true));
    }
    for (int i = 0; i < META.size(); i++) {
      SqlTypeName t = META_TYPES.get(i);
      RelDataType type = t == SqlTypeName.TIMESTAMP ? f.createSqlType(t, 3) : f.createSqlType(t);
      b.add(META.get(i), f.createTypeWithNullability(type, true));
    }
    return b.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    int n = def.columns().size();
    List<RexNode> onColumns = new ArrayList<>();
    for (RexNode f : filters) {
      for (RexNode c : RelOptUtil.conjunctions(f)) {
        if (RelOptUtil.InputFinder.bits(c).asList().stream().allMatch(i -> i < n)) {
          onColumns.add(c);
        }
      }
    }
    ScanPlan plan = def.hasHiddenKey() ? null
        : FilterTranslator.translate(def, new ArrayList<>(onColumns), root);
    boolean oneKey = plan != null && plan.point() != null;
    if (oneKey) {
      consumeExactFilters(filters, root);
    }
    List<VersionInfo> versions = oneKey
        ? store.history(def.name(), plan.point()) : store.history(def.name());
    List<Object[]> out = new ArrayList<>(versions.size());
    for (VersionInfo v : versions) {
      Object[] full = row(v);
      if (oneKey && !plan.predicate().test(Arrays.copyOf(full, n))) {
        continue; // the pushed filters, rechecked: Calcite no longer applies the consumed ones
      }
      if (projects == null) {
        out.add(full);
      } else {
        Object[] p = new Object[projects.length];
        for (int i = 0; i < projects.length; i++) {
          p[i] = full[projects[i]];
        }
        out.add(p);
      }
    }
    return Linq4j.asEnumerable(out);
  }

  /**
   * Removes from {@code filters} those made only of key conjuncts the per-key read enforces, so
   * Calcite leaves no residual filter to compile at every execution (see design/sql.md).
   */
  private void consumeExactFilters(List<RexNode> filters, DataContext root) {
    int n = def.columns().size();
    List<RexNode> whole = new ArrayList<>();
    for (RexNode f : filters) {
      if (RelOptUtil.InputFinder.bits(f).asList().stream().allMatch(i -> i < n)) {
        whole.add(f);
      }
    }
    List<RexNode> kept = new ArrayList<>(whole);
    FilterTranslator.translate(def, kept, root);
    whole.removeAll(kept);
    filters.removeAll(whole);
  }

  private Object[] row(VersionInfo v) {
    int n = def.columns().size();
    Object[] r = new Object[n + META.size()];
    if (v.values() != null) {
      System.arraycopy(Values.toCalcite(v.values()), 0, r, 0, Math.min(n, v.values().length));
    } else if (!def.hasHiddenKey()) {
      for (int i = 0; i < def.primaryKey().size(); i++) {
        r[def.primaryKey().get(i)] = v.key().part(i);
      }
    }
    Object[] meta = {RowJson.key(def, v.key()), v.versionId(), v.agent(), v.rank(),
        v.isolation().name(), v.trajectory(), v.trajectoryState().name(), v.operation(),
        v.sqlText(), v.created().toEpochMilli(),
        v.undone() == null ? null : v.undone().toEpochMilli(), v.isDelete()};
    System.arraycopy(meta, 0, r, n, meta.length);
    return r;
  }
}
