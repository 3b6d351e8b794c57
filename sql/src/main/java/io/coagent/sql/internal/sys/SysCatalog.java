package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.SqlColumn;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the {@code SYS} schema holds, for metadata listings ({@code DatabaseMetaData}): the names
 * of its tables (the fixed ones and each store table's {@code <T>_HISTORY}; the internal
 * time-travel names the front end generates are not listed) and its procedures with their
 * parameters. Stateless; reads the live table definitions on each call.
 */
public final class SysCatalog {
  /** One SYS procedure: its name, a usage example, and its IN parameters in order. */
  public record ProcedureInfo(String name, String example, List<SqlColumn> parameters) {}

  private SysCatalog() {}

  /** The SYS tables a user may query by name, in name order. */
  public static List<String> tables(CoStore store) {
    TreeSet<String> names = new TreeSet<>(SysSchema.FIXED_TABLES);
    for (TableDef d : store.tables()) {
      names.add(d.name() + "_HISTORY");
    }
    return List.copyOf(names);
  }

  /** Every SYS procedure, in name order. */
  public static List<ProcedureInfo> procedures() {
    List<ProcedureInfo> out = new ArrayList<>();
    for (Procedure p : Procedure.values()) {
      List<SqlColumn> params = new ArrayList<>();
      for (Procedure.Param a : p.params()) {
        params.add(switch (a.type()) {
          case BIGINT -> new SqlColumn(a.name(), "", Types.BIGINT, "BIGINT", 19, 0, false,
              Long.class.getName());
          case VARCHAR -> new SqlColumn(a.name(), "", Types.VARCHAR, "VARCHAR",
              Integer.MAX_VALUE, 0, false, String.class.getName());
          case TIMESTAMP -> new SqlColumn(a.name(), "", Types.TIMESTAMP, "TIMESTAMP", 23, 3,
              false, java.sql.Timestamp.class.getName());
        });
      }
      out.add(new ProcedureInfo(p.name(), p.example(), List.copyOf(params)));
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return List.copyOf(out);
  }
}
