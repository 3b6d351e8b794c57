package io.coagent.sql.internal.exec;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.StatementControl;
import io.coagent.sql.internal.CoAgentTypeSystem;
import io.coagent.sql.internal.PlannerThreads;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.CoAgentSchema;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

/**
 * A private Calcite JDBC connection whose root schema holds the store's tables ({@link
 * CoAgentSchema}, default schema) and their DML variant. Queries are planned once per SQL text
 * (Calcite {@link PreparedStatement}s, cached until the catalog changes) and executed with the
 * statement's parameters; results are materialized before the engine operation ends. Planning
 * runs on a large-stack thread ({@link PlannerThreads}), with CoAgent's optimizer program
 * ({@link QueryPrepare}: heuristic join order for many-way joins).
 */
public final class CalciteSession implements AutoCloseable {
  static {
    CalciteCharset.useUnicode();
  }

  /** SQL's user functions; Calcite's own always answer "sa". */
  private static final java.util.regex.Pattern USER_FUNCTION = java.util.regex.Pattern.compile(
      "(?i)(?<![\\w.$\"])(CURRENT_USER|SESSION_USER|SYSTEM_USER|USER)(?![\\w$\"(])");
  private final CoStore store;
  private final CalciteConnection connection;
  private final String userLiteral;
  private final Map<String, PreparedStatement> plans = new HashMap<>();
  private final Map<PreparedStatement, int[]> parameterTypes = new HashMap<>();
  private java.util.function.Supplier<io.coagent.sql.internal.ThreadBinding.Scope> context =
      () -> () -> { };

  /**
   * {@code user}: what SQL's {@code CURRENT_USER}, {@code SESSION_USER} and {@code USER} return
   * (the session's agent, or {@code operator}).
   */
  public CalciteSession(CoStore store, String user) {
    this.store = store;
    Properties info = new Properties();
    this.userLiteral = "'" + user.replace("'", "''") + "'";
    info.setProperty("lex", "ORACLE");
    info.setProperty("timeZone", "UTC");
    info.setProperty("conformance", "LENIENT");
    info.setProperty("typeSystem", CoAgentTypeSystem.class.getName() + "#INSTANCE");
    try {
      Connection c = new org.apache.calcite.jdbc.Driver().withPrepareFactory(QueryPrepare::new)
          .connect("jdbc:calcite:", info);
      connection = c.unwrap(CalciteConnection.class);
      SchemaPlus root = connection.getRootSchema();
      CoAgentSchema visible = new CoAgentSchema(store, false);
      visible.withViews(root);
      root.add(CoAgentSchema.NAME, visible).setCacheEnabled(false);
      root.add(CoAgentSchema.DML_NAME, new CoAgentSchema(store, true)).setCacheEnabled(false);
      connection.setSchema(CoAgentSchema.NAME);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start the Calcite planner", e);
    }
  }

  /** Adds a schema beside the store's, e.g. the system catalog {@code SYS}. */
  public SchemaPlus addSchema(String name, org.apache.calcite.schema.Schema schema) {
    SchemaPlus s = connection.getRootSchema().add(name, schema);
    s.setCacheEnabled(false);
    return s;
  }

  /** Adds a function callable without a schema name. */
  public void addFunction(String name, org.apache.calcite.schema.Function function) {
    connection.getRootSchema().add(name, function);
  }

  /**
   * What every execution binds to its thread while Calcite runs it (the PostgreSQL catalog's
   * functions find the session's store through it).
   */
  public void setExecutionContext(
      java.util.function.Supplier<io.coagent.sql.internal.ThreadBinding.Scope> context) {
    this.context = context;
  }

