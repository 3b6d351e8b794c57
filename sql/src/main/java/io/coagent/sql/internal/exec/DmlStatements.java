package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.CoAgentSchema;
import io.coagent.sql.internal.schema.CoAgentTable;
import java.sql.SQLException;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Builds INSERT/UPDATE/DELETE statements. UPDATE and DELETE are rewritten to a Calcite query over
 * the DML schema ({@code SELECT "$KEY", <old row>, <new values> FROM "$DML".t WHERE ...}); parameters
 * keep their textual order in the rewrite, so they bind unchanged.
 */
public final class DmlStatements {
  private DmlStatements() {}

  public static PreparedSql insert(CoStore store, CalciteSession calcite, String sql, SqlInsert i)
      throws SQLException {
    return insert(store, calcite, sql, i, false);
  }

  /** {@code overriding}: the INSERT says OVERRIDING SYSTEM VALUE (GENERATED ALWAYS takes values). */
  public static PreparedSql insert(CoStore store, CalciteSession calcite, String sql, SqlInsert i,
      boolean overriding) throws SQLException {
    if (i.isUpsert()) {
      throw SqlErrors.of(SqlErrors.FEATURE, "UPSERT is not supported yet: " + sql);
    }
    return new InsertStatement(store, calcite, sql, table(store, i.getTargetTable(), sql), i,
        overriding);
  }

  public static PreparedSql update(CoStore store, CalciteSession calcite, String sql, SqlUpdate u)
      throws SQLException {
    return update(store, calcite, sql, u, -1);
  }

  /** UPDATE affecting at most {@code limit} of the matching rows (-1: all). */
  public static PreparedSql update(CoStore store, CalciteSession calcite, String sql, SqlUpdate u,
      long limit) throws SQLException {
    TableDef def = table(store, u.getTargetTable(), sql);
    StringBuilder q = new StringBuilder("SELECT ").append(quote(CoAgentTable.KEY_COLUMN));
    for (var c : def.columns()) {
      q.append(", ").append(quote(c.name()));
    }
    int[] targets = new int[u.getTargetColumnList().size()];
    for (int k = 0; k < targets.length; k++) {
      String col = DdlStatement.name((SqlIdentifier) u.getTargetColumnList().get(k));
      targets[k] = column(def, col);
      generatedAlways(store, def, targets[k]);
      SqlNode source = u.getSourceExpressionList().get(k);
      if (source instanceof SqlDynamicParam || !hasParameter(source)) {
        q.append(", CAST(").append(unparseExpression(source)).append(" AS ")
            .append(io.coagent.sql.internal.schema.TypeMapping.castTarget(
                def.columns().get(targets[k]))).append(")");
      } else {
        // Calcite types the operands of a CAST before it infers their parameters, so CAST(qty + ?
        // AS INTEGER) fails validation; the bare expression infers ? from qty, and ValueCoercer
        // converts the result to the column type.
        q.append(", ").append(unparseExpression(source));
      }
    }
    from(q, def, u.getAlias(), u.getCondition(), limit);
    return new UpdateStatement(store, calcite, sql, def, targets, q.toString());
  }

  public static PreparedSql delete(CoStore store, CalciteSession calcite, String sql, SqlDelete d)
      throws SQLException {
    return delete(store, calcite, sql, d, -1, false);
  }

  /** DELETE of at most {@code limit} of the matching rows (-1: all). */
  /** {@code wholeRows}: select every column of the deleted rows (a RETURNING body). */
  public static PreparedSql delete(CoStore store, CalciteSession calcite, String sql, SqlDelete d,
      long limit, boolean wholeRows) throws SQLException {
    TableDef def = table(store, d.getTargetTable(), sql);
    StringBuilder q = new StringBuilder("SELECT ").append(quote(CoAgentTable.KEY_COLUMN));
    if (wholeRows) {
      for (var c : def.columns()) {
        q.append(", ").append(quote(c.name())); // the deleted row, for RETURNING
      }
    }
    from(q, def, d.getAlias(), d.getCondition(), limit);
    return new UpdateStatement(store, calcite, sql, def, null, q.toString());
  }

  private static void from(StringBuilder q, TableDef def, SqlIdentifier alias, SqlNode where,
      long limit) {
    q.append(" FROM ").append(quote(CoAgentSchema.DML_NAME)).append('.').append(quote(def.name()))
        .append(" AS ").append(quote(alias == null ? def.name() : DdlStatement.name(alias)));
    if (where != null) {
      q.append(" WHERE ").append(unparseExpression(where));
    }
    if (limit >= 0) {
      q.append(" FETCH NEXT ").append(limit).append(" ROWS ONLY");
    }
  }

  /** 428C9 for an UPDATE of a GENERATED ALWAYS identity column, as PostgreSQL. */
  private static void generatedAlways(CoStore store, TableDef def, int column)
      throws SQLException {
    var c = def.columns().get(column);
    if (Sequences.of(store).identity(def.name(), c.name(), c.defaultSql())
        .filter(s -> s.identity() == 'a').isPresent()) {
      throw SqlErrors.of(io.coagent.engine.SqlState.GENERATED_ALWAYS.code(), "column " + c.name()
          + " of table " + def.name() + " is GENERATED ALWAYS AS IDENTITY and cannot be "
          + "updated; leave it out of the SET list");
    }
  }

  static TableDef table(CoStore store, SqlNode target, String sql) throws SQLException {
    if (!(target instanceof SqlIdentifier id)) {
      throw SqlErrors.syntax("the target of a DML statement must be a table name: " + sql);
    }
    String name = DdlStatement.name(id);
    if (store.table(name).isEmpty() && store.view(name).isPresent()) {
      throw SqlErrors.of(io.coagent.engine.SqlState.WRONG_OBJECT_TYPE.code(), "cannot write to "
          + name + ": it is a view, and views are read-only; INSERT, UPDATE or DELETE the rows "
          + "of the table(s) its query reads");
    }
    return store.table(name).orElseThrow(() -> SqlErrors.of(SqlErrors.UNKNOWN_TABLE,
        "table " + name + " does not exist; check the name or CREATE it"));
  }

  static int column(TableDef def, String name) throws SQLException {
    int i = def.columnIndex(name);
    if (i < 0 || !def.columns().get(i).name().equals(name)) {
      throw SqlErrors.of(SqlErrors.UNKNOWN_COLUMN,
          "column " + name + " does not exist in table " + def.name());
    }
    return i;
  }

  static String unparse(SqlNode n) {
    return n.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
  }

  /**
   * An expression as SQL text that can stand inside a larger query. Unparsed alone, a subquery
   * loses its parentheses ({@code NOT EXISTS SELECT ...}); unparsed as the item of a SELECT, the
   * writer is inside a query and keeps them, so the item's text is the expression's.
   */
  static String unparseExpression(SqlNode n) {
    SqlSelect holder = new SqlSelect(SqlParserPos.ZERO, SqlNodeList.EMPTY, SqlNodeList.of(n), null, null, null,
        null, null, null, null, null, null, null);
    String sql = unparse(holder).strip();
    if (!sql.regionMatches(true, 0, "SELECT", 0, 6)) {
      throw new IllegalStateException("unexpected unparse of an expression: " + sql);
    }
    return "(" + sql.substring(6).strip() + ")";
  }

  static boolean hasParameter(SqlNode n) {
    boolean[] found = {false};
    n.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam param) {
        found[0] = true;
        return null;
      }
    });
    return found[0];
  }

  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
