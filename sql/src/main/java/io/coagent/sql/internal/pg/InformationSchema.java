package io.coagent.sql.internal.pg;

import io.coagent.engine.ColumnDef;
import io.coagent.sql.internal.pg.PgObjects.Rel;
import io.coagent.sql.internal.sys.SysTable;
import io.coagent.sql.internal.sys.SysTable.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * SQL's {@code INFORMATION_SCHEMA} over the same live definitions as {@link PgCatalog}:
 * {@code SCHEMATA}, {@code TABLES}, {@code COLUMNS}, {@code VIEWS}, {@code TABLE_CONSTRAINTS},
 * {@code KEY_COLUMN_USAGE}, {@code CONSTRAINT_COLUMN_USAGE}, {@code REFERENTIAL_CONSTRAINTS} and
 * {@code CHECK_CONSTRAINTS}, with the names, types and sizes PostgreSQL reports for them.
 * Read-only and, like every catalog table, outside MTPO (no footprint, no trajectory).
 */
public final class InformationSchema extends AbstractSchema {
  public static final String NAME = "INFORMATION_SCHEMA";
  private static final SqlTypeName INT = SqlTypeName.INTEGER;
  private static final SqlTypeName TEXT = SqlTypeName.VARCHAR;

  private final PgCatalog catalog;
  private final Map<String, Table> tables;