  /**
   * {@code sql} with SQL's user functions (outside string literals and quoted names) replaced by
   * the session's user as a literal: Calcite's DataContext answers a fixed "sa".
   */
  private String withUser(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < sql.length() && (sql.charAt(j) != c
            || j + 1 < sql.length() && sql.charAt(j + 1) == c && j++ >= 0)) {
          j++;
        }
        int end = Math.min(j + 1, sql.length());
        out.append(sql, i, end);
        i = end;
        continue;
      }
      int j = i;
      while (j < sql.length() && sql.charAt(j) != '\'' && sql.charAt(j) != '"') {
        j++;
      }
      out.append(USER_FUNCTION.matcher(sql.substring(i, j)).replaceAll(
          java.util.regex.Matcher.quoteReplacement(userLiteral)));
      i = j;
    }
    return out.toString();
  }

  /** The plan of {@code sql}, made once and then reused. */
  public PreparedStatement plan(String sql) throws SQLException {
    PreparedStatement ps = plans.get(sql);
    if (ps == null) {
      String planned = withUser(sql);
      ps = PlannerThreads.call(() -> {
        try {
          return connection.prepareStatement(planned);
        } catch (SQLException | RuntimeException | Error e) {
          throw SqlErrors.translate(e, sql);
        }
      }, sql);
      plans.put(sql, ps);
      parameterTypes.put(ps, parameterTypes(ps));
    }
    return ps;
  }

  /** Runs a planned query with {@code params} and materializes every row. */
  @SuppressWarnings("try") // the execution context is bound for the extent of the block
  public List<Object[]> run(PreparedStatement ps, List<Object> params, String sql)
      throws SQLException {
    try {
      int[] types = parameterTypes.get(ps);
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, types == null || i >= types.length ? params.get(i)
            : Parameters.coerce(params.get(i), types[i], i + 1));
      }
      List<Object[]> rows = new ArrayList<>();
      StatementControl control = StatementControl.current();
      try (io.coagent.sql.internal.ThreadBinding.Scope bound = context.get();
          ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          if (control != null) {
            control.row();
          }
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException | RuntimeException | ExceptionInInitializerError | StackOverflowError
        | AssertionError | OutOfMemoryError e) {
      // ExceptionInInitializerError: Calcite folds constant expressions into static fields of generated code, so
      // SELECT 1/0 fails while initializing a class
      throw SqlErrors.translate(e, sql);
    }
  }

  private static int[] parameterTypes(PreparedStatement ps) throws SQLException {
    ParameterMetaData md = ps.getParameterMetaData();
    int[] types = new int[md.getParameterCount()];
    for (int i = 0; i < types.length; i++) {
      types[i] = md.getParameterType(i + 1);
    }
    return types;
  }

  /** Result columns of a planned query. */
  public List<SqlColumn> columns(PreparedStatement ps) throws SQLException {
    ResultSetMetaData md = ps.getMetaData();
    List<SqlColumn> cols = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      SqlColumn c = new SqlColumn(md.getColumnLabel(i), nz(md.getTableName(i)),
          md.getColumnType(i), md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i),
          md.isNullable(i) != ResultSetMetaData.columnNoNulls, md.getColumnClassName(i));
      cols.add(TypeMapping.describeResult(c, origin(md, i)));
    }
    return cols;
  }

  /** The store column result column {@code i} is taken from (also in the past), or null. */
  private ColumnDef origin(ResultSetMetaData md, int i) throws SQLException {
    String table = md.getTableName(i);
    if (table == null || table.isEmpty()) {
      return null;
    }
    for (String snapshot : new String[] {"$AS_OF$", "$AT_RANK$"}) {
      int at = table.lastIndexOf(snapshot); // time travel: the table as it was (HistoryRelations)
      table = at > 0 ? table.substring(0, at) : table;
    }
    Optional<TableDef> def = store.table(table);
    if (def.isEmpty() && table.endsWith("_HISTORY")) { // SYS.<T>_HISTORY: T's columns first
      def = store.table(table.substring(0, table.length() - "_HISTORY".length()));
    }
    int c = def.isEmpty() ? -1 : def.get().columnIndex(md.getColumnName(i));
    return c < 0 ? null : def.get().columns().get(c);
  }

  /** Parameter types of a planned statement, as Calcite inferred them. */
  public static List<SqlColumn> parameters(PreparedStatement ps) throws SQLException {
    java.sql.ParameterMetaData md = ps.getParameterMetaData();
    List<SqlColumn> params = new ArrayList<>();
    for (int i = 1; i <= md.getParameterCount(); i++) {
      params.add(new SqlColumn("", "", md.getParameterType(i), md.getParameterTypeName(i),
          md.getPrecision(i), md.getScale(i),
          md.isNullable(i) != java.sql.ParameterMetaData.parameterNoNulls,
          md.getParameterClassName(i)));
    }
    return params;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  public void clearPlans() {
    for (PreparedStatement ps : plans.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // a plan that fails to close holds nothing of ours
      }
    }
    plans.clear();
    parameterTypes.clear();
  }

  @Override
  public void close() {
    clearPlans();
    try {
      connection.close();
    } catch (SQLException e) {
      // closing a private in-memory connection cannot lose data
    }
  }
}
