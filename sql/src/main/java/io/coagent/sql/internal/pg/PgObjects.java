package io.coagent.sql.internal.pg;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.CoStore;
import io.coagent.engine.IndexDef;
import io.coagent.engine.TableDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The store's schema as PostgreSQL's catalog numbers it, computed from the live table definitions
 * each time it is asked (one snapshot per catalog scan or function call), never stored.
 *
 * <p>Object ids: the store's tables in name order get blocks of four ids from {@link #FIRST_OID}
 * (PostgreSQL's first user oid): the table, its primary-key index, the primary-key constraint and
 * the table's row type. So an oid is stable while no table sorting before it is created or
 * dropped; a client that reads an oid and then a table's details (psql's {@code \d}) in two
 * statements sees a different table only if such DDL ran in between. Namespaces, types, the access
 * methods and the one role use PostgreSQL's own fixed oids.
 *
 * <p>Names: CoAgent folds unquoted identifiers to upper case and PostgreSQL to lower case, so a
 * name that is all upper case is shown in lower case (a table created as {@code stock} or
 * {@code STOCK} is {@code stock} here, as PostgreSQL would show it); mixed-case names stay as they
 * are. Every store table is in namespace {@code public}.
 */
final class PgObjects {
  static final int FIRST_OID = 16384;
  static final int NS_CATALOG = 11;
  static final int NS_PUBLIC = 2200;
  static final int NS_INFORMATION_SCHEMA = 13181;
  static final int OWNER_OID = 10;
  /** CoAgent has no object owners; every object belongs to the operator, the one superuser. */
  static final String OWNER = "operator";
  static final int AM_HEAP = 2;
  static final int AM_BTREE = 403;
  static final int DATABASE_OID = 16383;
  static final int UTF8 = 6;

  /**
   * One store table, or a view ({@code viewQuery} its stored query, {@code def} its result columns
   * with no key), and the ids of the objects PostgreSQL would give it.
   */
  record Rel(int oid, TableDef def, String viewQuery) {
    Rel(int oid, TableDef def) {
      this(oid, def, null);
    }

    boolean isView() {
      return viewQuery != null;
    }

    String name() {
      return pgName(def.name());
    }

    boolean hasPrimaryKey() {
      return !def.primaryKey().isEmpty();
    }

    int indexOid() {
      return oid + 1;
    }

    int constraintOid() {
      return oid + 2;
    }

    int rowTypeOid() {
      return oid + 3;
    }

    String indexName() {
      return name() + "_pkey";
    }

    List<String> keyColumns() {
      return def.primaryKey().stream().map(i -> pgName(def.columns().get(i).name())).toList();
    }

    /** The 1-based column numbers of the primary key, space-separated (int2vector's text form). */
    String indkey() {
      return def.primaryKey().stream().map(i -> Integer.toString(i + 1))
          .collect(Collectors.joining(" "));
    }
  }

  /**
   * A secondary index ({@code CREATE INDEX}) of relation {@code rel}. Its oid comes from its own
   * range, {@link #FIRST_INDEX_OID} plus its position among all secondary indexes by name, so it
   * is stable while no index sorting before it is created or dropped.
   */
  record Ix(int oid, Rel rel, IndexDef def) {
    String name() {
      return pgName(def.name());
    }

    List<String> columns() {
      return def.columns().stream().map(i -> pgName(rel.def().columns().get(i).name())).toList();
    }

    String indkey() {
      return def.columns().stream().map(i -> Integer.toString(i + 1))
          .collect(Collectors.joining(" "));
    }
  }

  /**
   * First oid of views, in blocks of four like tables (the view, two unused, its row type), by
   * name: above the constraint range, so creating a view never moves a table's oid.
   */
  static final int FIRST_VIEW_OID = 4_000_000;

  /** First oid of secondary indexes: above the table blocks of any store this size allows. */
  static final int FIRST_INDEX_OID = 1_000_000;

