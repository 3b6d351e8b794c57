package io.coagent.sql.internal.sys;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.CompactionReport;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.exec.CalciteSession;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * The history procedures. {@code SYS.AT_RANK(table, rank)} and {@code SYS.DIFF(table, from, to)}
 * return rows of a table-shaped relation ({@link HistoryRelations}), planned by Calcite like a
 * SYS query, so their columns have the table's own types. {@code SYS.COMPACT_HISTORY(cutoff)} is
 * the retention command ({@code CoStore.compactHistory}): operator connections only, since it
 * removes history every agent shares; it returns one row of counts. None of them is an MTPO read
 * or write of table state: no operation is logged, no footprint recorded.
 */
final class HistoryProcedures {
  /** SQLSTATE of a refused privileged command (insufficient privilege). */
  static final String NOT_OPERATOR = SqlState.INSUFFICIENT_PRIVILEGE.code();

  /** CUTOFF as a TIMESTAMP literal's text, UTC, to the millisecond. */
  private static final java.time.format.DateTimeFormatter CUTOFF_FORMAT =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .withZone(java.time.ZoneOffset.UTC);

  private final CoStore store;
  private final CalciteSession calcite;
  private final String agent;

  HistoryProcedures(CoStore store, CalciteSession calcite, String agent) {
    this.store = store;
    this.calcite = calcite;
    this.agent = agent;
  }

  /** The table as a trajectory of {@code rank} sees it now (rule 1), in key order. */
  SqlResult atRank(String table, long rank) throws SQLException {
    if (rank < 0) {
      throw new SQLException("argument rank of " + Procedure.AT_RANK.signature() + " must be 0 "
          + "or more, got " + rank + "; e.g. " + Procedure.AT_RANK.example(), SqlState.NUMERIC_VALUE_OUT_OF_RANGE.code());
    }
    TableDef def = table(table, Procedure.AT_RANK);
    return select(HistoryRelations.atRank(def, rank));
  }

  /** Rows that differ between the table at {@code from} and at {@code to}, in key order. */
  SqlResult diff(String table, Instant from, Instant to) throws SQLException {
    TableDef def = table(table, Procedure.DIFF);
    return select(HistoryRelations.diff(def, from, to));
  }

  /** Retention: compacts history older than {@code cutoff}; one row with the removed counts. */
  SqlResult compact(Instant cutoff) throws SQLException {
    if (agent != null) {
      throw new SQLException("SYS.COMPACT_HISTORY is an operator command and this connection is "
          + "agent " + agent + "; it removes history every agent shares, so run it on an operator "
          + "connection (a URL without agent=)", NOT_OPERATOR);
    }
    CompactionReport r;
    try {
      r = store.compactHistory(cutoff);
    } catch (CoAgentException e) {
      throw new SQLException(e.getMessage(), e.code().sqlState(), e);
    }
    return SqlResult.rows(List.of(text("CUTOFF"), bigint("VERSIONS_REMOVED"),
        bigint("OPERATIONS_REMOVED"), bigint("TRAJECTORIES_REMOVED"),
        bigint("NOTIFICATIONS_REMOVED")), List.<Object[]>of(new Object[] {
            CUTOFF_FORMAT.format(r.cutoff()), r.versionsRemoved(), r.operationsRemoved(),
            r.trajectoriesRemoved(), r.notificationsRemoved()}));
  }

  private SqlResult select(String relation) throws SQLException {
    return new SysQuery(calcite, "SELECT * FROM " + relation).execute(null, List.of());
  }

  private TableDef table(String name, Procedure p) throws SQLException {
    return store.table(name).or(() -> store.tables().stream()
        .filter(d -> d.name().equalsIgnoreCase(name.strip())).findFirst())
        .orElseThrow(() -> SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "argument table_name of "
            + p.signature() + ": table " + name + " does not exist; pass the name of a store "
            + "table as a string, e.g. " + p.example()));
  }

  private static SqlColumn text(String name) {
    return new SqlColumn(name, "", Types.VARCHAR, "VARCHAR", 65536, 0, true, "java.lang.String");
  }

  private static SqlColumn bigint(String name) {
    return new SqlColumn(name, "", Types.BIGINT, "BIGINT", 19, 0, true, "java.lang.Long");
  }
}
