package io.coagent.sql.internal.exec;

import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.CoAgentTypeSystem;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.TypeMapping;
import io.coagent.sql.internal.schema.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.Lex;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;

/**
 * The CHECK constraints of a table: stored with its definition ({@link TableDef#constraints()})
 * as {@code CONSTRAINT "NAME" CHECK (expression)}, the expression in a canonical form (quoted
 * column names, no table qualifier) so a table rename leaves it valid and a column rename can
 * rewrite it; judged by the SQL layer on every row an INSERT, UPDATE or MERGE writes.
 *
 * <p>An expression is validated once against the table's columns (boolean, no subquery,
 * aggregate, window or parameter) and compiled with Calcite's expression executor into code that
 * reads the row's values directly, so judging a row runs no query. As in PostgreSQL a row is
 * refused (23514) only when a condition is FALSE; NULL (unknown) passes. A CHECK reads the row
 * alone, nothing else, so it registers no read footprint and rank order plays no part.
 */
public final class Checks {
  private static final Pattern STORED = Pattern.compile(
      "(?s)^CONSTRAINT\\s+\"((?:[^\"]|\"\")+)\"\\s+CHECK\\s+(\\(.*\\))\\s*$");
  private static final Pattern WRITTEN = Pattern.compile(
      "(?is)^(?:CONSTRAINT\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)\\s+)?"
      + "CHECK\\s*(\\(.*\\))\\s*$");
  private static final SqlParser.Config PARSER = SqlParser.config().withLex(Lex.ORACLE)
      .withConformance(SqlConformanceEnum.LENIENT);
  private static final Checks NONE = new Checks(List.of(), null);
  /** Compiled checks of recently used table definitions (a definition changes only by DDL). */
  private static final Map<TableDef, Checks> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<TableDef, Checks> eldest) {
      return size() > 128;
    }
  };

  /** One CHECK constraint: its name and canonical expression, in parentheses. */
  public record Check(String name, String expression) {
    /** The text stored in the table definition. */
    public String text() {
      return "CONSTRAINT " + DmlStatements.quote(name) + " CHECK " + expression;
    }
  }

  private final List<Check> checks;
  private final Function1<DataContext, Object[]> code;

  private Checks(List<Check> checks, Function1<DataContext, Object[]> code) {
    this.checks = checks;
    this.code = code;
  }

  /** The compiled CHECK constraints of {@code def} (cached per definition). */
  public static Checks of(TableDef def) throws SQLException {
    if (def.constraints().isEmpty()) {
      return NONE;
    }
    synchronized (CACHE) {
      Checks c = CACHE.get(def);
      if (c != null) {
        return c;
      }
    }
    List<Check> list = stored(def);
    Checks c = list.isEmpty() ? NONE : new Checks(list, compile(def, list));
    synchronized (CACHE) {
      CACHE.put(def, c);
    }
    return c;
  }

  private static final Pattern NAMED =
      Pattern.compile("(?s)^CONSTRAINT\\s+\"((?:[^\"]|\"\")+)\".*");

  /** The name of a stored constraint (CHECK or FOREIGN KEY) text. */
  public static String nameOf(String stored) {
    Matcher m = NAMED.matcher(stored);
    return m.matches() ? m.group(1).replace("\"\"", "\"") : stored;
  }

  /** The CHECK constraints stored in {@code def}, in order. */
  public static List<Check> stored(TableDef def) {
    List<Check> out = new ArrayList<>();
    for (String s : def.constraints()) {
      Matcher m = STORED.matcher(s);
      if (m.matches()) {
        out.add(new Check(m.group(1).replace("\"\"", "\""), m.group(2)));
      }
    }
    return out;
  }

  /**
   * Parses {@code [CONSTRAINT n] CHECK (e)} as written in a CREATE or ALTER TABLE; null if it is
   * not a CHECK. Returns the name as written (null: none) and the expression text.
   */
  public static String[] written(String text) {
    Matcher m = WRITTEN.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    String n = m.group(1);
    String name = n == null ? null : n.startsWith("\"")
        ? n.substring(1, n.length() - 1).replace("\"\"", "\"") : n.toUpperCase(Locale.ROOT);
    return new String[] {name, m.group(2)};
  }

  /**
   * A name for a new CHECK of table {@code def} not among {@code taken}: {@code given}, else
   * {@code TABLE_COLUMN_CHECK} for a column's, {@code TABLE_CHECK} for a table's, numbered on a
   * clash (PostgreSQL's naming). A given name in use fails with 42710.
   */
  public static String name(TableDef def, java.util.Collection<String> taken, String given,
      String column) throws SQLException {
    if (given != null) {
      if (taken.contains(given)) {
        throw SqlErrors.of(SqlState.DUPLICATE_OBJECT.code(), "table " + def.name()
            + " already has a constraint " + given + "; choose another constraint name");
      }
      return given;
    }
    String base = def.name() + (column == null ? "" : "_" + column) + "_CHECK";
    String n = base;
    for (int k = 1; taken.contains(n); k++) {
      n = base + k;
    }
    return n;
  }

  /**
   * The CHECK {@code name} of {@code def} with expression {@code expression} (as written),
   * validated and put in canonical form. Fails with 42804 if it is not boolean, 0A000 for a
   * subquery, aggregate, window function or parameter, and with the validator's error (an
   * unknown column: 42S22) otherwise.
   */
  public static Check define(TableDef def, String name, String expression) throws SQLException {
    String where = "CHECK constraint " + name + " of table " + def.name();
    SqlNode e;
    try {
      e = SqlParser.create(expression, PARSER).parseExpression();
    } catch (org.apache.calcite.sql.parser.SqlParseException | RuntimeException x) {
      throw SqlErrors.syntax(where + ": cannot parse " + expression + " (" + firstLine(x)
          + "); write CHECK (condition on the row's columns)");
    }
    SqlNode canonical;
    try {
      canonical = e.accept(new Qualifiers(def.name(), where));
    } catch (Refused r) {
      throw (SQLException) r.getCause();
    }
    Check c = new Check(name, DmlStatements.unparseExpression(canonical));
    compile(def, List.of(c));
    return c;
  }

  /**
   * The 0-based positions of the columns {@code c} refers to, in order of first appearance (each
   * once), as PostgreSQL's {@code pg_constraint.conkey} lists a CHECK's columns. The canonical
   * expression is parsed again: a column is an identifier, never a literal that spells its name.
   */
  public static List<Integer> columns(TableDef def, Check c) {
    SqlNode e;
    try {
      e = SqlParser.create(c.expression(), PARSER).parseExpression();
    } catch (org.apache.calcite.sql.parser.SqlParseException x) {
      throw new IllegalStateException("stored CHECK " + c.name() + " of " + def.name()
          + " does not parse: " + c.expression(), x);
    }
    java.util.LinkedHashSet<Integer> out = new java.util.LinkedHashSet<>();
    e.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        String name = id.names.get(id.names.size() - 1);
        for (int i = 0; i < def.columns().size(); i++) {
          if (def.columns().get(i).name().equals(name)) {
            out.add(i);
          }
        }
        return null;
      }
    });
    return List.copyOf(out);
  }

  /** {@code def}'s stored constraints with column {@code from} renamed {@code to} in each CHECK. */
  public static List<String> renameColumn(TableDef def, String from, String to)
      throws SQLException {
    List<String> out = new ArrayList<>();
    for (String s : def.constraints()) {
      Matcher m = STORED.matcher(s);
      if (!m.matches()) {
        out.add(s);
        continue;
      }
      SqlNode e;
      try {
        e = SqlParser.create(m.group(2), PARSER).parseExpression();
      } catch (org.apache.calcite.sql.parser.SqlParseException x) {
        throw SqlErrors.of(SqlErrors.INTERNAL, "stored CHECK of table " + def.name()
            + " cannot be parsed: " + s);
      }
      SqlNode renamed = e.accept(new SqlShuttle() {
        @Override
        public SqlNode visit(SqlIdentifier id) {
          return id.isSimple() && id.getSimple().equals(from)
              ? new SqlIdentifier(to, id.getParserPosition()) : id;
        }
      });
      out.add(new Check(m.group(1).replace("\"\"", "\""),
          DmlStatements.unparseExpression(renamed)).text());
    }
    return out;
  }

  /** The CHECK constraints, in definition order. */
  public List<Check> list() {
    return checks;
  }

  /** Refuses (23514) a row of {@code def} (engine values, all columns) a CHECK finds FALSE. */
  public void verify(TableDef def, Object[] row) throws SQLException {
    Check failed = violated(row);
    if (failed != null) {
      throw new SQLException("new row for table " + def.name() + " violates CHECK constraint "
          + failed.name() + ": " + failed.expression() + " is false for " + show(def, row)
          + "; change the values so the condition holds (NULL passes), or drop the constraint "
          + "(ALTER TABLE " + DmlStatements.quote(def.name()) + " DROP CONSTRAINT "
          + DmlStatements.quote(failed.name()) + ")", SqlState.CHECK_VIOLATION.code());
    }
  }

  /** The first CHECK that {@code row} makes FALSE, or null. */
  public Check violated(Object[] row) throws SQLException {
    if (checks.isEmpty()) {
      return null;
    }
    Object[] out;
    try {
      out = code.apply(new RowContext(Values.toCalcite(row)));
    } catch (RuntimeException | ExceptionInInitializerError e) {
      throw SqlErrors.translate(e, checks.get(0).expression());
    }
    for (int i = 0; i < checks.size(); i++) {
      if (Boolean.FALSE.equals(out[i])) {
        return checks.get(i);
      }
    }
    return null;
  }

  /** {@code (ID=1, QTY=-3)}. */
  static String show(TableDef def, Object[] row) {
    StringBuilder b = new StringBuilder("row (");
    for (int i = 0; i < row.length && i < def.columns().size(); i++) {
      b.append(i == 0 ? "" : ", ").append(def.columns().get(i).name()).append('=')
          .append(row[i] instanceof String s ? "'" + s + "'" : String.valueOf(row[i]));
    }
    return b.append(')').toString();
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Validates the checks against {@code def}'s columns and compiles them into one function. */
  private static Function1<DataContext, Object[]> compile(TableDef def, List<Check> list)
      throws SQLException {
    SchemaPlus root = Frameworks.createRootSchema(false);
    root.add(def.name(), new AbstractTable() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory f) {
        return TypeMapping.rowType(f, def);
      }
    });
    FrameworkConfig config = Frameworks.newConfigBuilder().defaultSchema(root)
        .parserConfig(PARSER)
        .typeSystem(CoAgentTypeSystem.INSTANCE).build();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < list.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(list.get(i).expression());
    }
    sql.append(" FROM ").append(DmlStatements.quote(def.name()));
    String where = "CHECK constraint " + list.get(0).name() + " of table " + def.name();
    Planner planner = Frameworks.getPlanner(config);
    try {
      RelNode rel = planner.rel(planner.validate(planner.parse(sql.toString()))).project();
      if (!(rel instanceof Project p) || !(p.getInput() instanceof TableScan)) {
        throw SqlErrors.of(SqlErrors.FEATURE, where + ": " + list.get(0).expression()
            + " uses an aggregate; a CHECK judges one row, so use its columns only");
      }
      List<RexNode> exps = p.getProjects();
      for (int i = 0; i < exps.size(); i++) {
        RexNode x = exps.get(i);
        String at = "CHECK constraint " + list.get(i).name() + " of table " + def.name();
        if (RexOver.containsOver(x) || RexUtil.SubQueryFinder.find(x) != null) {
          throw SqlErrors.of(SqlErrors.FEATURE, at + ": " + list.get(i).expression()
              + " uses a subquery or window; a CHECK judges one row, so use its columns only");
        }
        if (x.getType().getSqlTypeName() != SqlTypeName.BOOLEAN) {
          throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, at + ": " + list.get(i).expression()
              + " is " + x.getType().getSqlTypeName() + ", not a condition; write a boolean "
              + "expression, e.g. CHECK (qty >= 0)");
        }
      }
      RelDataType rowType = p.getInput().getRowType();
      return RexExecutorImpl.getExecutable(p.getCluster().getRexBuilder(), exps, rowType)
          .getFunction();
    } catch (SQLException e) {
      throw e;
    } catch (Exception | Error e) {
      SQLException t = SqlErrors.translate(e, sql.toString());
      SQLException x = SqlErrors.of(t.getSQLState(), where + ": " + firstLine(t)
          + "; a CHECK may use the table's columns, constants and functions");
      x.initCause(e);
      throw x;
    } finally {
      planner.close();
    }
  }

  /** Strips a qualifier naming the table; refuses subqueries and parameters. */
  private static final class Qualifiers extends SqlShuttle {
    private final String table;
    private final String where;

    Qualifiers(String table, String where) {
      this.table = table;
      this.where = where;
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
      if (id.names.size() == 2 && id.names.get(0).equals(table)) {
        return new SqlIdentifier(id.names.get(1), id.getParserPosition());
      }
      return id;
    }

    @Override
    public SqlNode visit(SqlDynamicParam param) {
      throw new Refused(SqlErrors.of(SqlErrors.FEATURE, where + ": a CHECK cannot take a "
          + "parameter (?); write the value as a literal"));
    }

    @Override
    public SqlNode visit(SqlCall call) {
      if (call instanceof SqlSelect || call.getKind().belongsTo(SqlKind.QUERY)
          || call.getKind() == SqlKind.EXISTS) {
        throw new Refused(SqlErrors.of(SqlErrors.FEATURE, where + ": a CHECK cannot use a "
            + "subquery (it judges the row alone); use the row's columns only"));
      }
      return super.visit(call);
    }
  }

  /** Carries an SQLException out of a visitor. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(SQLException cause) {
      super(cause);
    }
  }

  /** The row a compiled check reads, and the time variables Calcite's code may ask for. */
  private static final class RowContext implements DataContext {
    private final Object[] row;

    RowContext(Object[] row) {
      this.row = row;
    }

    @Override
    public SchemaPlus getRootSchema() {
      return null;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return null;
    }

    @Override
    public QueryProvider getQueryProvider() {
      return null;
    }

    @Override
    public Object get(String name) {
      if (name.equals("inputRecord")) {
        return row;
      }
      if (name.equals(Variable.CURRENT_TIMESTAMP.camelName)
          || name.equals(Variable.LOCAL_TIMESTAMP.camelName)
          || name.equals(Variable.UTC_TIMESTAMP.camelName)) {
        return System.currentTimeMillis();
      }
      if (name.equals(Variable.TIME_ZONE.camelName)) {
        return java.util.TimeZone.getTimeZone("UTC");
      }
      if (name.equals(Variable.LOCALE.camelName)) {
        return Locale.ROOT;
      }
      return null;
    }
  }
}
