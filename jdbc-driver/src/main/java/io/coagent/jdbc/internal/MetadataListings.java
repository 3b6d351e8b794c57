package io.coagent.jdbc.internal;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.IndexDef;
import io.coagent.engine.TableDef;
import io.coagent.session.SessionErrors;
import io.coagent.sql.SqlCatalog;
import io.coagent.sql.SqlColumn;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The result-set methods of {@code DatabaseMetaData}, each with the exact column list of the
 * {@code java.sql.DatabaseMetaData} javadoc (names, order, types) and its rows computed on every
 * call from the live store ({@code COAGENT}: the user tables), the {@code SYS} schema (its fixed
 * tables, each table's {@code <T>_HISTORY} relation, its procedures) and the SQL front end (type
 * names, functions, foreign keys). Where nothing applies (privileges, UDTs) the result is empty
 * with the right columns. Catalog, schema, table and column arguments that the javadoc calls
 * patterns are SQL LIKE patterns ({@code %}, {@code _}, escape {@code \}); null matches anything.
 *
 * <p>Stateless apart from the connection; thread-safe as far as the connection's session is (its
 * {@code prepare} is synchronized). Every listing is a materialized result set of its connection.
 */
final class MetadataListings {
  static final String DEFAULT_SCHEMA = "COAGENT";
  static final String SYS_SCHEMA = "SYS";
  static final String TABLE = "TABLE";
  static final String VIEW = "VIEW";
  static final String SYSTEM_TABLE = "SYSTEM TABLE";
  static final String SYSTEM_VIEW = "SYSTEM VIEW";
  /** The search-string escape of {@link DatabaseMetaData#getSearchStringEscape}. */
  static final String ESCAPE = "\\";

  private final ConnectionImpl conn;

  MetadataListings(ConnectionImpl conn) {
    this.conn = conn;
  }

  // ---- result building ----

  /**
   * Columns from specs {@code NAME} (VARCHAR), {@code NAME:I} (INTEGER), {@code NAME:S}
   * (SMALLINT), {@code NAME:L} (BIGINT) or {@code NAME:B} (BOOLEAN).
   */
  private static List<SqlColumn> cols(String... specs) {
    List<SqlColumn> out = new ArrayList<>();
    for (String s : specs) {
      int colon = s.indexOf(':');
      String name = colon < 0 ? s : s.substring(0, colon);
      char t = colon < 0 ? 'V' : s.charAt(colon + 1);
      out.add(switch (t) {
        case 'I' -> new SqlColumn(name, "", Types.INTEGER, "INTEGER", 10, 0, true,
            Integer.class.getName());
        case 'S' -> new SqlColumn(name, "", Types.SMALLINT, "SMALLINT", 5, 0, true,
            Integer.class.getName());
        case 'L' -> new SqlColumn(name, "", Types.BIGINT, "BIGINT", 19, 0, true,
            Long.class.getName());
        case 'B' -> new SqlColumn(name, "", Types.BOOLEAN, "BOOLEAN", 1, 0, true,
            Boolean.class.getName());
        default -> new SqlColumn(name, "", Types.VARCHAR, "VARCHAR", Integer.MAX_VALUE, 0, true,
            String.class.getName());
      });
    }
    return List.copyOf(out);
  }

  private ResultSet result(List<SqlColumn> cols, List<Object[]> rows) {
    for (Object[] r : rows) {
      assert r.length == cols.size() : r.length + " values for " + cols.size() + " columns";
    }
    return new ResultSetImpl(conn, cols, rows);
  }

