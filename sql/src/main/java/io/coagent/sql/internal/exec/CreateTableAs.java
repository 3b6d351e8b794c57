package io.coagent.sql.internal.exec;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.StatementFactory;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlCreateTable;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] t [(names)] AS query}: the table's columns (names and
 * types) are the query's result columns; a column taken straight from a store table keeps that
 * column's exact type (JSON, DECIMAL(p, s), TIMESTAMP WITH TIME ZONE), a computed one gets the
 * engine type of its SQL type. The new table has no primary key (hidden row ids), as in
 * PostgreSQL, and no defaults.
 *
 * <p>Under MTPO: creating the table is DDL (immediate, unversioned, visible to every connection);
 * the rows are one INSERT ... SELECT operation of the creating connection's trajectory, so the
 * query's reads are its footprints (a lower rank's later write to a row it copied notifies the
 * creator), the insert is undoable (CALL SYS.UNDO, ROLLBACK) and has UNDO_SQL. That is why the
 * statement is of kind {@link Kind#UPDATE}: the caller wraps it in a trajectory. If the insert
 * fails, the table is dropped again, so a failed CTAS leaves nothing. A rollback or undo removes
 * the rows but not the table (DDL is not transactional).
 *
 * <p>Re-runs: an operator's auto-commit statement is undone and run again when a lower rank
 * changed what it read (see the JDBC driver's AutoCommitter). The table then exists, created by
 * the same trajectory: {@link #createdBy} remembers which trajectory created each table, and the
 * re-run inserts into it instead of failing with 42S01.
 */
public final class CreateTableAs implements PreparedSql {
  private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[^\\s(]+)";
  private static final Pattern CTAS = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+"
      + "NOT\\s+EXISTS\\s+)?" + NAME + "\\s*(?:\\([^)]*\\))?\\s*AS\\s+(.+)$");
  /** Per store, table name to the id of the trajectory whose CTAS created it. */
  private static final Map<CoStore, Map<String, Long>> CREATED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private final SqlEngine engine;
  private final CalciteSession calcite;
  private final String sql;
  private final String name;
  private final List<String> names;
  private final String query;
  private final boolean ifNotExists;

  private CreateTableAs(SqlEngine engine, CalciteSession calcite, String sql, String name,
      List<String> names, String query, boolean ifNotExists) {
    this.engine = engine;
    this.calcite = calcite;
    this.sql = sql;
    this.name = name;
    this.names = names;
    this.query = query;
    this.ifNotExists = ifNotExists;
  }

  public static PreparedSql create(SqlEngine engine, CalciteSession calcite, String sql,
      SqlCreateTable c) throws SQLException {
    String name = DdlStatement.name(c.name);
    Matcher m = CTAS.matcher(sql);
    if (!m.matches()) {
      throw SqlErrors.syntax("CREATE TABLE " + name + " AS needs a query after AS: " + sql);
    }
    List<String> names = new ArrayList<>();
    if (c.columnList != null) {
      for (SqlNode n : c.columnList) {
        if (!(n instanceof SqlIdentifier id)) {
          throw SqlErrors.of(SqlErrors.FEATURE, "CREATE TABLE " + name + " AS takes column names"
              + " only, not column definitions (" + n + "); the types come from the query");
        }
        names.add(DdlStatement.name(id));
      }
    }
    return new CreateTableAs(engine, calcite, sql, name, names, m.group(1).strip(),
        c.ifNotExists);
  }

  private static Map<String, Long> created(CoStore store) {
    return CREATED.computeIfAbsent(store, s -> new ConcurrentHashMap<>());
  }

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    CoStore store = engine.store();
    boolean ours = false;
    if (store.table(name).isPresent() || store.view(name).isPresent()) {
      Long creator = created(store).get(name);
      if (trajectory == null || creator == null || creator != trajectory.id()) {
        if (ifNotExists) {
          return SqlResult.count(0); // PostgreSQL: a notice, nothing inserted
        }
        throw SqlErrors.of(SqlState.TABLE_EXISTS.code(), "table " + name + " already exists; "
            + "use CREATE TABLE IF NOT EXISTS, DROP it first, or choose another name");
      }
    } else {
      QueryStatement source = new QueryStatement(calcite, query);
      if (source.parameterCount() > 0) {
        throw SqlErrors.of(SqlErrors.FEATURE, "CREATE TABLE " + name + " AS: the query cannot "
            + "take parameters (?); write the values into the query");
      }
      TableDef def = new TableDef(name, columns(store, source.columns()), List.of());
      try {
        store.createTable(def);
      } catch (CoAgentException e) {
        throw SqlErrors.translate(e, sql);
      } finally {
        engine.schemaChanged();
      }
      ours = true;
      if (trajectory != null) {
        created(store).put(name, trajectory.id());
      }
    }
    try {
      SqlInsert insert = (SqlInsert) StatementFactory.parse(
          "INSERT INTO " + DmlStatements.quote(name) + " " + query);
      return DmlStatements.insert(store, calcite, sql, insert).execute(trajectory, parameters);
    } catch (SQLException | RuntimeException e) {
      if (ours) {
        try {
          store.dropTable(name);
          created(store).remove(name);
        } catch (RuntimeException dropFailure) {
          e.addSuppressed(dropFailure);
        } finally {
          engine.schemaChanged();
        }
      }
      throw e;
    }
  }

  private List<ColumnDef> columns(CoStore store, List<SqlColumn> result) throws SQLException {
    if (!names.isEmpty() && names.size() != result.size()) {
      throw SqlErrors.syntax("CREATE TABLE " + name + " names " + names.size() + " columns but "
          + "its query returns " + result.size() + "; name each result column once");
    }
    List<ColumnDef> cols = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      SqlColumn c = result.get(i);
      String col = names.isEmpty() ? c.label() : names.get(i);
      for (ColumnDef seen : cols) {
        if (seen.name().equalsIgnoreCase(col)) {
          throw SqlErrors.of(SqlState.DUPLICATE_COLUMN.code(), "CREATE TABLE " + name + " AS: "
              + "the query returns two columns named " + col + "; give them distinct aliases");
        }
      }
      ColumnDef d = ResultColumns.of(store, col, c);
      if (d == null) {
        throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, "CREATE TABLE " + name + " AS: column " + col
            + " has type " + c.typeName() + ", which a table cannot store; CAST it to a supported "
            + "type in the query");
      }
      cols.add(d);
    }
    return cols;
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return Kind.UPDATE;
  }

  @Override
  public int parameterCount() {
    return 0;
  }
}