  /** Every secondary index of the store's tables, by name. */
  static List<Ix> secondaryIndexes(CoStore store) {
    List<Rel> rels = relations(store);
    List<IndexDef> defs = new ArrayList<>(store.indexes());
    defs.sort(Comparator.comparing(IndexDef::name));
    List<Ix> out = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) {
      IndexDef d = defs.get(i);
      for (Rel r : rels) {
        if (r.def().name().equals(d.table())) {
          out.add(new Ix(FIRST_INDEX_OID + i, r, d));
        }
      }
    }
    return out;
  }

  /** The secondary index with {@code oid}, if any. */
  static Optional<Ix> secondaryIndex(CoStore store, int oid) {
    if (oid < FIRST_INDEX_OID) {
      return Optional.empty();
    }
    return secondaryIndexes(store).stream().filter(x -> x.oid() == oid).findFirst();
  }

  /** First oid of UNIQUE constraints: that of their index, moved up by this much. */
  static final int UNIQUE_OID_OFFSET = 500_000;
  /** First oid of CHECK and FOREIGN KEY constraints, numbered by table name, then declaration. */
  static final int FIRST_CONSTRAINT_OID = 2_000_000;

  /**
   * One row of pg_constraint: a primary key ({@code p}), a UNIQUE index ({@code u}; CoAgent does
   * not tell a UNIQUE constraint from a CREATE UNIQUE INDEX, so each unique index is both), a
   * CHECK ({@code c}: {@code check} its expression) or a FOREIGN KEY ({@code f}) referencing
   * {@code parent}'s primary key. {@code key}, {@code parentKey}: 1-based column numbers (a
   * CHECK's {@code key}: the columns its expression refers to, as PostgreSQL's conkey);
   * {@code onUpdate}, {@code onDelete}: the SQL action keywords (null unless a foreign key).
   */
  record Con(int oid, Rel rel, String type, String name, List<Integer> key, int indexOid,
      Rel parent, List<Integer> parentKey, String onUpdate, String onDelete, String check) {
    /** The column names of {@code key} in {@code r}. */
    private static String names(Rel r, List<Integer> key) {
      return key.stream().map(i -> ident(r.def().columns().get(i - 1).name()))
          .collect(Collectors.joining(", "));
    }

    /** pg_get_constraintdef: the constraint as PostgreSQL prints it. */
    String definition() {
      return switch (type) {
        case "p" -> "PRIMARY KEY (" + names(rel, key) + ")";
        case "u" -> "UNIQUE (" + names(rel, key) + ")";
        case "c" -> "CHECK (" + pgExpression(check) + ")";
        default -> "FOREIGN KEY (" + names(rel, key) + ") REFERENCES " + ident(parent.def()
            .name()) + "(" + names(parent, parentKey) + ")"
            + (onUpdate.equals("NO ACTION") ? "" : " ON UPDATE " + onUpdate)
            + (onDelete.equals("NO ACTION") ? "" : " ON DELETE " + onDelete);
      };
    }

    /** A referential action as pg_constraint's letter; a blank for other constraints. */
    static String letter(String action) {
      return action == null ? " " : switch (action) {
        case "RESTRICT" -> "r";
        case "CASCADE" -> "c";
        case "SET NULL" -> "n";
        case "SET DEFAULT" -> "d";
        default -> "a";
      };
    }

    /** The information_schema name of the constraint type. */
    String typeName() {
      return switch (type) {
        case "p" -> "PRIMARY KEY";
        case "u" -> "UNIQUE";
        case "c" -> "CHECK";
        default -> "FOREIGN KEY";
      };
    }
  }

  /** Every constraint of the store's tables: primary keys, UNIQUE indexes, CHECKs, FKs. */
  static List<Con> constraints(CoStore store) {
    List<Rel> rels = relations(store);
    List<Con> out = new ArrayList<>();
    for (Rel r : rels) {
      if (r.hasPrimaryKey()) {
        out.add(new Con(r.constraintOid(), r, "p", r.indexName(), numbers(r.def().primaryKey()),
            r.indexOid(), null, null, null, null, null));
      }
    }
    for (Ix x : secondaryIndexes(store)) {
      if (x.def().unique()) {
        out.add(new Con(x.oid() + UNIQUE_OID_OFFSET, x.rel(), "u", x.name(),
            numbers(x.def().columns()), x.oid(), null, null, null, null, null));
      }
    }
    int n = FIRST_CONSTRAINT_OID;
    for (Rel r : rels) {
      List<io.coagent.sql.internal.exec.Checks.Check> checks =
          io.coagent.sql.internal.exec.Checks.stored(r.def());
      List<io.coagent.sql.internal.exec.ForeignKeys.Fk> fks =
          io.coagent.sql.internal.exec.ForeignKeys.outgoing(r.def());
      for (String text : r.def().constraints()) {
        String name = io.coagent.sql.internal.exec.Checks.nameOf(text);
        int oid = n++;
        for (io.coagent.sql.internal.exec.Checks.Check c : checks) {
          if (c.name().equals(name)) {
            List<Integer> cols = io.coagent.sql.internal.exec.Checks.columns(r.def(), c);
            out.add(new Con(oid, r, "c", pgName(name), cols.isEmpty() ? null : numbers(cols), 0,
                null, null, null, null, c.expression())); // no column: conkey NULL, as in PG
          }
        }
        for (io.coagent.sql.internal.exec.ForeignKeys.Fk fk : fks) {
          Optional<Rel> parent = rels.stream().filter(p -> p.def().name().equals(fk.parent()))
              .findFirst();
          if (fk.name().equals(name) && parent.isPresent()) {
            List<Integer> key = new ArrayList<>();
            for (int c : fk.columns()) {
              key.add(c + 1);
            }
            out.add(new Con(oid, r, "f", pgName(name), key, parent.get().indexOid(),
                parent.get(), numbers(parent.get().def().primaryKey()), fk.onUpdate().sql(),
                fk.onDelete().sql(), null));
          }
        }
      }
    }
    return out;
  }

  private static List<Integer> numbers(List<Integer> positions) {
    return positions.stream().map(i -> i + 1).toList();
  }

  /** A name as PostgreSQL prints an identifier: {@link #pgName}, quoted unless plain. */
  static String ident(String name) {
    String n = pgName(name);
    return n.matches("[a-z_][a-z0-9_$]*") ? n : "\"" + n.replace("\"", "\"\"") + "\"";
  }

  /**
   * A stored CHECK expression (its quoted upper-case names) as PostgreSQL prints it: each quoted
   * name as {@link #ident} prints it, string literals untouched.
   */
  static String pgExpression(String expression) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < expression.length()) {
      char ch = expression.charAt(i);
      if (ch == '\'' || ch == '"') {
        int end = io.coagent.sql.internal.SqlText.closingQuote(expression, i);
        String quoted = expression.substring(i, end);
        out.append(ch == '"' && quoted.length() >= 2 ? ident(quoted.substring(1,
            quoted.length() - 1).replace("\"\"", "\"")) : quoted);
        i = end;
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  /** A PostgreSQL type as CoAgent's columns use it. */
  record Type(int oid, String name, int len, String category, int collation) {
    /** typstorage: plain for fixed width; main for numeric; extended for other varlena types. */
    String storage() {
      return len > 0 ? "p" : name.equals("numeric") ? "m" : "x";
    }
  }

  static final List<Type> TYPES = List.of(
      new Type(16, "bool", 1, "B", 0),
      new Type(17, "bytea", -1, "U", 0),
      new Type(18, "char", 1, "Z", 100),
      new Type(19, "name", 64, "S", 950),
      new Type(20, "int8", 8, "N", 0),
      new Type(21, "int2", 2, "N", 0),
      new Type(23, "int4", 4, "N", 0),
      new Type(25, "text", -1, "S", 100),
      new Type(26, "oid", 4, "N", 0),
      new Type(114, "json", -1, "U", 0),
      new Type(700, "float4", 4, "N", 0),
      new Type(701, "float8", 8, "N", 0),
      new Type(1043, "varchar", -1, "S", 100),
      new Type(1082, "date", 4, "D", 0),
      new Type(1083, "time", 8, "D", 0),
      new Type(1114, "timestamp", 8, "D", 0),
      new Type(1184, "timestamptz", 8, "D", 0),
      new Type(1700, "numeric", -1, "N", 0),
      new Type(2950, "uuid", 16, "U", 0));

  private PgObjects() {}

  static List<Rel> relations(CoStore store) {
    List<TableDef> defs = new ArrayList<>(store.tables());
    defs.sort(Comparator.comparing(TableDef::name));
    List<Rel> out = new ArrayList<>(defs.size());
    for (int i = 0; i < defs.size(); i++) {
      out.add(new Rel(FIRST_OID + 4 * i, defs.get(i)));
    }
    return out;
  }

  /** The relation whose table, index, constraint or row type has {@code oid}. */
  static Optional<Rel> byOid(CoStore store, int oid) {
    int i = (oid - FIRST_OID) / 4;
    if (oid < FIRST_OID || oid >= FIRST_INDEX_OID) {
      return Optional.empty();
    }
    List<Rel> rels = relations(store);
    return i < rels.size() ? Optional.of(rels.get(i)) : Optional.empty();
  }

  static String pgName(String name) {
    return name.equals(name.toUpperCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT) : name;
  }

  static int typeOid(ColumnType t) {
    return switch (t) {
      case INTEGER -> 23;
      case BIGINT -> 20;
      case DOUBLE -> 701;
      case DECIMAL -> 1700;
      case VARCHAR -> 1043;
      case BOOLEAN -> 16;
      case TIMESTAMP -> 1114;
      case JSON -> 114;
      case DATE -> 1082;
      case TIME -> 1083;
      case TIMESTAMP_TZ -> 1184;
      case UUID -> 2950;
      case BINARY -> 17;
    };
  }

  /**
   * PostgreSQL's atttypmod: a DECIMAL's declared (p,s), else numeric(38,10) as CoAgent computes an
   * undeclared DECIMAL; timestamps and times to milliseconds (3).
   */
  static int typmod(ColumnDef c) {
    return switch (c.type()) {
      case DECIMAL -> c.precision() >= 0 ? (c.precision() << 16 | c.scale()) + 4
          : (38 << 16 | 10) + 4;
      case TIMESTAMP, TIMESTAMP_TZ, TIME -> 3;
      default -> -1;
    };
  }

  static Optional<Type> type(int oid) {
    return TYPES.stream().filter(t -> t.oid() == oid).findFirst();
  }

  /** {@code format_type}: the SQL name of a type with its modifier, as PostgreSQL prints it. */
  static String formatType(int oid, int typmod) {
    return switch (oid) {
      case 16 -> "boolean";
      case 17 -> "bytea";
      case 18 -> "\"char\"";
      case 19 -> "name";
      case 20 -> "bigint";
      case 21 -> "smallint";
      case 23 -> "integer";
      case 25 -> "text";
      case 26 -> "oid";
      case 114 -> "json";
      case 700 -> "real";
      case 701 -> "double precision";
      case 1043 -> typmod >= 4 ? "character varying(" + (typmod - 4) + ")" : "character varying";
      case 1082 -> "date";
      case 1083 -> (typmod >= 0 ? "time(" + typmod + ")" : "time") + " without time zone";
      case 1114 -> (typmod >= 0 ? "timestamp(" + typmod + ")" : "timestamp")
          + " without time zone";
      case 1184 -> (typmod >= 0 ? "timestamp(" + typmod + ")" : "timestamp")
          + " with time zone";
      case 2950 -> "uuid";
      case 1700 -> typmod >= 4 ? "numeric(" + ((typmod - 4) >> 16) + "," + ((typmod - 4) & 0xFFFF)
          + ")" : "numeric";
      default -> "???";
    };
  }
}
