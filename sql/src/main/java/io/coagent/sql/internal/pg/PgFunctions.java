package io.coagent.sql.internal.pg;

import io.coagent.engine.CoStore;
import io.coagent.sql.internal.pg.PgObjects.Rel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * The PostgreSQL functions that catalog queries call, as Calcite scalar functions (each public
 * static method is one function, named in upper case; overloads share a name). Those that look
 * objects up by oid read the catalog bound to the executing thread ({@link PgCatalog#current()}).
 * {@code TEXTREGEXEQ} is PostgreSQL's own name for the {@code ~} operator, to which the server
 * rewrites {@code ~}, {@code !~} and {@code OPERATOR(pg_catalog.~)}; {@code REGCLASS} is a cast to
 * {@code regclass}: a name to its oid, an oid to its name.
 */
public final class PgFunctions {
  private PgFunctions() {}

  /** Every function by its upper-case name. */
  public static Map<String, List<Function>> all() {
    Map<String, List<Function>> out = new TreeMap<>();
    for (Method m : PgFunctions.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.getName().equals("all")) {
        out.computeIfAbsent(m.getName().toUpperCase(Locale.ROOT), k -> new ArrayList<>())
            .add(m.getReturnType() == List.class ? new ArrayFunction(m)
                : ScalarFunctionImpl.create(m));
      }
    }
    return out;
  }

  /**
   * {@code NEXTVAL('s')} (and {@code NEXT VALUE FOR s}): the next value of sequence {@code s},
   * handed out once and never given back ({@link io.coagent.sql.internal.exec.Sequences});
   * non-deterministic, so the planner never folds it into a constant.
   */
  @org.apache.calcite.linq4j.function.NonDeterministic
  public static Long nextval(String sequence) {
    try {
      return sequence == null ? null : io.coagent.sql.internal.exec.Sequences
          .of(PgCatalog.current().store()).next(sequenceName(sequence));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** {@code CURRVAL('s')}: the value NEXTVAL last returned for {@code s} in this store's run. */
  @org.apache.calcite.linq4j.function.NonDeterministic
  public static Long currval(String sequence) {
    try {
      return sequence == null ? null : io.coagent.sql.internal.exec.Sequences
          .of(PgCatalog.current().store()).current(sequenceName(sequence));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A regclass-style sequence name: unquoted folds to upper case, {@code "x"} is kept. */
  private static String sequenceName(String text) {
    String s = text.strip();
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1) : s.toUpperCase(Locale.ROOT);
  }

  public static Boolean pg_table_is_visible(Integer oid) {
    return oid == null ? null : PgCatalog.current().byOid(oid).isPresent();
  }

  /**
   * A view's query: its text as it was written at CREATE VIEW (a column list kept as the
   * {@code SELECT * FROM (query) AS v (a, b)} it was stored as), not PostgreSQL's deparsed form,
   * with the semicolon PostgreSQL ends it with; NULL for an oid that is not a view.
   */
  public static String pg_get_viewdef(Integer oid) {
    return oid == null ? null : PgCatalog.current().byOid(oid)
        .filter(r -> r.isView() && r.oid() == oid).map(r -> " " + r.viewQuery() + ";")
        .orElse(null);
  }

  public static String pg_get_viewdef(Integer oid, Boolean pretty) {
    return pg_get_viewdef(oid);
  }

  public static String pg_get_userbyid(Integer oid) {
    if (oid == null) {
      return null;
    }
    return oid == PgObjects.OWNER_OID ? PgObjects.OWNER : "unknown (OID=" + oid + ")";
  }

  public static String format_type(Integer oid, Integer typmod) {
    return oid == null ? null : PgObjects.formatType(oid, typmod == null ? -1 : typmod);
  }

  /** A default's expression: CoAgent keeps it as SQL text, so it is its own rendering. */
  public static String pg_get_expr(String expr, Integer relid) {
    return expr;
  }

  public static String pg_get_expr(String expr, Integer relid, Boolean pretty) {
    return expr;
  }

  public static String pg_get_indexdef(Integer oid) {
    return pg_get_indexdef(oid, 0, false);
  }

  /**
   * The CREATE INDEX of a primary-key or secondary index, or (column &gt; 0) that index column's
   * name.
   */
  public static String pg_get_indexdef(Integer oid, Integer column, Boolean pretty) {
    Optional<PgObjects.Ix> ix = oid == null ? Optional.empty()
        : PgObjects.secondaryIndex(PgCatalog.current().store(), oid);
    if (ix.isPresent()) {
      List<String> cols = ix.get().columns();
      if (column != null && column > 0) {
        return column <= cols.size() ? cols.get(column - 1) : "";
      }
      return "CREATE " + (ix.get().def().unique() ? "UNIQUE " : "") + "INDEX " + ix.get().name()
          + " ON public." + ix.get().rel().name() + " USING btree (" + String.join(", ", cols)
          + ")";
    }
    Optional<Rel> r = index(oid);
    if (r.isEmpty()) {
      return null;
    }
    List<String> keys = r.get().keyColumns();
    if (column != null && column > 0) {
      return column <= keys.size() ? keys.get(column - 1) : "";
    }
    return "CREATE UNIQUE INDEX " + r.get().indexName() + " ON public." + r.get().name()
        + " USING btree (" + String.join(", ", keys) + ")";
  }

  public static String pg_get_constraintdef(Integer oid) {
    return pg_get_constraintdef(oid, false);
  }

  /** The constraint with {@code oid} as PostgreSQL prints it ({@code pretty} changes nothing). */
  public static String pg_get_constraintdef(Integer oid, Boolean pretty) {
    if (oid == null) {
      return null;
    }
    return PgObjects.constraints(PgCatalog.current().store()).stream()
        .filter(c -> c.oid() == oid).findFirst().map(PgObjects.Con::definition).orElse(null);
  }

  /**
   * {@code pg_partition_ancestors(rel)}: a relation and the partitioned tables above it. CoAgent
   * has no partitions, so it is the relation alone; the server rewrites the function in a FROM
   * clause to a one-row subquery of this ({@code relid}).
   */
  public static Integer pg_partition_ancestors(Integer oid) {
    return oid;
  }

  public static Integer pg_partition_ancestors(String relation) {
    return relation == null ? null : regclass(relation);
  }

  private static Optional<Rel> index(Integer oid) {
    if (oid == null) {
      return Optional.empty();
    }
    return PgObjects.byOid(PgCatalog.current().store(), oid)
        .filter(r -> r.hasPrimaryKey() && r.indexOid() == oid);
  }

  /**
   * {@code array[index]} of a catalog array in its text form, as PostgreSQL numbers elements: an
   * array ({@code {1,2}}) from 1, an int2vector or oidvector ({@code 1 2}) from 0. NULL outside
   * the array or for an element that is not an integer (the catalog's subscripted arrays hold
   * column numbers, options and oids).
   */
  public static Integer pg_subscript(String array, Integer index) {
    if (array == null || index == null) {
      return null;
    }
    String a = array.strip();
    boolean braces = a.startsWith("{") && a.endsWith("}");
    String body = braces ? a.substring(1, a.length() - 1).strip() : a;
    String[] elements = body.isEmpty() ? new String[0] : body.split(braces ? "\\s*,\\s*" : "\\s+");
    int i = braces ? index - 1 : index;
    if (i < 0 || i >= elements.length) {
      return null;
    }
    try {
      return Integer.valueOf(elements[i]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public static String pg_encoding_to_char(Integer encoding) {
    return encoding == null ? null : encoding == PgObjects.UTF8 ? "UTF8" : "";
  }

  /** {@code array_to_string} of an array in its text form ({@code {a,b}}). */
  public static String array_to_string(String array, String separator) {
    if (array == null) {
      return null;
    }
    String a = array.strip();
    if (a.startsWith("{") && a.endsWith("}")) {
      a = a.substring(1, a.length() - 1);
    }
    return a.isEmpty() ? "" : String.join(separator == null ? "" : separator, a.split(","));
  }

  /** {@code array_to_string} of an SQL array ({@code ARRAY(SELECT ...)}); nulls are skipped. */
  public static String array_to_string(List<Object> array, String separator) {
    if (array == null) {
      return null;
    }
    return array.stream().filter(java.util.Objects::nonNull).map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(separator == null ? "" : separator));
  }

  /** CoAgent has no comments on objects. */
  public static String obj_description(Integer oid, String catalog) {
    return null;
  }

  public static String obj_description(Integer oid) {
    return null;
  }

  public static String col_description(Integer oid, Integer column) {
    return null;
  }

  public static String shobj_description(Integer oid, String catalog) {
    return null;
  }

  public static Boolean pg_relation_is_publishable(Integer oid) {
    return oid == null ? null : false;
  }

  public static Boolean pg_relation_is_publishable(String oid) {
    return oid == null ? null : false;
  }

  public static Boolean has_table_privilege(String table, String privilege) {
    return true;
  }

  public static Boolean has_schema_privilege(String schema, String privilege) {
    return true;
  }

  /** The {@code ~} operator: POSIX-style regular expression match (Java's dialect). */
  public static Boolean textregexeq(String s, String pattern) {
    if (s == null || pattern == null) {
      return null;
    }
    try {
      return Pattern.compile(pattern).matcher(s).find();
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression '" + pattern + "': "
          + e.getDescription(), e);
    }
  }

  /** The {@code ~*} operator: case-insensitive {@link #textregexeq}. */
  public static Boolean texticregexeq(String s, String pattern) {
    if (s == null || pattern == null) {
      return null;
    }
    return textregexeq(s.toLowerCase(Locale.ROOT), pattern.toLowerCase(Locale.ROOT));
  }

  /** {@code oid::regnamespace}: a namespace's name. */
  public static String regnamespace(Integer oid) {
    if (oid == null) {
      return null;
    }
    return switch (oid) {
      case PgObjects.NS_CATALOG -> "pg_catalog";
      case PgObjects.NS_PUBLIC -> "public";
      case PgObjects.NS_INFORMATION_SCHEMA -> "information_schema";
      default -> Integer.toString(oid);
    };
  }

  /** {@code 'name'::regclass}: the oid of the table or index named {@code name}. */
  public static Integer regclass(String name) {
    if (name == null) {
      return null;
    }
    if (name.matches("[0-9]{1,9}")) {
      return Integer.valueOf(name); // an oid in text, as psql quotes them: '16384'::regclass
    }
    String n = name.startsWith("public.") ? name.substring(7) : name;
    String unquoted = n.startsWith("\"") && n.endsWith("\"") && n.length() > 1
        ? n.substring(1, n.length() - 1) : n.toLowerCase(Locale.ROOT);
    for (Rel r : PgCatalog.current().relations()) {
      if (r.name().equals(unquoted)) {
        return r.oid();
      }
      if (r.hasPrimaryKey() && r.indexName().equals(unquoted)) {
        return r.indexOid();
      }
    }
    for (PgObjects.Ix x : PgObjects.secondaryIndexes(PgCatalog.current().store())) {
      if (x.name().equals(unquoted)) {
        return x.oid();
      }
    }
    throw new IllegalArgumentException("relation \"" + name + "\" does not exist");
  }

  /** {@code oid::regclass}: the name of the relation with that oid (the oid if none). */
  public static String regclass(Integer oid) {
    if (oid == null) {
      return null;
    }
    CoStore store = PgCatalog.current().store();
    Optional<PgObjects.Ix> ix = PgObjects.secondaryIndex(store, oid);
    if (ix.isPresent()) {
      return ix.get().name();
    }
    return PgCatalog.current().byOid(oid)
        .map(r -> r.indexOid() == oid && r.hasPrimaryKey() ? r.indexName() : r.name())
        .orElse(Integer.toString(oid));
  }

  /** {@code oid::regtype}: a type's SQL name. */
  public static String regtype(Integer oid) {
    return oid == null ? null : oid == 0 ? "-" : PgObjects.formatType(oid, -1);
  }

  /**
   * A relation's size on disk: unknown, since the store keeps every table in one log (NULL, which
   * psql's {@code \dt+} prints as an empty Size).
   */
  public static Long pg_table_size(Integer oid) {
    return null;
  }

  public static Long pg_total_relation_size(Integer oid) {
    return null;
  }

  public static Long pg_relation_size(Integer oid) {
    return null;
  }

  /** {@code pg_size_pretty}: bytes as PostgreSQL prints them (bytes, kB, MB, GB, TB). */
  public static String pg_size_pretty(Long bytes) {
    if (bytes == null) {
      return null;
    }
    String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    long v = bytes;
    int u = 0;
    while (Math.abs(v) >= 10 * 1024 && u < units.length - 1) {
      v = (v + (v >= 0 ? 512 : -512)) / 1024;
      u++;
    }
    return v + " " + units[u];
  }

  public static String current_database() {
    return PgCatalog.current().database();
  }

  /** The schemas on the search path, as an array (with pg_catalog if {@code implicit}). */
  public static List<String> current_schemas(Boolean implicit) {
    return Boolean.TRUE.equals(implicit) ? List.of("pg_catalog", "public") : List.of("public");
  }
}
