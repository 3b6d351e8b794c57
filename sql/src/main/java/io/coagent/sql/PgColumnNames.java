package io.coagent.sql;

import io.coagent.sql.internal.StatementFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * The names PostgreSQL gives a query's unnamed result columns, where CoAgent's planner says
 * {@code EXPR$n}: a function or aggregate call is named after the function ({@code count},
 * {@code upper}), a CAST after its operand when that has a name, a scalar subquery after its
 * column, a CASE {@code case}, an EXISTS {@code exists}, anything else {@code ?column?}
 * (PostgreSQL names a CAST of a literal after the type: not done) (PostgreSQL's rule, its parser's
 * {@code FigureColname}). Clients that read rows by column name (psycopg's dict rows,
 * node-postgres's row objects, {@code rs.getInt("count")}) depend on them.
 */
public final class PgColumnNames {
  /** PostgreSQL's name of an expression it cannot name otherwise. */
  public static final String UNNAMED = "?column?";

  private PgColumnNames() {}

  /**
   * One name per result column of {@code sql} (null for a column that has its own: a column
   * reference or an alias), or null when the columns cannot be matched to the select list (not
   * a query, a {@code *} in it, a statement that does not parse).
   */
  public static List<String> of(String sql) {
    SqlNode node;
    try {
      node = StatementFactory.parse(sql);
    } catch (SQLException | RuntimeException e) {
      return null;
    }
    SqlSelect select = firstSelect(node);
    if (select == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      if (item instanceof SqlIdentifier id && id.isStar()) {
        return null;
      }
      out.add(item.getKind() == SqlKind.AS || item instanceof SqlIdentifier ? null : name(item));
    }
    return out;
  }

  /** The SELECT whose list names a query's columns: the first branch of a set operation. */
  private static SqlSelect firstSelect(SqlNode node) {
    for (int depth = 0; depth < 64 && node != null; depth++) { // bounded: nesting is shallow
      if (node instanceof SqlSelect s) {
        return s;
      }
      if (node instanceof SqlOrderBy o) {
        node = o.query;
      } else if (node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
          || node.getKind() == SqlKind.EXCEPT) {
        node = ((SqlCall) node).operand(0);
      } else {
        return null;
      }
    }
    return null;
  }

  private static String name(SqlNode e) {
    for (int depth = 0; depth < 64; depth++) { // bounded: a CAST of a CAST of ...
      if (e instanceof SqlIdentifier id) {
        return id.isStar() ? UNNAMED : id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT);
      }
      if (!(e instanceof SqlCall call)) {
        return UNNAMED;
      }
      switch (call.getKind()) {
        case CAST -> {
          e = call.operand(0);
          continue;
        }
        case CASE -> {
          return "case";
        }
        case EXISTS -> {
          return "exists";
        }
        case ARRAY_QUERY_CONSTRUCTOR, ARRAY_VALUE_CONSTRUCTOR -> {
          return "array";
        }
        case SELECT -> { // a scalar subquery is named after its one column
          List<SqlNode> items = ((SqlSelect) call).getSelectList().getList();
          if (items.size() != 1) {
            return UNNAMED;
          }
          e = items.get(0);
          if (e.getKind() == SqlKind.AS) {
            SqlIdentifier alias = ((SqlCall) e).operand(1);
            return alias.getSimple().toLowerCase(Locale.ROOT);
          }
          continue;
        }
        default -> {
          return call instanceof SqlBasicCall && call.getOperator() instanceof SqlFunction f
              ? f.getName().toLowerCase(Locale.ROOT) : UNNAMED;
        }
      }
    }
    return UNNAMED;
  }
}
