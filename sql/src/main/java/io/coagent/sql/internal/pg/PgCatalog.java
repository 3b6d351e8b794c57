package io.coagent.sql.internal.pg;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.ThreadBinding;
import io.coagent.sql.internal.pg.PgObjects.Rel;
import io.coagent.sql.internal.sys.SysTable;
import io.coagent.sql.internal.sys.SysTable.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The part of PostgreSQL's {@code pg_catalog} that PostgreSQL clients read to list and describe
 * tables (psql's {@code \dt}, {@code \d}, {@code \l}, {@code \dn}; pgjdbc's DatabaseMetaData),
 * as read-only relational tables whose rows are derived from the store's live schema at each scan
 * ({@link PgObjects}). Catalogs of features CoAgent does not have (policies, extended statistics,
 * publications, inheritance, triggers, comments, user functions, extensions) exist with their
 * columns and no rows, which is the truth about this store. Columns are named as PostgreSQL names
 * them (upper case, as CoAgent folds unquoted names); oids are INTEGER, {@code "char"} columns are one-character VARCHAR,
 * arrays are their text form ({@code {1,2}}), {@code int2vector} its space-separated form.
 *
 * <p>Like SYS tables, reading them goes through no engine operation (metadata, not an MTPO read):
 * no footprint, no notification, no trajectory. The functions that catalog queries call
 * ({@link PgFunctions}) need the session's store while Calcite runs the query; {@link #bind}
 * binds it to the executing thread for that extent.
 */
public final class PgCatalog extends AbstractSchema {
  public static final String NAME = "PG_CATALOG";
  private static final ThreadBinding<PgCatalog> CURRENT = new ThreadBinding<>();
  private static final SqlTypeName INT = SqlTypeName.INTEGER;
  private static final SqlTypeName TEXT = SqlTypeName.VARCHAR;
  private static final SqlTypeName BOOL = SqlTypeName.BOOLEAN;

  private final CoStore store;
  private final Supplier<String> database;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  /** Bounds the cache of derived view columns; a store's views change only by DDL. */
  private static final int MAX_CACHED_VIEWS = 256;
  private final Map<String, TableDef> viewDefs = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile ViewColumns viewColumns = name -> List.of();

  /** {@code database}: the store's name (a server's database name), null if it has none. */
  public PgCatalog(CoStore store, Supplier<String> database) {
    this.store = store;
    this.database = database;
    tables.put("PG_NAMESPACE", namespaces());
    tables.put("PG_CLASS", classes());
    tables.put("PG_ATTRIBUTE", attributes());
    tables.put("PG_ATTRDEF", attrdefs());
    tables.put("PG_TYPE", types());
    tables.put("PG_INDEX", indexes());
    tables.put("PG_CONSTRAINT", constraints());
    tables.put("PG_DATABASE", databases());
    tables.put("PG_ROLES", roles());
    tables.put("PG_SETTINGS", settings());
    tables.put("PG_AM", accessMethods());
    tables.put("PG_COLLATION", collations());
    tables.put("PG_DESCRIPTION", empty("OBJOID", INT, "CLASSOID", INT, "OBJSUBID", INT,
        "DESCRIPTION", TEXT));
    tables.put("PG_POLICY", empty("OID", INT, "POLNAME", TEXT, "POLRELID", INT, "POLCMD", TEXT,
        "POLPERMISSIVE", BOOL, "POLROLES", TEXT, "POLQUAL", TEXT, "POLWITHCHECK", TEXT));
    tables.put("PG_STATISTIC_EXT", empty("OID", INT, "STXRELID", INT, "STXNAME", TEXT,
        "STXNAMESPACE", INT, "STXOWNER", INT, "STXSTATTARGET", INT, "STXKEYS", TEXT,
        "STXKIND", TEXT));
    tables.put("PG_PUBLICATION", empty("OID", INT, "PUBNAME", TEXT, "PUBOWNER", INT,
        "PUBALLTABLES", BOOL));
    tables.put("PG_PUBLICATION_NAMESPACE", empty("OID", INT, "PNPUBID", INT, "PNNSPID", INT));
    tables.put("PG_PUBLICATION_REL", empty("OID", INT, "PRPUBID", INT, "PRRELID", INT,
        "PRQUAL", TEXT, "PRATTRS", TEXT));
    tables.put("PG_INHERITS", empty("INHRELID", INT, "INHPARENT", INT, "INHSEQNO", INT,
        "INHDETACHPENDING", BOOL));
    tables.put("PG_AUTH_MEMBERS", empty("OID", INT, "ROLEID", INT, "MEMBER", INT, "GRANTOR", INT,
        "ADMIN_OPTION", BOOL));
    // CoAgent has no user-defined functions, procedures (its SYS procedures are CALL syntax, not
    // catalogued functions) or extensions: psql's \df and \dx list none.
    tables.put("PG_PROC", empty("OID", INT, "PRONAME", TEXT, "PRONAMESPACE", INT, "PROOWNER", INT,
        "PROLANG", INT, "PROKIND", TEXT, "PRORETSET", BOOL, "PRORETTYPE", INT, "PRONARGS", INT,
        "PROARGTYPES", TEXT, "PROSRC", TEXT));
    tables.put("PG_EXTENSION", empty("OID", INT, "EXTNAME", TEXT, "EXTOWNER", INT,
        "EXTNAMESPACE", INT, "EXTRELOCATABLE", BOOL, "EXTVERSION", TEXT));
    tables.put("PG_TRIGGER", empty("OID", INT, "TGRELID", INT, "TGNAME", TEXT, "TGISINTERNAL",
        BOOL));
  }

