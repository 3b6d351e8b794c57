package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.Key;
import io.coagent.engine.OpKind;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.CoAgentSchema;
import io.coagent.sql.internal.schema.CoAgentTable;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;

/**
 * MERGE (the upsert agent memory needs), executed as one engine operation of kind UPSERT.
 *
 * <p>Design: the ON condition and the WHEN MATCHED expressions are rewritten ({@link SourceRefs})
 * into one parameterized "match query" over the target alone: {@code SELECT "$KEY", <old row>,
 * CAST(<set expr> AS type)... FROM "$DML".t AS alias WHERE <on>}, planned once. For each source
 * row ({@link MergeSource}) it runs with the source columns bound, so the match is an ordinary
 * read through the operation: a point read when ON binds the key (a lower rank's later insert of
 * that key notifies us, spec rule 4), else a predicate scan. All matching happens before any write
 * (SQL semantics: the source sees the table as it was); then each matched row is updated ({@link
 * KeyedWrites}) and each unmatched one inserted ({@link MergeInsert}), in source order. A target
 * row matched by two source rows is a cardinality violation (21000); the statement then has no
 * effect. Rows affected = rows updated + rows inserted.
 */
public final class MergeStatement implements PreparedSql {
  private final CoStore store;
  private final CalciteSession calcite;
  private final String sql;
  private final TableDef def;
  private final MergeSource source;
  private final Fragment match;
  private final PreparedStatement matchPlan;
  private final int[] targets;
  private final MergeInsert insert;
  private final int parameterCount;

  private MergeStatement(CoStore store, CalciteSession calcite, String sql, SqlMerge m)
      throws SQLException {
    this.store = store;
    this.calcite = calcite;
    this.sql = sql;
    this.def = DmlStatements.table(store, m.getTargetTable(), sql);
    String alias = m.getAlias() == null ? def.name() : DdlStatement.name(m.getAlias());
    this.source = MergeSource.of(calcite, m.getSourceTableRef(), alias);
    SourceRefs refs = new SourceRefs(source, def);
    SqlUpdate update = m.getUpdateCall();
    Fragment.Builder q = Fragment.builder().text("SELECT " + quote(CoAgentTable.KEY_COLUMN));
    this.targets = update == null ? null : new int[update.getTargetColumnList().size()];
    if (update != null) {
      def.columns().forEach(c -> q.text(", " + quote(c.name())));
      for (int k = 0; k < targets.length; k++) {
        targets[k] = DmlStatements.column(def,
            DdlStatement.name((SqlIdentifier) update.getTargetColumnList().get(k)));
        q.text(", CAST(").node(refs.rewriteTyped(update.getSourceExpressionList().get(k)))
            .text(" AS " + TypeMapping.castTarget(def.columns().get(targets[k])) + ")");
      }
    }
    q.text(" FROM " + quote(CoAgentSchema.DML_NAME) + "." + quote(def.name()) + " AS "
        + quote(alias) + " WHERE ").node(refs.rewrite(m.getCondition()));
    this.match = q.build();
    this.matchPlan = plan(calcite, match, def, "ON / WHEN MATCHED");
    this.insert = m.getInsertCall() == null ? null
        : MergeInsert.of(store, calcite, def, m.getInsertCall(), refs);
    var params = m.toSqlString(CalciteSqlDialect.DEFAULT).getDynamicParameters();
    this.parameterCount = params == null ? 0
        : params.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
  }

  public static PreparedSql create(CoStore store, CalciteSession calcite, String sql, SqlMerge m)
      throws SQLException {
    return new MergeStatement(store, calcite, sql, m);
  }

  /**
   * Plans generated SQL; a failure names the MERGE clause rather than the generated text, and
   * the usual cause (a parameter-valued source column whose type nothing determines) and fix.
   */
  static PreparedStatement plan(CalciteSession calcite, Fragment f, TableDef def, String clause)
      throws SQLException {
    try {
      return calcite.plan(f.sql());
    } catch (SQLException e) {
      String hint = e.getMessage().contains("UNKNOWN") || e.getMessage().contains("dynamic param")
          ? "; a source column whose values are parameters has no type here: write CAST(s.col AS "
          + "type)" : "";
      SQLException x = SqlErrors.of(e.getSQLState(), "MERGE INTO " + def.name() + ", " + clause
          + ": " + e.getMessage() + hint);
      x.initCause(e);
      throw x;
    }
  }

  private static String quote(String name) {
    return DmlStatements.quote(name);
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
    return parameterCount;
  }

  /** One source row's outcome: the matched target rows to update, or the row to insert. */
  private record Action(List<Object[]> matched, Object[] inserted) {}

  @Override
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    if (store.table(def.name()).isEmpty()) {
      throw SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "table " + def.name() + " no longer exists");
    }
    return Ops.run(trajectory, OpKind.UPSERT, sql, op -> {
      List<Action> actions = new ArrayList<>();
      Set<Key> matchedKeys = new HashSet<>();
      for (Object[] s : source.rows(calcite, parameters)) {
        List<Object[]> hits = calcite.run(matchPlan, match.bind(parameters, s), match.sql());
        if (hits.isEmpty()) {
          if (insert != null) {
            actions.add(new Action(List.of(), insert.row(calcite, parameters, s)));
          }
        } else if (targets != null) {
          for (Object[] h : hits) {
            if (!matchedKeys.add((Key) h[0])) {
              throw new SQLException("MERGE INTO " + def.name() + ": the target row with key "
                  + h[0] + " matches more than one source row; make the ON condition match at "
                  + "most one source row per target row", SqlState.CARDINALITY_VIOLATION.code());
            }
          }
          actions.add(new Action(hits, null));
        }
      }
      long count = 0;
      for (Action a : actions) {
        for (Object[] h : a.matched()) {
          count += KeyedWrites.update(store, op, def, targets, h);
        }
        if (a.inserted() != null) {
          Checks.of(def).verify(def, a.inserted());
          ForeignKeys.checkParents(op, ForeignKeys.outgoing(def), a.inserted(), null);
          op.insert(def.name(), a.inserted());
          Returning.written(a.inserted());
          count++;
        }
      }
      return SqlResult.count(count);
    });
  }
}
