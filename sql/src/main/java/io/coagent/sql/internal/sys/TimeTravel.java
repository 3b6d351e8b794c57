package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.CoAgentSchema;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * SQL:2011 time travel, {@code FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '...'}. Calcite parses it
 * into a {@link SqlSnapshot} but can only plan snapshots of its own temporal tables (and cannot
 * execute the result), so the statement text is rewritten before planning: the span
 * {@code t FOR SYSTEM_TIME AS OF <time>} becomes {@code SYS."T$AS_OF$<epoch ms>" AS T} (the alias
 * only when the query gave none), a relation backed by {@code CoStore.scanAsOf}. The rest of the
 * text is kept byte for byte. The time must be a constant: a TIMESTAMP literal, or a string in
 * the same format or ISO-8601 ({@link Timestamps}), or a {@code ?} parameter, rewritten to
 * {@code SYS."T$AS_OF$P<i>"}, whose time {@link TimeTravelQuery} binds at each execution
 * ({@link AsOfTimes}), so one plan serves every time; times are UTC, like every TIMESTAMP here.
 */
public final class TimeTravel {
  private TimeTravel() {}

  /** {@code sql} with every snapshot rewritten, or {@code sql} itself when it has none. */
  public static String rewrite(CoStore store, String sql, SqlNode node) throws SQLException {
    return rewrite(store, sql, node, null, null);
  }

  /** Indexes of the {@code ?} parameters that are times of snapshots ({@code AS OF ?}). */
  public static Set<Integer> timeParameters(SqlNode node) {
    Set<Integer> out = new java.util.TreeSet<>();
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSnapshot s && s.getPeriod() instanceof SqlDynamicParam p) {
          out.add(p.getIndex());
        }
        return super.visit(call);
      }
    });
    return out;
  }

  /** A rewritten text and the times bound to its {@code AS OF ?} relations, by parameter index. */
  record Rewritten(String sql, Map<Integer, Instant> times) {}

  /**
   * As {@link #rewrite(CoStore, String, SqlNode)}, with each {@code AS OF ?} rewritten to the
   * relation of its parameter ({@code SYS."T$AS_OF$P<i>"}), so the text, and therefore the plan,
   * is the same whatever the times; the times, checked, come from {@code params} (all the
   * statement's parameter values) and are returned for {@link AsOfTimes#bind}.
   */
  static Rewritten rewriteParameterized(CoStore store, String sql, SqlNode node,
      List<Object> params) throws SQLException {
    Map<Integer, Instant> times = new HashMap<>();
    String text = rewrite(store, sql, node, params, times);
    return new Rewritten(text, times);
  }

  private static String rewrite(CoStore store, String sql, SqlNode node, List<Object> params,
      Map<Integer, Instant> times) throws SQLException {
    List<SqlSnapshot> snapshots = new ArrayList<>();
    Set<SqlSnapshot> aliased = new HashSet<>();
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSnapshot s) {
          snapshots.add(s);
        } else if (call.getKind() == SqlKind.AS && call.operand(0) instanceof SqlSnapshot s) {
          aliased.add(s);
        }
        return super.visit(call);
      }
    });
    if (snapshots.isEmpty()) {
      return sql;
    }
    snapshots.sort(Comparator.comparingInt((SqlSnapshot s) -> offset(sql,
        s.getTableRef().getParserPosition().getLineNum(),
        s.getTableRef().getParserPosition().getColumnNum())).reversed());
    StringBuilder out = new StringBuilder(sql);
    for (SqlSnapshot s : snapshots) {
      TableDef def = table(store, s.getTableRef());
      String relation;
      if (s.getPeriod() instanceof SqlDynamicParam p && params != null) {
        times.put(p.getIndex(), Timestamps.of(params.get(p.getIndex()),
            "the time of " + def.name() + " FOR SYSTEM_TIME AS OF"));
        relation = HistoryRelations.asOfParameter(def, p.getIndex());
      } else {
        relation = HistoryRelations.asOf(def, Timestamps.of(constant(s.getPeriod(), def),
            "the time of " + def.name() + " FOR SYSTEM_TIME AS OF"));
      }
      SqlParserPos from = s.getTableRef().getParserPosition();
      SqlParserPos to = s.getPeriod().getParserPosition();
      int start = offset(sql, from.getLineNum(), from.getColumnNum());
      int end = offset(sql, to.getEndLineNum(), to.getEndColumnNum()) + 1;
      String alias = aliased.contains(s) ? "" : " AS \"" + def.name().replace("\"", "\"\"") + "\"";
      out.replace(start, end, relation + alias);
    }
    return out.toString();
  }

  /** Refuses a write statement that reads a table {@code FOR SYSTEM_TIME AS OF}. */
  public static void rejectInWrites(SqlNode node) throws SQLException {
    boolean[] found = new boolean[1];
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        found[0] |= call instanceof SqlSnapshot;
        return super.visit(call);
      }
    });
    if (found[0]) {
      throw SqlErrors.of(SqlErrors.FEATURE, "FOR SYSTEM_TIME AS OF is supported in queries only,"
          + " not in INSERT, UPDATE, DELETE or MERGE; read the past rows with a SELECT and write"
          + " them with literal values or ? parameters");
    }
  }

  private static TableDef table(CoStore store, SqlNode ref) throws SQLException {
    if (!(ref instanceof SqlIdentifier id) || id.names.size() > 2 || (id.names.size() == 2
        && !id.names.get(0).equalsIgnoreCase(CoAgentSchema.NAME))) {
      throw SqlErrors.of(SqlErrors.FEATURE, "FOR SYSTEM_TIME AS OF applies to a table of the "
          + "store, not to " + ref + "; write e.g. SELECT * FROM orders FOR SYSTEM_TIME AS OF "
          + "TIMESTAMP '2026-01-01 12:00:00'");
    }
    String name = id.names.get(id.names.size() - 1);
    return store.table(name).or(() -> store.tables().stream()
        .filter(d -> d.name().equalsIgnoreCase(name)).findFirst())
        .orElseThrow(() -> SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "table " + name + " does not "
            + "exist, so it has no history to read FOR SYSTEM_TIME AS OF; check the name "
            + "(DatabaseMetaData.getTables lists the tables)"));
  }

  private static Object constant(SqlNode period, TableDef def) throws SQLException {
    if (period instanceof SqlLiteral lit) {
      Object v = lit.getValue();
      return v instanceof org.apache.calcite.util.NlsString s ? s.getValue() : v;
    }
    throw SqlErrors.of(SqlErrors.FEATURE, "FOR SYSTEM_TIME AS OF " + period + " on table "
        + def.name() + ": the time must be a constant, e.g. TIMESTAMP '2026-01-01 12:00:00' (UTC)");
  }

  /** The offset of 1-based {@code line} and {@code column} in {@code sql}. */
  private static int offset(String sql, int line, int column) {
    int pos = 0;
    for (int l = 1; l < line; l++) {
      pos = sql.indexOf('\n', pos) + 1;
    }
    return pos + column - 1;
  }
}