  CoStore store() {
    return store;
  }

  /** Derives the result columns of a view by planning its query. */
  @FunctionalInterface
  public interface ViewColumns {
    /** The columns of view {@code name}, as a table of its result would have them. */
    List<ColumnDef> of(String name) throws java.sql.SQLException;
  }

  /**
   * Sets how views' columns are derived (the session's planner). Until it is set, and for a view
   * whose query no longer plans, the view is not listed.
   */
  public void viewColumns(ViewColumns resolver) {
    this.viewColumns = resolver;
  }

  /**
   * Every relation PostgreSQL would list in pg_class with columns: the store's tables
   * ({@link PgObjects#relations}), then its views by name. A view's columns are derived by
   * planning its query once per catalog version (views and tables change only by DDL).
   */
  List<Rel> relations() {
    List<Rel> out = new ArrayList<>(PgObjects.relations(store));
    int i = 0;
    for (Map.Entry<String, String> v : store.views().entrySet()) {
      TableDef def = viewDef(v.getKey(), v.getValue());
      if (def != null) {
        out.add(new Rel(PgObjects.FIRST_VIEW_OID + 4 * i, def, v.getValue()));
      }
      i++;
    }
    return out;
  }

  /** The table or view whose table, index, constraint or row type has {@code oid}. */
  Optional<Rel> byOid(int oid) {
    if (oid < PgObjects.FIRST_VIEW_OID) {
      return PgObjects.byOid(store, oid);
    }
    return relations().stream().filter(r -> r.isView() && oid >= r.oid() && oid < r.oid() + 4)
        .findFirst();
  }

  private TableDef viewDef(String name, String query) {
    String key = store.catalogVersion() + "\u0000" + name + "\u0000" + query;
    TableDef cached = viewDefs.get(key);
    if (cached != null) {
      return cached;
    }
    try {
      TableDef def = new TableDef(name, viewColumns.of(name), List.of());
      if (viewDefs.size() >= MAX_CACHED_VIEWS) {
        viewDefs.clear(); // only after DDL: entries of older catalog versions are dead
      }
      viewDefs.put(key, def);
      return def;
    } catch (java.sql.SQLException | RuntimeException e) {
      return null; // a view whose query no longer plans, or whose columns no table could hold
    }
  }

  String database() {
    String d = database.get();
    return d == null || d.isEmpty() ? "coagent" : d;
  }

  /** Binds this catalog to the running thread while a catalog query executes. */
  public ThreadBinding.Scope bind() {
    return CURRENT.bind(this);
  }