  /**
   * A JDBC metadata pattern as a predicate: SQL LIKE with {@code %}, {@code _} and the escape
   * {@code \}; null matches every name (and a null name).
   */
  static Predicate<String> like(String pattern) {
    if (pattern == null) {
      return n -> true;
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (ch == '%') {
        re.append(".*");
      } else if (ch == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    Pattern p = Pattern.compile(re.toString(), Pattern.DOTALL);
    return n -> n != null && p.matcher(n).matches();
  }

  /** A catalog argument: null (any) and "" (without a catalog) match, since there are none. */
  private static boolean noCatalogMatches(String catalog) {
    return catalog == null || catalog.isEmpty();
  }

  /** One relation a listing can show: its schema, name, table type and (store tables) its def. */
  private record Relation(String schema, String name, String type, TableDef def) {}

  private List<Relation> relations(String catalog, String schemaPattern, String tablePattern)
      throws SQLException {
    List<Relation> out = new ArrayList<>();
    if (!noCatalogMatches(catalog)) {
      return out;
    }
    Predicate<String> schema = like(schemaPattern);
    Predicate<String> table = like(tablePattern);
    List<TableDef> defs = SessionErrors.guard("DatabaseMetaData tables",
        () -> conn.engine().store().tables());
    if (schema.test(DEFAULT_SCHEMA)) {
      for (TableDef d : defs) {
        if (table.test(d.name())) {
          out.add(new Relation(DEFAULT_SCHEMA, d.name(), TABLE, d));
        }
      }
      for (String v : SessionErrors.guard("DatabaseMetaData views",
          () -> conn.engine().store().views().keySet())) {
        if (table.test(v)) {
          out.add(new Relation(DEFAULT_SCHEMA, v, VIEW, null));
        }
      }
    }
    if (schema.test(SYS_SCHEMA)) {
      List<String> sys = SessionErrors.guard("DatabaseMetaData SYS tables",
          () -> SqlCatalog.systemTables(conn.engine().store()));
      List<String> history = defs.stream().map(d -> d.name() + "_HISTORY").toList();
      for (String n : sys) {
        if (table.test(n)) {
          out.add(new Relation(SYS_SCHEMA, n, history.contains(n) ? SYSTEM_VIEW : SYSTEM_TABLE,
              null));
        }
      }
    }
    return out;
  }

  // ---- tables, schemas, catalogs ----

  ResultSet tables(String catalog, String schemaPattern, String tablePattern, String[] types)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    List<String> wanted = types == null ? null : List.of(types);
    for (Relation r : relations(catalog, schemaPattern, tablePattern)) {
      if (wanted == null || wanted.contains(r.type())) {
        rows.add(new Object[] {null, r.schema(), r.name(), r.type(), null, null, null, null, null,
            null});
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[3])
        .thenComparing(r -> (String) r[1]).thenComparing(r -> (String) r[2]));
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS",
        "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"),
        rows);
  }

  ResultSet tableTypes() {
    List<Object[]> rows = new ArrayList<>();
    for (String t : List.of(SYSTEM_TABLE, SYSTEM_VIEW, TABLE, VIEW)) {
      rows.add(new Object[] {t});
    }
    return result(cols("TABLE_TYPE"), rows);
  }

  ResultSet schemas(String catalog, String schemaPattern) {
    List<Object[]> rows = new ArrayList<>();
    Predicate<String> p = like(schemaPattern);
    if (noCatalogMatches(catalog)) {
      for (String s : List.of(DEFAULT_SCHEMA, SYS_SCHEMA)) {
        if (p.test(s)) {
          rows.add(new Object[] {s, null});
        }
      }
    }
    return result(cols("TABLE_SCHEM", "TABLE_CATALOG"), rows);
  }

  ResultSet catalogs() {
    return result(cols("TABLE_CAT"), List.of());
  }

  // ---- columns ----

  /** The JDBC type facts of one column: size, decimal digits, radix, octet length. */
  private record TypeFacts(SqlColumn sql, Integer decimalDigits, Integer radix,
      Integer octetLength) {}

  private static TypeFacts facts(SqlColumn d) {
    int t = d.jdbcType();
    boolean numeric = t == Types.INTEGER || t == Types.BIGINT || t == Types.DOUBLE
        || t == Types.DECIMAL || t == Types.SMALLINT;
    boolean exact = t == Types.INTEGER || t == Types.BIGINT || t == Types.DECIMAL
        || t == Types.SMALLINT;
    boolean fraction = t == Types.DECIMAL || t == Types.TIME || t == Types.TIMESTAMP
        || t == Types.TIMESTAMP_WITH_TIMEZONE;
    boolean chars = t == Types.VARCHAR || t == Types.CHAR;
    return new TypeFacts(d, exact || fraction ? d.scale() : null, numeric ? 10 : null,
        chars || t == Types.VARBINARY ? d.precision() : null);
  }

  ResultSet columns(String catalog, String schemaPattern, String tablePattern,
      String columnPattern) throws SQLException {
    Predicate<String> column = like(columnPattern);
    List<Object[]> rows = new ArrayList<>();
    for (Relation r : relations(catalog, schemaPattern, tablePattern)) {
      List<SqlColumn> described = new ArrayList<>();
      List<String> defaults = new ArrayList<>();
      List<Boolean> generated = new ArrayList<>();
      if (r.def() != null) {
        for (ColumnDef c : r.def().columns()) {
          described.add(SqlCatalog.describe(c));
          defaults.add(c.defaultSql());
          generated.add(SqlCatalog.autoIncrement(c));
        }
      } else {
        described.addAll(relationColumns(r.schema(), r.name()));
        described.forEach(c -> defaults.add(null));
        described.forEach(c -> generated.add(false));
      }
      for (int i = 0; i < described.size(); i++) {
        SqlColumn c = described.get(i);
        if (!column.test(c.label())) {
          continue;
        }
        TypeFacts f = facts(c);
        rows.add(new Object[] {null, r.schema(), r.name(), c.label(), c.jdbcType(), c.typeName(),
            c.precision(), null, f.decimalDigits(), f.radix(),
            c.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls, null,
            defaults.get(i), null, null, f.octetLength(), i + 1, c.nullable() ? "YES" : "NO", null,
            null, null, null, generated.get(i) ? "YES" : "NO", "NO"});
      }
    }
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE:I",
        "TYPE_NAME", "COLUMN_SIZE:I", "BUFFER_LENGTH:I", "DECIMAL_DIGITS:I", "NUM_PREC_RADIX:I",
        "NULLABLE:I", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE:I", "SQL_DATETIME_SUB:I",
        "CHAR_OCTET_LENGTH:I", "ORDINAL_POSITION:I", "IS_NULLABLE", "SCOPE_CATALOG",
        "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE:S", "IS_AUTOINCREMENT",
        "IS_GENERATEDCOLUMN"), rows);
  }

  /**
   * The columns of a SYS relation or a view, as a query of it describes them (no rows read, no
   * footprint: the query is prepared, never executed through a trajectory).
   */
  private List<SqlColumn> relationColumns(String schema, String name) throws SQLException {
    String sql = "SELECT * FROM " + schema + ".\"" + name.replace("\"", "\"\"")
        + "\" WHERE 1 = 0";
    io.coagent.sql.PreparedSql p = conn.session().prepare(sql);
    return p.kind() == io.coagent.sql.PreparedSql.Kind.QUERY ? p.columns()
        : p.execute(null, List.of()).columns();
  }

  // ---- keys and indexes ----

  /** Store tables named exactly {@code table} (null: any) in a schema matching {@code schema}. */
  private List<TableDef> keyed(String catalog, String schema, String table) throws SQLException {
    List<TableDef> out = new ArrayList<>();
    for (Relation r : relations(catalog, schema, null)) {
      if (r.def() != null && (table == null || table.equals(r.name()))) {
        out.add(r.def());
      }
    }
    return out;
  }

  /** The name the primary key is listed under. */
  static String keyName(String table) {
    return "PK_" + table;
  }

  ResultSet primaryKeys(String catalog, String schema, String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (TableDef t : keyed(catalog, schema, table)) {
      for (int k = 0; k < t.primaryKey().size(); k++) {
        rows.add(new Object[] {null, DEFAULT_SCHEMA, t.name(),
            t.columns().get(t.primaryKey().get(k)).name(), k + 1, keyName(t.name())});
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[2])
        .thenComparing(r -> (String) r[3]));
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ:S",
        "PK_NAME"), rows);
  }

  /**
   * The primary key (unique, named {@link #keyName}) and the secondary indexes of the matching
   * tables, unique ones first, then by name and column position (JDBC's order); {@code
   * uniqueOnly} leaves out non-unique indexes.
   */
  ResultSet indexInfo(String catalog, String schema, String table, boolean uniqueOnly)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    List<IndexDef> indexes = SessionErrors.guard("DatabaseMetaData indexes",
        () -> conn.engine().store().indexes());
    for (TableDef t : keyed(catalog, schema, table)) {
      List<Object[]> own = new ArrayList<>();
      for (int k = 0; k < t.primaryKey().size(); k++) {
        own.add(new Object[] {null, DEFAULT_SCHEMA, t.name(), false, null, keyName(t.name()),
            (int) DatabaseMetaData.tableIndexOther, k + 1,
            t.columns().get(t.primaryKey().get(k)).name(), "A", null, null, null});
      }
      for (IndexDef ix : indexes) {
        if (!ix.table().equals(t.name()) || (uniqueOnly && !ix.unique())) {
          continue;
        }
        for (int k = 0; k < ix.columns().size(); k++) {
          own.add(new Object[] {null, DEFAULT_SCHEMA, t.name(), !ix.unique(), null, ix.name(),
              (int) DatabaseMetaData.tableIndexOther, k + 1,
              t.columns().get(ix.columns().get(k)).name(), "A", null, null, null});
        }
      }
      own.sort(java.util.Comparator.comparing((Object[] r) -> (Boolean) r[3])
          .thenComparing(r -> (String) r[5]).thenComparing(r -> (Integer) r[7]));
      rows.addAll(own);
    }
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE:B",
        "INDEX_QUALIFIER", "INDEX_NAME", "TYPE:S", "ORDINAL_POSITION:S", "COLUMN_NAME",
        "ASC_OR_DESC", "CARDINALITY:L", "PAGES:L", "FILTER_CONDITION"), rows);
  }

  /**
   * The foreign keys whose child table matches {@code child} and parent table {@code parent}
   * (names, null: any; the tables' schema must match {@code childSchema}/{@code parentSchema}),
   * one row per key column with the 14 JDBC columns, sorted by {@code byChild} (exported keys,
   * cross references: FKTABLE, KEY_SEQ) or else by parent (imported keys: PKTABLE, KEY_SEQ), as
   * the javadoc orders them; the constraint name breaks ties.
   */
  ResultSet foreignKeys(String parentCatalog, String parentSchema, String parent,
      String childCatalog, String childSchema, String child, boolean byChild)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    boolean schemas = noCatalogMatches(parentCatalog) && noCatalogMatches(childCatalog)
        && like(parentSchema).test(DEFAULT_SCHEMA) && like(childSchema).test(DEFAULT_SCHEMA);
    List<SqlCatalog.ForeignKey> fks = !schemas ? List.of() : SessionErrors.guard(
        "DatabaseMetaData foreign keys", () -> SqlCatalog.foreignKeys(conn.engine().store()));
    for (SqlCatalog.ForeignKey fk : fks) {
      if ((parent != null && !parent.equals(fk.parent()))
          || (child != null && !child.equals(fk.table()))) {
        continue;
      }
      for (int k = 0; k < fk.columns().size(); k++) {
        rows.add(new Object[] {null, DEFAULT_SCHEMA, fk.parent(), fk.parentColumns().get(k),
            null, DEFAULT_SCHEMA, fk.table(), fk.columns().get(k), k + 1, rule(fk.onUpdate()),
            rule(fk.onDelete()), fk.name(), keyName(fk.parent()),
            DatabaseMetaData.importedKeyNotDeferrable});
      }
    }
    int table = byChild ? 6 : 2;
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[table])
        .thenComparing(r -> (Integer) r[8]).thenComparing(r -> (String) r[11]));
    return result(cols("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME",
        "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ:S",
        "UPDATE_RULE:S", "DELETE_RULE:S", "FK_NAME", "PK_NAME", "DEFERRABILITY:S"), rows);
  }

  /** A referential action keyword as {@code DatabaseMetaData.importedKey*}. */
  private static int rule(String action) {
    return switch (action) {
      case "CASCADE" -> DatabaseMetaData.importedKeyCascade;
      case "SET NULL" -> DatabaseMetaData.importedKeySetNull;
      case "SET DEFAULT" -> DatabaseMetaData.importedKeySetDefault;
      case "RESTRICT" -> DatabaseMetaData.importedKeyRestrict;
      default -> DatabaseMetaData.importedKeyNoAction;
    };
  }

  /** The primary-key columns identify a row for the whole session; tables without one: none. */
  ResultSet bestRowIdentifier(String catalog, String schema, String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (TableDef t : keyed(catalog, schema, table)) {
      for (int k : t.primaryKey()) {
        SqlColumn d = SqlCatalog.describe(t.columns().get(k));
        rows.add(new Object[] {DatabaseMetaData.bestRowSession, d.label(), d.jdbcType(),
            d.typeName(), d.precision(), null, facts(d).decimalDigits(),
            DatabaseMetaData.bestRowNotPseudo});
      }
    }
    return result(rowIdColumns(), rows);
  }

  private static List<SqlColumn> rowIdColumns() {
    return cols("SCOPE:S", "COLUMN_NAME", "DATA_TYPE:I", "TYPE_NAME", "COLUMN_SIZE:I",
        "BUFFER_LENGTH:I", "DECIMAL_DIGITS:S", "PSEUDO_COLUMN:S");
  }

  /** No column is updated automatically on every row change. */
  ResultSet versionColumns() {
    return result(rowIdColumns(), List.of());
  }

  // ---- types ----

  ResultSet typeInfo() {
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<String, SqlColumn> e : SqlCatalog.declarableTypes().entrySet()) {
      SqlColumn d = e.getValue();
      int t = d.jdbcType();
      boolean chars = t == Types.VARCHAR;
      boolean numeric = facts(d).radix() != null;
      String prefix = switch (t) {
        case Types.VARCHAR -> "'";
        case Types.DATE -> "DATE '";
        case Types.TIME -> "TIME '";
        case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP '";
        case Types.VARBINARY -> "X'";
        default -> null;
      };
      String params = t == Types.DECIMAL ? "precision,scale" : chars || t == Types.VARBINARY
          ? "length" : null;
      int searchable = chars ? DatabaseMetaData.typeSearchable : DatabaseMetaData.typePredBasic;
      int scale = t == Types.DECIMAL ? d.precision() : d.scale();
      rows.add(new Object[] {e.getKey(), t, d.precision(), prefix, prefix == null ? null : "'",
          params, DatabaseMetaData.typeNullable, chars, searchable,
          numeric ? false : null, false, false, null, t == Types.DECIMAL ? 0 : d.scale(), scale,
          null, null, numeric ? 10 : null});
    }
    rows.sort(Comparator.comparingInt((Object[] r) -> (Integer) r[1]));
    return result(cols("TYPE_NAME", "DATA_TYPE:I", "PRECISION:I", "LITERAL_PREFIX",
        "LITERAL_SUFFIX", "CREATE_PARAMS", "NULLABLE:S", "CASE_SENSITIVE:B", "SEARCHABLE:S",
        "UNSIGNED_ATTRIBUTE:B", "FIXED_PREC_SCALE:B", "AUTO_INCREMENT:B", "LOCAL_TYPE_NAME",
        "MINIMUM_SCALE:S", "MAXIMUM_SCALE:S", "SQL_DATA_TYPE:I", "SQL_DATETIME_SUB:I",
        "NUM_PREC_RADIX:I"), rows);
  }

  ResultSet udts() {
    return result(cols("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE:I",
        "REMARKS", "BASE_TYPE:S"), List.of());
  }

  ResultSet superTypes() {
    return result(cols("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT",
        "SUPERTYPE_SCHEM", "SUPERTYPE_NAME"), List.of());
  }

  ResultSet superTables() {
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME"),
        List.of());
  }

  ResultSet attributes() {
    return result(cols("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE:I",
        "ATTR_TYPE_NAME", "ATTR_SIZE:I", "DECIMAL_DIGITS:I", "NUM_PREC_RADIX:I", "NULLABLE:I",
        "REMARKS", "ATTR_DEF", "SQL_DATA_TYPE:I", "SQL_DATETIME_SUB:I", "CHAR_OCTET_LENGTH:I",
        "ORDINAL_POSITION:I", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE",
        "SOURCE_DATA_TYPE:S"), List.of());
  }

  // ---- procedures and functions ----

  ResultSet procedures(String catalog, String schemaPattern, String namePattern) {
    List<Object[]> rows = new ArrayList<>();
    for (SqlCatalog.Procedure p : procedureList(catalog, schemaPattern, namePattern)) {
      rows.add(new Object[] {null, SYS_SCHEMA, p.name(), null, null, null,
          "example: " + p.example(),
          DatabaseMetaData.procedureResultUnknown, p.name()});
    }
    return result(cols("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1",
        "RESERVED2", "RESERVED3", "REMARKS", "PROCEDURE_TYPE:S", "SPECIFIC_NAME"), rows);
  }

  private static List<SqlCatalog.Procedure> procedureList(String catalog, String schemaPattern,
      String namePattern) {
    if (!noCatalogMatches(catalog) || !like(schemaPattern).test(SYS_SCHEMA)) {
      return List.of();
    }
    Predicate<String> name = like(namePattern);
    return SqlCatalog.procedures().stream().filter(p -> name.test(p.name())).toList();
  }

  ResultSet procedureColumns(String catalog, String schemaPattern, String namePattern,
      String columnPattern) {
    Predicate<String> column = like(columnPattern);
    List<Object[]> rows = new ArrayList<>();
    for (SqlCatalog.Procedure p : procedureList(catalog, schemaPattern, namePattern)) {
      for (int i = 0; i < p.parameters().size(); i++) {
        SqlColumn a = p.parameters().get(i);
        String label = a.label().toUpperCase(java.util.Locale.ROOT);
        if (!column.test(label)) {
          continue;
        }
        TypeFacts f = facts(a);
        rows.add(new Object[] {null, SYS_SCHEMA, p.name(), label,
            DatabaseMetaData.procedureColumnIn, a.jdbcType(), a.typeName(), a.precision(),
            a.precision(), f.decimalDigits(), f.radix(),
            DatabaseMetaData.procedureNoNulls, null, null, null, null, f.octetLength(),
            i + 1, "NO", p.name()});
      }
    }
    return result(cols("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME",
        "COLUMN_TYPE:S", "DATA_TYPE:I", "TYPE_NAME", "PRECISION:I", "LENGTH:I", "SCALE:S",
        "RADIX:S", "NULLABLE:S", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE:I", "SQL_DATETIME_SUB:I",
        "CHAR_OCTET_LENGTH:I", "ORDINAL_POSITION:I", "IS_NULLABLE", "SPECIFIC_NAME"), rows);
  }

  /**
   * The built-in functions. They belong to no schema (FUNCTION_SCHEM null), so a schema pattern
   * other than null or "" finds none.
   */
  ResultSet functions(String catalog, String schemaPattern, String namePattern) {
    List<Object[]> rows = new ArrayList<>();
    if (noCatalogMatches(catalog) && (schemaPattern == null || schemaPattern.isEmpty())) {
      Predicate<String> name = like(namePattern);
      for (String f : SqlCatalog.functions()) {
        if (name.test(f)) {
          rows.add(new Object[] {null, null, f, "built-in function",
              DatabaseMetaData.functionNoTable, f});
        }
      }
    }
    return result(cols("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS",
        "FUNCTION_TYPE:S", "SPECIFIC_NAME"), rows);
  }

  /** Built-in functions are overloaded over many types and declare no fixed parameters: empty. */
  ResultSet functionColumns() {
    return result(cols("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME",
        "COLUMN_TYPE:S", "DATA_TYPE:I", "TYPE_NAME", "PRECISION:I", "LENGTH:I", "SCALE:S",
        "RADIX:S", "NULLABLE:S", "REMARKS", "CHAR_OCTET_LENGTH:I", "ORDINAL_POSITION:I",
        "IS_NULLABLE", "SPECIFIC_NAME"), List.of());
  }

  // ---- privileges, client info, pseudo columns: nothing applies ----

  ResultSet columnPrivileges() {
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR",
        "GRANTEE", "PRIVILEGE", "IS_GRANTABLE"), List.of());
  }

  ResultSet tablePrivileges() {
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE",
        "PRIVILEGE", "IS_GRANTABLE"), List.of());
  }

  /** Client info is accepted and ignored, so no property is listed. */
  ResultSet clientInfoProperties() {
    return result(cols("NAME", "MAX_LEN:I", "DEFAULT_VALUE", "DESCRIPTION"), List.of());
  }

  ResultSet pseudoColumns() {
    return result(cols("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE:I",
        "COLUMN_SIZE:I", "DECIMAL_DIGITS:I", "NUM_PREC_RADIX:I", "COLUMN_USAGE", "REMARKS",
        "CHAR_OCTET_LENGTH:I", "IS_NULLABLE"), List.of());
  }
}
