package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.StatementFactory;
import io.coagent.sql.internal.exec.CalciteSession;
import io.coagent.sql.internal.schema.CoAgentSchema;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Entry point of the system catalog for {@link StatementFactory}: {@code CALL} statements
 * (Calcite parses {@code CALL p(args)} into a PROCEDURE_CALL whose operand is the call of an
 * unresolved function {@code SYS.P}; we dispatch it ourselves, since Calcite has no procedures)
 * and queries that read only {@code SYS.*} tables. Both are {@link PreparedSql.Kind#SYSTEM}:
 * they run outside any trajectory and log no operation; except {@code SYS.OUTBOX_PUT}, a write of
 * the agent's trajectory ({@link Outbox}).
 *
 * <p>A query counts as SYS-only when some table reference is qualified by {@code SYS} and no
 * identifier names a store table or the store's schemas; any doubt makes it an ordinary query
 * (which still reads SYS tables without footprints, but is logged as an operation). A table read
 * {@code FOR SYSTEM_TIME AS OF} counts as a SYS table: it reads history, not state.
 */
public final class SysStatements {
  private static final Pattern CALL = Pattern.compile("(?is)^\\s*CALL\\b.*");
  /** A procedure whose name is an SQL reserved word (SET): quoted before Calcite parses it. */
  private static final Pattern RESERVED_NAME =
      Pattern.compile("(?is)^(\\s*CALL\\s+(?:SYS\\s*\\.\\s*)?)(SET)(\\s*\\()");

  /**
   * {@code CALL CURRENT_SCHEMA}, as H2 and HSQLDB take it: one row naming the connection's schema.
   * Liquibase asks it of a database it has no dialect for, and without it qualifies nothing.
   */
  private static final Pattern CURRENT_SCHEMA =
      Pattern.compile("(?is)^\\s*CALL\\s+CURRENT_SCHEMA(\\s*\\(\\s*\\))?\\s*$");

  private final CoStore store;
  private final CalciteSession calcite;
  private final Procedures procedures;
  private final HistoryProcedures history;
  private final String agent;

  public SysStatements(CoStore store, CalciteSession calcite, String agent) {
    this.store = store;
    this.agent = agent;
    this.calcite = calcite;
    this.procedures = new Procedures(store, agent);
    this.history = new HistoryProcedures(store, calcite, agent);
  }

  public static boolean isCall(String sql) {
    return CALL.matcher(sql).matches();
  }

  /** Prepares {@code CALL SYS.<procedure>(<literals or ?>)}, or {@code CALL CURRENT_SCHEMA}. */
  public PreparedSql call(String sql) throws SQLException {
    if (CURRENT_SCHEMA.matcher(sql).matches()) {
      return new SysQuery(calcite, "SELECT '" + CoAgentSchema.NAME + "' AS \"CURRENT_SCHEMA\" FROM "
          + "(VALUES (1))");
    }
    SqlNode node;
    try {
      node = StatementFactory.parse(RESERVED_NAME.matcher(sql).replaceFirst("$1\"$2\"$3"));
    } catch (SQLException e) {
      throw SqlErrors.syntax("malformed CALL: " + e.getMessage() + "; write CALL SYS.<procedure>"
          + "(<arguments>), e.g. " + Procedure.UNDO.example() + "; procedures: " + Procedure.all());
    }
    if (node.getKind() != SqlKind.PROCEDURE_CALL
        || !(((SqlCall) node).operand(0) instanceof SqlCall call)
        || !(call.getOperator() instanceof SqlUnresolvedFunction f)) {
      throw SqlErrors.syntax("malformed CALL: " + sql + "; write CALL SYS.<procedure>(<arguments>)"
          + ", e.g. " + Procedure.UNDO.example() + "; procedures: " + Procedure.all());
    }
    List<String> names = f.getSqlIdentifier().names;
    String name = String.join(".", names);
    boolean inSys = names.size() == 1
        || (names.size() == 2 && names.get(0).toUpperCase(Locale.ROOT).equals(SysSchema.NAME));
    Procedure p = inSys ? Procedure.named(names.get(names.size() - 1)) : null;
    if (p == null) {
      throw SqlErrors.of(SqlState.UNDEFINED_FUNCTION.code(), "procedure " + name + " does not exist; procedures: "
          + Procedure.all());
    }
    if (call.operandCount() != p.params().size()) {
      throw SqlErrors.of(SqlState.UNDEFINED_FUNCTION.code(), "procedure " + p.signature() + " takes " + p.params().size()
          + " argument" + (p.params().size() == 1 ? "" : "s") + ", not " + call.operandCount()
          + "; e.g. " + p.example());
    }
    CallArgs args = CallArgs.of(p, call.getOperandList());
    if (p == Procedure.OUTBOX_PUT) { // a write of the agent's trajectory, not a SYSTEM call
      return Outbox.put(sql, args, agent);
    }
    return new CallStatement(sql, p, args, procedures, history);
  }

  /**
   * Whether {@code query} reads SYS tables (or the PostgreSQL catalog, PG_CATALOG and
   * INFORMATION_SCHEMA) and nothing of the store.
   */
  public boolean readsOnlySys(SqlNode query) {
    boolean[] seen = new boolean[2]; // [0]: a SYS table, [1]: anything of the store
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSnapshot s) { // time travel reads history, like a SYS table
          seen[0] = true;
          return s.getPeriod().accept(this);
        }
        return super.visit(call);
      }

      @Override
      public Void visit(SqlIdentifier id) {
        String first = id.names.get(0).toUpperCase(Locale.ROOT);
        if (id.names.size() >= 2 && (first.equals(SysSchema.NAME)
            || first.equals(io.coagent.sql.internal.pg.PgCatalog.NAME)
            || first.equals(io.coagent.sql.internal.pg.InformationSchema.NAME))) {
          seen[0] = true;
        } else if (first.equals(CoAgentSchema.NAME) || first.equals(CoAgentSchema.DML_NAME)
            || id.names.stream().anyMatch(SysStatements.this::isStoreTable)) {
          seen[1] = true;
        }
        return null;
      }
    });
    return seen[0] && !seen[1];
  }

  private boolean isStoreTable(String name) {
    for (TableDef d : store.tables()) {
      if (d.name().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Prepares a SYS-only query (see {@link #readsOnlySys}). */
  public PreparedSql query(String sql) throws SQLException {
    return new SysQuery(calcite, sql);
  }
}