  /** The catalog bound to the running thread; fails outside a catalog query. */
  static PgCatalog current() {
    PgCatalog c = CURRENT.get();
    if (c == null) {
      throw new IllegalStateException("PostgreSQL catalog functions run only inside a query on"
          + " PG_CATALOG or INFORMATION_SCHEMA");
    }
    return c;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** The most rows {@link #generateSeries} yields: a catalog query needs a few dozen. */
  static final long MAX_SERIES = 1_000_000;

  /** {@link #generateSeries} as a Calcite table function ({@code TABLE(GENERATE_SERIES(a, b))}). */
  public static org.apache.calcite.schema.Function generateSeriesFunction() {
    try {
      return org.apache.calcite.schema.impl.TableFunctionImpl.create(
          PgCatalog.class.getMethod("generateSeries", Integer.class, Integer.class));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code generate_series(start, stop)}: the integers from start to stop, in one column
   * {@code GENERATE_SERIES}; none if either is NULL or stop is below start. Yielded lazily, and
   * refused (22023) beyond {@link #MAX_SERIES} rows rather than run unbounded.
   */
  public static org.apache.calcite.schema.ScannableTable generateSeries(Integer start,
      Integer stop) {
    long from = start == null ? 1 : start;
    long to = start == null || stop == null ? 0 : stop;
    if (to - from + 1 > MAX_SERIES) {
      throw new IllegalArgumentException("generate_series(" + start + ", " + stop + ") would make "
          + (to - from + 1) + " rows; at most " + MAX_SERIES + " are allowed");
    }
    return new SeriesTable(from, to);
  }

  /** The rows of one {@code generate_series} call. */
  private static final class SeriesTable extends org.apache.calcite.schema.impl.AbstractTable
      implements org.apache.calcite.schema.ScannableTable {
    private final long from;
    private final long to;

    SeriesTable(long from, long to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public org.apache.calcite.rel.type.RelDataType getRowType(
        org.apache.calcite.rel.type.RelDataTypeFactory f) {
      return f.builder().add("GENERATE_SERIES", INT).build();
    }

    @Override
    public org.apache.calcite.linq4j.Enumerable<Object[]> scan(
        org.apache.calcite.DataContext root) {
      return org.apache.calcite.linq4j.Linq4j.asEnumerable(() -> new java.util.Iterator<>() {
        private long next = from;

        @Override
        public boolean hasNext() {
          return next <= to;
        }

        @Override
        public Object[] next() {
          if (next > to) {
            throw new java.util.NoSuchElementException();
          }
          return new Object[] {(int) next++};
        }
      });
    }
  }

  // ---------------------------------------------------------------- tables

  /** A column of {@code R}. */
  private static <R> Column<R> c(String name, SqlTypeName type,
      java.util.function.Function<R, Object> value) {
    return new Column<>(name, type, value);
  }

  private record Ns(int oid, String name) {}

  private static final List<Ns> NAMESPACES = List.of(new Ns(PgObjects.NS_CATALOG, "pg_catalog"),
      new Ns(PgObjects.NS_PUBLIC, "public"),
      new Ns(PgObjects.NS_INFORMATION_SCHEMA, "information_schema"));

  private static SysTable<Ns> namespaces() {
    return new SysTable<>(List.of(
        c("OID", INT, Ns::oid),
        c("NSPNAME", TEXT, Ns::name),
        c("NSPOWNER", INT, n -> PgObjects.OWNER_OID),
        c("NSPACL", TEXT, n -> null)), () -> NAMESPACES);
  }

  /** A row of pg_class: a table, its primary-key index, or (ix non-null) a secondary index. */
  private record Cls(Rel rel, boolean index, PgObjects.Ix ix) {
    int oid() {
      return ix != null ? ix.oid() : index ? rel.indexOid() : rel.oid();
    }

    String name() {
      return ix != null ? ix.name() : index ? rel.indexName() : rel.name();
    }

    int natts() {
      return ix != null ? ix.def().columns().size()
          : index ? rel.def().primaryKey().size() : rel.def().columns().size();
    }
  }

  private SysTable<Cls> classes() {
    return new SysTable<>(List.of(
        c("OID", INT, Cls::oid),
        c("RELNAME", TEXT, Cls::name),
        c("RELNAMESPACE", INT, x -> PgObjects.NS_PUBLIC),
        c("RELTYPE", INT, x -> x.index ? 0 : x.rel.rowTypeOid()),
        c("RELOFTYPE", INT, x -> 0),
        c("RELOWNER", INT, x -> PgObjects.OWNER_OID),
        c("RELAM", INT, x -> x.index ? PgObjects.AM_BTREE : x.rel.isView() ? 0
            : PgObjects.AM_HEAP),
        c("RELFILENODE", INT, x -> 0),
        c("RELTABLESPACE", INT, x -> 0),
        c("RELPAGES", INT, x -> 0),
        c("RELTUPLES", SqlTypeName.REAL, x -> -1f),
        c("RELTOASTRELID", INT, x -> 0),
        c("RELHASINDEX", BOOL, x -> !x.index && !x.rel.isView() && (x.rel.hasPrimaryKey()
            || store.indexes().stream().anyMatch(i -> i.table().equals(x.rel.def().name())))),
        c("RELISSHARED", BOOL, x -> false),
        c("RELPERSISTENCE", TEXT, x -> "p"),
        c("RELKIND", TEXT, x -> x.index ? "i" : x.rel.isView() ? "v" : "r"),
        c("RELNATTS", INT, Cls::natts),
        c("RELCHECKS", INT, x -> x.index ? 0
            : io.coagent.sql.internal.exec.Checks.stored(x.rel.def()).size()),
        c("RELHASRULES", BOOL, x -> false), // a view's _RETURN rule is not catalogued
        // PostgreSQL enforces foreign keys by triggers on both tables; psql reads this flag to
        // decide whether to list a table's foreign keys and the keys referencing it.
        c("RELHASTRIGGERS", BOOL, x -> !x.index && !x.rel.isView() && (!io.coagent.sql.internal.exec.ForeignKeys
            .outgoing(x.rel.def()).isEmpty() || !io.coagent.sql.internal.exec.ForeignKeys
            .incoming(store, x.rel.def().name()).isEmpty())),
        c("RELHASSUBCLASS", BOOL, x -> false),
        c("RELROWSECURITY", BOOL, x -> false),
        c("RELFORCEROWSECURITY", BOOL, x -> false),
        c("RELISPOPULATED", BOOL, x -> true),
        c("RELREPLIDENT", TEXT, x -> x.index || x.rel.isView() ? "n" : "d"),
        c("RELISPARTITION", BOOL, x -> false),
        c("RELACL", TEXT, x -> null),
        c("RELOPTIONS", TEXT, x -> null),
        c("RELPARTBOUND", TEXT, x -> null)), () -> {
          List<Cls> out = new ArrayList<>();
          for (Rel r : relations()) {
            out.add(new Cls(r, false, null));
            if (r.hasPrimaryKey()) {
              out.add(new Cls(r, true, null));
            }
          }
          for (PgObjects.Ix x : PgObjects.secondaryIndexes(store)) {
            out.add(new Cls(x.rel(), true, x));
          }
          return out;
        });
  }

  /** A row of pg_attribute: a table's column or a primary-key index's key column. */
  private record Att(int relid, int num, ColumnDef col, String table) {}

  private SysTable<Att> attributes() {
    return new SysTable<>(List.of(
        c("ATTRELID", INT, Att::relid),
        c("ATTNAME", TEXT, a -> PgObjects.pgName(a.col.name())),
        c("ATTTYPID", INT, a -> PgObjects.typeOid(a.col.type())),
        c("ATTLEN", INT, a -> PgObjects.type(PgObjects.typeOid(a.col.type())).orElseThrow().len()),
        c("ATTNUM", INT, Att::num),
        c("ATTNDIMS", INT, a -> 0),
        c("ATTTYPMOD", INT, a -> PgObjects.typmod(a.col)),
        c("ATTNOTNULL", BOOL, a -> !a.col.nullable()),
        c("ATTHASDEF", BOOL, a -> a.col.defaultSql() != null),
        c("ATTIDENTITY", TEXT, a -> io.coagent.sql.internal.exec.Sequences.of(store)
            .identity(a.table, a.col.name(), a.col.defaultSql())
            .map(d -> String.valueOf(d.identity())).orElse("")),
        c("ATTGENERATED", TEXT, a -> ""),
        // Storage as PostgreSQL's default for the type (psql's \d+ Storage column); CoAgent
        // neither compresses nor TOASTs.
        c("ATTSTORAGE", TEXT, a -> PgObjects.type(PgObjects.typeOid(a.col.type())).orElseThrow()
            .storage()),
        c("ATTCOMPRESSION", TEXT, a -> ""),
        c("ATTSTATTARGET", INT, a -> -1),
        c("ATTISDROPPED", BOOL, a -> false),
        c("ATTISLOCAL", BOOL, a -> true),
        c("ATTCOLLATION", INT, a -> PgObjects.type(PgObjects.typeOid(a.col.type()))
            .orElseThrow().collation()),
        c("ATTACL", TEXT, a -> null),
        c("ATTOPTIONS", TEXT, a -> null)), () -> {
          List<Att> out = new ArrayList<>();
          for (Rel r : relations()) {
            List<ColumnDef> cols = r.def().columns();
            for (int i = 0; i < cols.size(); i++) {
              out.add(new Att(r.oid(), i + 1, cols.get(i), r.def().name()));
            }
            List<Integer> pk = r.def().primaryKey();
            for (int i = 0; i < pk.size(); i++) {
              out.add(new Att(r.indexOid(), i + 1, cols.get(pk.get(i)), r.def().name()));
            }
          }
          for (PgObjects.Ix x : PgObjects.secondaryIndexes(store)) {
            List<Integer> ic = x.def().columns();
            for (int i = 0; i < ic.size(); i++) {
              out.add(new Att(x.oid(), i + 1, x.rel().def().columns().get(ic.get(i)),
                  x.rel().def().name()));
            }
          }
          return out;
        });
  }

  private record Def(Rel rel, int num, ColumnDef col) {}

  private SysTable<Def> attrdefs() {
    return new SysTable<>(List.of(
        c("OID", INT, d -> 0),
        c("ADRELID", INT, d -> d.rel.oid()),
        c("ADNUM", INT, Def::num),
        c("ADBIN", TEXT, d -> d.col.defaultSql())), () -> {
          List<Def> out = new ArrayList<>();
          for (Rel r : PgObjects.relations(store)) {
            List<ColumnDef> cols = r.def().columns();
            for (int i = 0; i < cols.size(); i++) {
              if (cols.get(i).defaultSql() != null) {
                out.add(new Def(r, i + 1, cols.get(i)));
              }
            }
          }
          return out;
        });
  }

  private static SysTable<PgObjects.Type> types() {
    return new SysTable<>(List.of(
        c("OID", INT, PgObjects.Type::oid),
        c("TYPNAME", TEXT, PgObjects.Type::name),
        c("TYPNAMESPACE", INT, t -> PgObjects.NS_CATALOG),
        c("TYPOWNER", INT, t -> PgObjects.OWNER_OID),
        c("TYPLEN", INT, PgObjects.Type::len),
        c("TYPBYVAL", BOOL, t -> t.len() > 0 && t.len() <= 8),
        c("TYPTYPE", TEXT, t -> "b"),
        c("TYPCATEGORY", TEXT, PgObjects.Type::category),
        c("TYPISPREFERRED", BOOL, t -> false),
        c("TYPISDEFINED", BOOL, t -> true),
        c("TYPDELIM", TEXT, t -> ","),
        c("TYPSTORAGE", TEXT, PgObjects.Type::storage),
        c("TYPRELID", INT, t -> 0),
        c("TYPELEM", INT, t -> 0),
        c("TYPARRAY", INT, t -> 0),
        c("TYPNOTNULL", BOOL, t -> false),
        c("TYPBASETYPE", INT, t -> 0),
        c("TYPTYPMOD", INT, t -> -1),
        c("TYPNDIMS", INT, t -> 0),
        c("TYPCOLLATION", INT, PgObjects.Type::collation)), () -> PgObjects.TYPES);
  }

  /** A row of pg_index: a primary key or a secondary index. */
  private record Ind(int indexOid, int relOid, int natts, boolean unique, boolean primary,
      String indkey) {}

  private SysTable<Ind> indexes() {
    return new SysTable<>(List.of(
        c("INDEXRELID", INT, Ind::indexOid),
        c("INDRELID", INT, Ind::relOid),
        c("INDNATTS", INT, Ind::natts),
        c("INDNKEYATTS", INT, Ind::natts),
        c("INDISUNIQUE", BOOL, Ind::unique),
        c("INDISPRIMARY", BOOL, Ind::primary),
        c("INDISEXCLUSION", BOOL, r -> false),
        c("INDIMMEDIATE", BOOL, r -> true),
        c("INDISCLUSTERED", BOOL, r -> false),
        c("INDISVALID", BOOL, r -> true),
        c("INDISREADY", BOOL, r -> true),
        c("INDISLIVE", BOOL, r -> true),
        c("INDISREPLIDENT", BOOL, r -> false),
        c("INDKEY", TEXT, Ind::indkey),
        // int2vectors, one entry per key column: ascending, nulls last; the default operator class
        c("INDOPTION", TEXT, r -> String.join(" ", java.util.Collections.nCopies(r.natts(), "0"))),
        c("INDCOLLATION", TEXT, r -> String.join(" ", java.util.Collections.nCopies(r.natts(),
            "0"))),
        c("INDEXPRS", TEXT, r -> null),
        c("INDPRED", TEXT, r -> null)), () -> {
          List<Ind> out = new ArrayList<>();
          for (Rel r : keyed()) {
            out.add(new Ind(r.indexOid(), r.oid(), r.def().primaryKey().size(), true, true,
                r.indkey()));
          }
          for (PgObjects.Ix x : PgObjects.secondaryIndexes(store)) {
            out.add(new Ind(x.oid(), x.rel().oid(), x.def().columns().size(), x.def().unique(),
                false, x.indkey()));
          }
          return out;
        });
  }

  private List<Rel> keyed() {
    return PgObjects.relations(store).stream().filter(Rel::hasPrimaryKey).toList();
  }

  private static String array(List<Integer> numbers) {
    return numbers == null ? null : "{" + numbers.stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(",")) + "}";
  }

  private SysTable<PgObjects.Con> constraints() {
    return new SysTable<>(List.of(
        c("OID", INT, PgObjects.Con::oid),
        c("CONNAME", TEXT, PgObjects.Con::name),
        c("CONNAMESPACE", INT, r -> PgObjects.NS_PUBLIC),
        c("CONTYPE", TEXT, PgObjects.Con::type),
        c("CONDEFERRABLE", BOOL, r -> false),
        c("CONDEFERRED", BOOL, r -> false),
        c("CONVALIDATED", BOOL, r -> true),
        c("CONRELID", INT, r -> r.rel().oid()),
        c("CONTYPID", INT, r -> 0),
        c("CONINDID", INT, PgObjects.Con::indexOid),
        c("CONPARENTID", INT, r -> 0),
        c("CONFRELID", INT, r -> r.parent() == null ? 0 : r.parent().oid()),
        c("CONFUPDTYPE", TEXT, r -> PgObjects.Con.letter(r.onUpdate())),
        c("CONFDELTYPE", TEXT, r -> PgObjects.Con.letter(r.onDelete())),
        c("CONFMATCHTYPE", TEXT, r -> r.parent() == null ? " " : "s"),
        c("CONISLOCAL", BOOL, r -> true),
        c("CONINHCOUNT", INT, r -> 0),
        c("CONNOINHERIT", BOOL, r -> false),
        c("CONKEY", TEXT, r -> array(r.key())),
        c("CONFKEY", TEXT, r -> array(r.parentKey())),
        c("CONBIN", TEXT, PgObjects.Con::check)), () -> PgObjects.constraints(store));
  }

  private SysTable<PgCatalog> databases() {
    return new SysTable<>(List.of(
        c("OID", INT, d -> PgObjects.DATABASE_OID),
        c("DATNAME", TEXT, PgCatalog::database),
        c("DATDBA", INT, d -> PgObjects.OWNER_OID),
        c("ENCODING", INT, d -> PgObjects.UTF8),
        c("DATLOCPROVIDER", TEXT, d -> "c"),
        c("DATISTEMPLATE", BOOL, d -> false),
        c("DATALLOWCONN", BOOL, d -> true),
        c("DATCONNLIMIT", INT, d -> -1),
        c("DATTABLESPACE", INT, d -> 1663),
        c("DATCOLLATE", TEXT, d -> "C"),
        c("DATCTYPE", TEXT, d -> "C"),
        c("DATICULOCALE", TEXT, d -> null),
        c("DATACL", TEXT, d -> null)), () -> List.of(this));
  }

  private static SysTable<String> roles() {
    return new SysTable<>(List.of(
        c("OID", INT, r -> PgObjects.OWNER_OID),
        c("ROLNAME", TEXT, r -> r),
        c("ROLSUPER", BOOL, r -> true),
        c("ROLINHERIT", BOOL, r -> true),
        c("ROLCREATEROLE", BOOL, r -> true),
        c("ROLCREATEDB", BOOL, r -> true),
        c("ROLCANLOGIN", BOOL, r -> true),
        c("ROLREPLICATION", BOOL, r -> false),
        c("ROLCONNLIMIT", INT, r -> -1),
        c("ROLBYPASSRLS", BOOL, r -> true),
        c("ROLVALIDUNTIL", TEXT, r -> null),
        c("ROLCONFIG", TEXT, r -> null)), () -> List.of(PgObjects.OWNER));
  }

  /**
   * The server-wide settings clients read from pg_settings (pgjdbc reads max_index_keys before it
   * lists foreign keys): the store's limits and encodings, which no session can change
   * ({@code internal}). A session's own settings are what {@code SHOW} answers.
   */
  private static final List<Object[]> SETTINGS = List.of(
      new Object[] {"block_size", "8192", null, "integer"},
      new Object[] {"integer_datetimes", "on", null, "bool"},
      new Object[] {"max_function_args", "100", null, "integer"},
      new Object[] {"max_identifier_length", "63", null, "integer"},
      new Object[] {"max_index_keys", "32", null, "integer"},
      new Object[] {"server_encoding", "UTF8", null, "string"},
      new Object[] {"standard_conforming_strings", "on", null, "bool"});

  private static SysTable<Object[]> settings() {
    return new SysTable<>(List.of(
        c("NAME", TEXT, r -> r[0]),
        c("SETTING", TEXT, r -> r[1]),
        c("UNIT", TEXT, r -> r[2]),
        c("CATEGORY", TEXT, r -> "Preset Options"),
        c("SHORT_DESC", TEXT, r -> null),
        c("EXTRA_DESC", TEXT, r -> null),
        c("CONTEXT", TEXT, r -> "internal"),
        c("VARTYPE", TEXT, r -> r[3]),
        c("SOURCE", TEXT, r -> "default"),
        c("MIN_VAL", TEXT, r -> null),
        c("MAX_VAL", TEXT, r -> null),
        c("BOOT_VAL", TEXT, r -> r[1]),
        c("RESET_VAL", TEXT, r -> r[1]),
        c("PENDING_RESTART", BOOL, r -> false)), () -> SETTINGS);
  }

  private static SysTable<Object[]> accessMethods() {
    return new SysTable<>(List.of(
        c("OID", INT, a -> a[0]),
        c("AMNAME", TEXT, a -> a[1]),
        c("AMHANDLER", TEXT, a -> a[2]),
        c("AMTYPE", TEXT, a -> a[3])), () -> List.of(
            new Object[] {PgObjects.AM_HEAP, "heap", "heap_tableam_handler", "t"},
            new Object[] {PgObjects.AM_BTREE, "btree", "bthandler", "i"}));
  }

  private static SysTable<Object[]> collations() {
    return new SysTable<>(List.of(
        c("OID", INT, a -> a[0]),
        c("COLLNAME", TEXT, a -> a[1]),
        c("COLLNAMESPACE", INT, a -> PgObjects.NS_CATALOG),
        c("COLLOWNER", INT, a -> PgObjects.OWNER_OID),
        c("COLLPROVIDER", TEXT, a -> a[2]),
        c("COLLENCODING", INT, a -> -1)), () -> List.of(
            new Object[] {100, "default", "d"}, new Object[] {950, "C", "c"}));
  }

  /** A catalog of a feature CoAgent does not have: its columns, no rows. */
  private static SysTable<Object[]> empty(Object... namesAndTypes) {
    List<Column<Object[]>> cols = new ArrayList<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      cols.add(c((String) namesAndTypes[i], (SqlTypeName) namesAndTypes[i + 1], r -> null));
    }
    return new SysTable<>(cols, List::of);
  }
}
