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
 */
public final class CoAgentSchema extends AbstractSchema {
  public static final String NAME = "COAGENT";
  public static final String DML_NAME = "$DML";

  private final CoStore store;
  private final boolean withKey;
  private final Map<Shape, CoAgentTable> tables = new ConcurrentHashMap<>();

  /** What a Calcite table object depends on: the definition and the table's indexes. */
  private record Shape(TableDef def, List<IndexDef> indexes) {}

  public CoAgentSchema(CoStore store, boolean withKey) {
    this.store = store;
    this.withKey = withKey;
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
        return store.table(name).map(CoAgentSchema.this::table).orElse(null);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        for (TableDef d : store.tables()) {
          if (d.name().equalsIgnoreCase(name)) {
            return new Named<>(d.name(), table(d));
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
        return names;
      }
    };
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
