package io.coagent.sql.internal.schema;

import io.coagent.engine.CoStore;
import io.coagent.engine.IndexDef;
import io.coagent.engine.TableDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;

/**
 * The store's tables as a Calcite schema. Table lookups go to the engine each time (DDL by any
 * connection is visible at once); the Calcite table objects are reused while the engine's
 * definition and its secondary indexes are unchanged. Two instances exist per session: the user-visible one and the DML one
 * whose tables carry the hidden key column ({@link CoAgentTable#KEY_COLUMN}).
 *
 * <p>Views: the user-visible schema also holds the store's views ({@link CoStore#views}) as
 * Calcite view tables, expanded into the query that names them, so a query through a view scans
 * (and footprints) the underlying tables exactly as the view's query would. The DML schema has no
 * views: a write can only name a table. A view table is made once per query text and reused.
 */
public final class CoAgentSchema extends AbstractSchema {
  public static final String NAME = "COAGENT";
  public static final String DML_NAME = "$DML";

  private final CoStore store;
  private final boolean withKey;
  private final Map<String, Table> views = new ConcurrentHashMap<>();
  /** The root schema views are validated in; null for the DML schema (no views). */
  private volatile org.apache.calcite.schema.SchemaPlus root;
  private final Map<Shape, CoAgentTable> tables = new ConcurrentHashMap<>();

  /** What a Calcite table object depends on: the definition and the table's indexes. */
  private record Shape(TableDef def, List<IndexDef> indexes) {}

  public CoAgentSchema(CoStore store, boolean withKey) {
    this.store = store;
    this.withKey = withKey;
  }

  /** Makes the store's views visible in this schema, expanded against {@code root}. */
  public void withViews(org.apache.calcite.schema.SchemaPlus root) {
    this.root = root;
  }

  @Override
  public boolean isMutable() {
    return true;
  }

  @Override
  public Lookup<Table> tables() {
    return new Lookup<>() {
      @Override
      public Table get(String name) {
        Table t = store.table(name).map(CoAgentSchema.this::table).orElse(null);
        return t != null || root == null ? t
            : store.view(name).map(sql -> view(name, sql)).orElse(null);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        for (TableDef d : store.tables()) {
          if (d.name().equalsIgnoreCase(name)) {
            return new Named<>(d.name(), table(d));
          }
        }
        if (root != null) {
          for (Map.Entry<String, String> v : store.views().entrySet()) {
            if (v.getKey().equalsIgnoreCase(name)) {
              return new Named<>(v.getKey(), view(v.getKey(), v.getValue()));
            }
          }
        }
        return null;
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Set<String> names = new TreeSet<>();
        for (TableDef d : store.tables()) {
          if (pattern.matcher().apply(d.name())) {
            names.add(d.name());
          }
        }
        if (root != null) {
          for (String v : store.views().keySet()) {
            if (pattern.matcher().apply(v)) {
              names.add(v);
            }
          }
        }
        return names;
      }
    };
  }

  /**
   * The Calcite view table of {@code sql}. Its row type is derived when it is made, from the
   * tables as they are then; the cache is keyed by the catalog version too, so a view over a table
   * that DDL changed is derived again.
   */
  private Table view(String name, String sql) {
    if (views.size() > 256) {
      views.clear();
    }
    String key = store.catalogVersion() + "\u0000" + name + "\u0000" + sql;
    Table t = views.get(key);
    if (t == null) {
      // The row type is derived lazily: a schema lookup lists every name (views included), and
      // deriving each one there would analyze views inside the analysis of another (cyclic).
      org.apache.calcite.rel.type.RelProtoDataType[] derived = {null};
      org.apache.calcite.rel.type.RelProtoDataType rowType = f -> {
        if (derived[0] == null) {
          derived[0] = org.apache.calcite.rel.type.RelDataTypeImpl.proto(
              org.apache.calcite.schema.impl.ViewTable.viewMacro(root, sql,
                  java.util.List.of(NAME), java.util.List.of(NAME, name), false)
                  .apply(java.util.List.of()).getRowType(f));
        }
        return derived[0].apply(f);
      };
      t = new org.apache.calcite.schema.impl.ViewTable(Object[].class, rowType, sql,
          java.util.List.of(NAME), java.util.List.of(NAME, name));
      views.put(key, t);
    }
    return t;
  }

  private CoAgentTable table(TableDef d) {
    if (tables.size() > 1024) {
      tables.clear();
    }
    List<IndexDef> indexes = store.indexes().stream()
        .filter(i -> i.table().equalsIgnoreCase(d.name())).toList();
    return tables.computeIfAbsent(new Shape(d, indexes),
        x -> new CoAgentTable(x.def(), x.indexes(), withKey));
  }
}