  public InformationSchema(PgCatalog catalog) {
    this.catalog = catalog;
    this.tables = Map.of("SCHEMATA", schemata(), "TABLES", tablesTable(), "COLUMNS", columns(),
        "TABLE_CONSTRAINTS", constraints(), "KEY_COLUMN_USAGE", keyColumns(), "VIEWS", views(),
        "REFERENTIAL_CONSTRAINTS", referentialConstraints(), "CHECK_CONSTRAINTS",
        checkConstraints(), "CONSTRAINT_COLUMN_USAGE", constraintColumns());
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** The name of PostgreSQL's {@code information_schema._pg_expandarray}, a table function. */
  public static final String EXPANDARRAY = "_PG_EXPANDARRAY";

  /** {@link #EXPANDARRAY} as a Calcite table function (used with LATERAL TABLE). */
  public static org.apache.calcite.schema.Function expandArrayFunction() {
    try {
      return org.apache.calcite.schema.impl.TableFunctionImpl.create(
          InformationSchema.class.getMethod("expandArray", String.class));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code _pg_expandarray(array)}: one row per element of an integer array in its text form
   * ({@code {1,2}} or int2vector's {@code 1 2}): the element {@code X} and its 1-based position
   * {@code N}.
   */
  public static org.apache.calcite.schema.ScannableTable expandArray(String array) {
    List<Object[]> rows = new ArrayList<>();
    if (array != null) {
      String a = array.replace("{", "").replace("}", "").strip();
      int n = 1;
      for (String e : a.isEmpty() ? new String[0] : a.split("[,\\s]+")) {
        rows.add(new Object[] {Integer.valueOf(e), n++});
      }
    }
    return new ElementTable(rows);
  }

  /** The rows of one {@code _pg_expandarray} call. */
  private static final class ElementTable extends org.apache.calcite.schema.impl.AbstractTable
      implements org.apache.calcite.schema.ScannableTable {
    private final List<Object[]> rows;

    ElementTable(List<Object[]> rows) {
      this.rows = rows;
    }

    @Override
    public org.apache.calcite.rel.type.RelDataType getRowType(
        org.apache.calcite.rel.type.RelDataTypeFactory f) {
      return f.builder().add("X", INT).add("N", INT).build();
    }

    @Override
    public org.apache.calcite.linq4j.Enumerable<Object[]> scan(
        org.apache.calcite.DataContext root) {
      return org.apache.calcite.linq4j.Linq4j.asEnumerable(rows);
    }
  }

  private static <R> Column<R> c(String name, SqlTypeName type,
      java.util.function.Function<R, Object> value) {
    return new Column<>(name, type, value);
  }

  private SysTable<String> schemata() {
    return new SysTable<>(List.of(
        c("CATALOG_NAME", TEXT, s -> catalog.database()),
        c("SCHEMA_NAME", TEXT, s -> s),
        c("SCHEMA_OWNER", TEXT, s -> PgObjects.OWNER)),
        () -> List.of("information_schema", "pg_catalog", "public"));
  }

  private SysTable<Rel> tablesTable() {
    return new SysTable<>(List.of(
        c("TABLE_CATALOG", TEXT, r -> catalog.database()),
        c("TABLE_SCHEMA", TEXT, r -> "public"),
        c("TABLE_NAME", TEXT, Rel::name),
        c("TABLE_TYPE", TEXT, r -> r.isView() ? "VIEW" : "BASE TABLE"),
        c("IS_INSERTABLE_INTO", TEXT, r -> r.isView() ? "NO" : "YES")),
        catalog::relations);
  }

  /** The store's views (read-only, so neither updatable nor insertable into). */
  private SysTable<Map.Entry<String, String>> views() {
    return new SysTable<>(List.of(
        c("TABLE_CATALOG", TEXT, v -> catalog.database()),
        c("TABLE_SCHEMA", TEXT, v -> "public"),
        c("TABLE_NAME", TEXT, v -> PgObjects.pgName(v.getKey())),
        c("VIEW_DEFINITION", TEXT, Map.Entry::getValue),
        c("CHECK_OPTION", TEXT, v -> "NONE"),
        c("IS_UPDATABLE", TEXT, v -> "NO"),
        c("IS_INSERTABLE_INTO", TEXT, v -> "NO")),
        () -> List.copyOf(catalog.store().views().entrySet()));
  }

  private record Col(Rel rel, int position, ColumnDef def) {}

  private SysTable<Col> columns() {
    return new SysTable<>(List.of(
        c("TABLE_CATALOG", TEXT, x -> catalog.database()),
        c("TABLE_SCHEMA", TEXT, x -> "public"),
        c("TABLE_NAME", TEXT, x -> x.rel.name()),
        c("COLUMN_NAME", TEXT, x -> PgObjects.pgName(x.def.name())),
        c("ORDINAL_POSITION", INT, Col::position),
        c("COLUMN_DEFAULT", TEXT, x -> x.def.defaultSql()),
        c("IS_NULLABLE", TEXT, x -> x.def.nullable() ? "YES" : "NO"),
        c("DATA_TYPE", TEXT, x -> dataType(x.def)),
        c("CHARACTER_MAXIMUM_LENGTH", INT, x -> null),
        c("NUMERIC_PRECISION", INT, x -> precision(x.def)),
        c("NUMERIC_SCALE", INT, x -> scale(x.def)),
        c("DATETIME_PRECISION", INT, x -> x.def.type() == io.coagent.engine.ColumnType.TIMESTAMP
            ? 3 : null),
        c("UDT_NAME", TEXT, x -> PgObjects.type(PgObjects.typeOid(x.def.type())).orElseThrow()
            .name())), () -> {
              List<Col> out = new ArrayList<>();
              for (Rel r : catalog.relations()) { // views' columns too, as in PostgreSQL
                for (int i = 0; i < r.def().columns().size(); i++) {
                  out.add(new Col(r, i + 1, r.def().columns().get(i)));
                }
              }
              return out;
            });
  }

  /** The SQL-standard type name, as PostgreSQL's information_schema spells it. */
  private static String dataType(ColumnDef c) {
    String t = PgObjects.formatType(PgObjects.typeOid(c.type()), -1);
    return t;
  }

  private static Integer precision(ColumnDef c) {
    return switch (c.type()) {
      case INTEGER -> 32;
      case BIGINT -> 64;
      case DOUBLE -> 53;
      case DECIMAL -> c.precision() >= 0 ? c.precision() : 38;
      default -> null;
    };
  }

  private static Integer scale(ColumnDef c) {
    return switch (c.type()) {
      case INTEGER, BIGINT -> 0;
      case DECIMAL -> c.scale() >= 0 ? c.scale() : 10;
      default -> null;
    };
  }

  private List<PgObjects.Con> all() {
    return PgObjects.constraints(catalog.store());
  }

  /**
   * A row of table_constraints or check_constraints: a constraint of {@link PgObjects#constraints},
   * or a NOT NULL column, which PostgreSQL (15) lists there as a CHECK named
   * {@code <namespace oid>_<table oid>_<column number>_not_null} with clause
   * {@code column IS NOT NULL} (it is not in pg_constraint).
   */
  private record Tc(String name, Rel rel, String type, String nullsDistinct, String clause) {}

  private List<Tc> tableConstraints() {
    List<Tc> out = new ArrayList<>();
    for (PgObjects.Con con : all()) {
      out.add(new Tc(con.name(), con.rel(), con.typeName(), con.type().equals("u") ? "YES"
          : null, con.type().equals("c") ? con.definition().substring("CHECK ".length())
          : null));
    }
    for (Rel r : PgObjects.relations(catalog.store())) {
      List<ColumnDef> cols = r.def().columns();
      for (int i = 0; i < cols.size(); i++) {
        if (!cols.get(i).nullable()) {
          out.add(new Tc(PgObjects.NS_PUBLIC + "_" + r.oid() + "_" + (i + 1) + "_not_null", r,
              "CHECK", null, PgObjects.ident(cols.get(i).name()) + " IS NOT NULL"));
        }
      }
    }
    return out;
  }

  /** Every primary key, UNIQUE index, CHECK and FOREIGN KEY, and every NOT NULL column. */
  private SysTable<Tc> constraints() {
    return new SysTable<>(List.of(
        c("CONSTRAINT_CATALOG", TEXT, r -> catalog.database()),
        c("CONSTRAINT_SCHEMA", TEXT, r -> "public"),
        c("CONSTRAINT_NAME", TEXT, Tc::name),
        c("TABLE_CATALOG", TEXT, r -> catalog.database()),
        c("TABLE_SCHEMA", TEXT, r -> "public"),
        c("TABLE_NAME", TEXT, r -> r.rel().name()),
        c("CONSTRAINT_TYPE", TEXT, Tc::type),
        c("IS_DEFERRABLE", TEXT, r -> "NO"),
        c("INITIALLY_DEFERRED", TEXT, r -> "NO"),
        c("ENFORCED", TEXT, r -> "YES"),
        c("NULLS_DISTINCT", TEXT, Tc::nullsDistinct)), this::tableConstraints);
  }

  /** The foreign keys: the parent's primary key is the unique constraint each references. */
  private SysTable<PgObjects.Con> referentialConstraints() {
    return new SysTable<>(List.of(
        c("CONSTRAINT_CATALOG", TEXT, r -> catalog.database()),
        c("CONSTRAINT_SCHEMA", TEXT, r -> "public"),
        c("CONSTRAINT_NAME", TEXT, PgObjects.Con::name),
        c("UNIQUE_CONSTRAINT_CATALOG", TEXT, r -> catalog.database()),
        c("UNIQUE_CONSTRAINT_SCHEMA", TEXT, r -> "public"),
        c("UNIQUE_CONSTRAINT_NAME", TEXT, r -> r.parent().indexName()),
        c("MATCH_OPTION", TEXT, r -> "NONE"),
        c("UPDATE_RULE", TEXT, PgObjects.Con::onUpdate),
        c("DELETE_RULE", TEXT, PgObjects.Con::onDelete)),
        () -> all().stream().filter(r -> r.type().equals("f")).toList());
  }

  /**
   * The CHECKs, {@code check_clause} the definition after {@code CHECK } (CoAgent's canonical
   * form: PostgreSQL's deparser adds parentheses and casts), and the NOT NULL columns.
   */
  private SysTable<Tc> checkConstraints() {
    return new SysTable<>(List.of(
        c("CONSTRAINT_CATALOG", TEXT, r -> catalog.database()),
        c("CONSTRAINT_SCHEMA", TEXT, r -> "public"),
        c("CONSTRAINT_NAME", TEXT, Tc::name),
        c("CHECK_CLAUSE", TEXT, Tc::clause)),
        () -> tableConstraints().stream().filter(r -> r.type().equals("CHECK")).toList());
  }

  private record Used(PgObjects.Con con, Rel table, String column) {}

  /**
   * The columns each constraint uses, as PostgreSQL defines the view: a CHECK's columns (those
   * its expression refers to), a primary key's or UNIQUE constraint's key columns, and for a
   * FOREIGN KEY the columns it references, i.e. the parent's key columns with the parent's table
   * name. Ordered by constraint, then column number.
   */
  private SysTable<Used> constraintColumns() {
    return new SysTable<>(List.of(
        c("TABLE_CATALOG", TEXT, u -> catalog.database()),
        c("TABLE_SCHEMA", TEXT, u -> "public"),
        c("TABLE_NAME", TEXT, u -> u.table().name()),
        c("COLUMN_NAME", TEXT, Used::column),
        c("CONSTRAINT_CATALOG", TEXT, u -> catalog.database()),
        c("CONSTRAINT_SCHEMA", TEXT, u -> "public"),
        c("CONSTRAINT_NAME", TEXT, u -> u.con().name())), () -> {
          List<Used> out = new ArrayList<>();
          for (PgObjects.Con con : all()) {
            boolean fk = con.type().equals("f");
            Rel table = fk ? con.parent() : con.rel();
            List<Integer> cols = fk ? con.parentKey() : con.key();
            if (cols == null) {
              continue; // a CHECK that refers to no column
            }
            for (int n : cols.stream().sorted().distinct().toList()) {
              out.add(new Used(con, table, PgObjects.pgName(table.def().columns().get(n - 1)
                  .name())));
            }
          }
          return out;
        });
  }

  private record Key(PgObjects.Con con, int position, String column) {}

  /**
   * The columns of every primary key, UNIQUE index and FOREIGN KEY in key order; for a foreign
   * key's column, {@code position_in_unique_constraint} is the position of the parent key column
   * it references.
   */
  private SysTable<Key> keyColumns() {
    return new SysTable<>(List.of(
        c("CONSTRAINT_CATALOG", TEXT, k -> catalog.database()),
        c("CONSTRAINT_SCHEMA", TEXT, k -> "public"),
        c("CONSTRAINT_NAME", TEXT, k -> k.con.name()),
        c("TABLE_CATALOG", TEXT, k -> catalog.database()),
        c("TABLE_SCHEMA", TEXT, k -> "public"),
        c("TABLE_NAME", TEXT, k -> k.con.rel().name()),
        c("COLUMN_NAME", TEXT, Key::column),
        c("ORDINAL_POSITION", INT, Key::position),
        c("POSITION_IN_UNIQUE_CONSTRAINT", INT, k -> k.con.type().equals("f") ? k.position
            : null)), () -> {
          List<Key> out = new ArrayList<>();
          for (PgObjects.Con con : all()) {
            if (con.key() == null || con.type().equals("c")) {
              continue; // a CHECK's columns are in constraint_column_usage, not here
            }
            for (int i = 0; i < con.key().size(); i++) {
              out.add(new Key(con, i + 1, PgObjects.pgName(con.rel().def().columns()
                  .get(con.key().get(i) - 1).name())));
            }
          }
          return out;
        });
  }
}
