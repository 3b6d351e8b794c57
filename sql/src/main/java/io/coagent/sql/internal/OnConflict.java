package io.coagent.sql.internal;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * PostgreSQL's upsert, {@code INSERT ... ON CONFLICT [(key)] DO NOTHING | DO UPDATE SET ...},
 * rewritten into the {@code MERGE} that runs it ({@link io.coagent.sql.internal.exec
 * .MergeStatement}), so it is one UPSERT operation with MERGE's MTPO footprint (a point read of
 * each proposed key) and inverse:
 *
 * <pre>
 * INSERT INTO t (k, v) VALUES (...) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v || t.v
 *   =&gt;
 * MERGE INTO t USING (VALUES (...)) AS EXCLUDED("K", "V") ON (t."K" = EXCLUDED."K")
 *   WHEN MATCHED THEN UPDATE SET "V" = EXCLUDED."V" || t."V"
 *   WHEN NOT MATCHED THEN INSERT ("K", "V") VALUES (EXCLUDED."K", EXCLUDED."V")
 * </pre>
 *
 * <p>The source of the INSERT ({@code VALUES} or a query) becomes MERGE's source under the name
 * {@code EXCLUDED}, PostgreSQL's name for the proposed row, so {@code EXCLUDED.col} needs no
 * rewriting; bare column names in {@code DO UPDATE SET} are the target's, as in PostgreSQL, and
 * are qualified with the table name. Parameters keep their order (source first, then SET).
 *
 * <p>Only the primary key can conflict (there are no UNIQUE constraints yet): a conflict target
 * that is not the primary key is 42P10, as in PostgreSQL when no unique index matches. What MERGE
 * decides differently from PostgreSQL, and is documented: two proposed rows with the same new key
 * fail with 23505 under {@code DO NOTHING} (PostgreSQL skips the second), and 21000 under {@code
 * DO UPDATE} when the key exists (PostgreSQL too). {@code DO UPDATE ... WHERE} and
 * {@code ON CONSTRAINT} are 0A000 naming the alternative. A {@code RETURNING} clause is split off
 * before this rewrite ({@link io.coagent.sql.internal.exec.Returning}): it returns the inserted
 * and the updated rows, as in PostgreSQL.
 */
final class OnConflict {
  private static final Pattern INSERT = Pattern.compile("(?is)\\s*INSERT\\s+INTO\\s+");
  private static final Pattern CLAUSE = Pattern.compile("(?is)ON\\s+CONFLICT\\s*(\\((.*?)\\))?"
      + "\\s*(ON\\s+CONSTRAINT\\b.*|DO\\s+NOTHING\\s*|DO\\s+UPDATE\\s+SET\\s+(.*))");
  private static final Pattern SOURCE_START = Pattern.compile("(?is)\\(?\\s*(SELECT|WITH|VALUES)"
      + "\\b");

  private OnConflict() {}

  /** The MERGE text for {@code sql}, or null if it is not an INSERT with ON CONFLICT. */
  static String rewrite(String sql, CoStore store) throws SQLException {
    Matcher insert = INSERT.matcher(sql);
    if (!insert.lookingAt()) {
      return null;
    }
    boolean[] code = SqlText.codeMask(sql);
    int on = topLevelOnConflict(sql, code);
    if (on < 0) {
      return null;
    }
    String insertText = sql.substring(0, on);
    Matcher clause = CLAUSE.matcher(sql.substring(on).strip());
    if (!clause.matches()) {
      throw SqlState.SYNTAX_ERROR.exception("cannot read the ON CONFLICT clause; write ON CONFLICT"
          + " [(key columns)] DO NOTHING, or ON CONFLICT (key columns) DO UPDATE SET col = expr"
          + ", ...: " + sql);
    }
    if (clause.group(3).toUpperCase(Locale.ROOT).startsWith("ON")) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception("ON CONFLICT ON CONSTRAINT is not supported:"
          + " name the primary key columns, ON CONFLICT (col, ...): " + sql);
    }
    SqlNode parsed = StatementFactory.parse(insertText);
    if (!(parsed instanceof SqlInsert ins) || !(ins.getTargetTable() instanceof SqlIdentifier t)) {
      return null; // not a plain INSERT INTO table: let the normal path report it
    }
    String tableName = t.names.get(t.names.size() - 1);
    TableDef table = store.table(tableName).orElseThrow(() -> SqlState.UNDEFINED_TABLE.exception(
        "table " + tableName + " does not exist (INSERT ... ON CONFLICT): " + sql));
    List<String> columns = new ArrayList<>();
    if (ins.getTargetColumnList() != null) {
      for (SqlNode c : ins.getTargetColumnList()) {
        columns.add(((SqlIdentifier) c).getSimple());
      }
    } else {
      for (ColumnDef c : table.columns()) {
        columns.add(c.name());
      }
    }
    List<String> key = new ArrayList<>();
    for (int i : table.primaryKey()) {
      key.add(table.columns().get(i).name());
    }
    checkTarget(clause.group(2), key, table, sql);
    for (String k : key) {
      if (!columns.contains(k)) {
        throw SqlState.FEATURE_NOT_SUPPORTED.exception("INSERT ... ON CONFLICT into " + table.name()
            + " must give the key column " + k + " a value (a generated key cannot conflict): "
            + sql);
      }
    }
    String tableText = quote(table.name());
    String source = sourceText(insertText, insert.end(), code);
    StringBuilder merge = new StringBuilder("MERGE INTO ").append(tableText).append(" USING (")
        .append(source).append(") AS EXCLUDED(").append(quotedList(columns, "")).append(") ON (");
    for (int i = 0; i < key.size(); i++) {
      merge.append(i == 0 ? "" : " AND ").append(tableText).append('.').append(quote(key.get(i)))
          .append(" = EXCLUDED.").append(quote(key.get(i)));
    }
    merge.append(')');
    if (clause.group(4) != null) {
      merge.append(" WHEN MATCHED THEN UPDATE SET ").append(assignments(clause.group(4),
          table.name(), sql));
    }
    merge.append(" WHEN NOT MATCHED THEN INSERT (").append(quotedList(columns, ""))
        .append(") VALUES (").append(quotedList(columns, "EXCLUDED.")).append(')');
    return merge.toString();
  }

  /** The position of {@code ON CONFLICT} outside literals, comments and parentheses, or -1. */
  private static int topLevelOnConflict(String sql, boolean[] code) {
    Pattern p = Pattern.compile("(?is)\\bON\\s+CONFLICT\\b");
    Matcher m = p.matcher(sql);
    while (m.find()) {
      int depth = 0;
      for (int i = 0; i < m.start(); i++) {
        if (code[i]) {
          depth += sql.charAt(i) == '(' ? 1 : sql.charAt(i) == ')' ? -1 : 0;
        }
      }
      if (depth == 0 && code[m.start()]) {
        return m.start();
      }
    }
    return -1;
  }

  /** The INSERT's source: what follows the table name and the optional column list. */
  private static String sourceText(String insertText, int afterInto, boolean[] code) {
    int i = afterInto;
    // the table name: a (possibly quoted, possibly dotted) identifier
    while (i < insertText.length()) {
      char c = insertText.charAt(i);
      if (c == '"') { // a quoted name; "" inside it is a quote
        i++;
        while (i < insertText.length()) {
          if (insertText.charAt(i) == '"') {
            if (i + 1 < insertText.length() && insertText.charAt(i + 1) == '"') {
              i += 2;
              continue;
            }
            i++;
            break;
          }
          i++;
        }
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.') {
        i++;
      } else {
        break;
      }
    }
    String rest = insertText.substring(i).strip();
    if (rest.startsWith("(") && !SOURCE_START.matcher(rest).lookingAt()) {
      int depth = 0;
      int offset = insertText.indexOf('(', i);
      for (int j = offset; j < insertText.length(); j++) {
        if (!code[j]) {
          continue;
        }
        char c = insertText.charAt(j);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (depth == 0) {
          return insertText.substring(j + 1).strip();
        }
      }
    }
    return rest;
  }

  private static void checkTarget(String target, List<String> key, TableDef table, String sql)
      throws SQLException {
    if (target == null) {
      return; // DO NOTHING on any conflict; DO UPDATE without a target fails in the pattern
    }
    Set<String> named = new LinkedHashSet<>();
    for (String part : target.split(",")) {
      String n = part.strip();
      named.add(n.startsWith("\"") && n.endsWith("\"") && n.length() > 1
          ? n.substring(1, n.length() - 1).replace("\"\"", "\"") : n.toUpperCase(Locale.ROOT));
    }
    if (!named.equals(new LinkedHashSet<>(key))) {
      throw SqlState.INVALID_COLUMN_REFERENCE.exception("there is no unique constraint on "
          + table.name() + named + " matching the ON CONFLICT specification: only the primary"
          + " key " + key + " can conflict (UNIQUE constraints are not supported yet): " + sql);
    }
  }

  /** {@code DO UPDATE SET} assignments with bare column names qualified by the target table. */
  private static String assignments(String set, String table, String sql) throws SQLException {
    boolean[] code = SqlText.codeMask(set);
    Matcher where = Pattern.compile("(?is)\\bWHERE\\b").matcher(set);
    while (where.find()) {
      if (code[where.start()]) {
        throw SqlState.FEATURE_NOT_SUPPORTED.exception("ON CONFLICT DO UPDATE ... WHERE is not"
            + " supported: write the condition into the SET expressions with CASE WHEN cond THEN"
            + " new ELSE col END: " + sql);
      }
    }
    SqlNode node = StatementFactory.parse("UPDATE " + quote(table) + " SET " + set);
    if (!(node instanceof SqlUpdate u)) {
      throw SqlState.SYNTAX_ERROR.exception("cannot read the DO UPDATE SET list: " + sql);
    }
    SqlShuttle qualify = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlIdentifier id) {
        return id.names.size() == 1 && !id.isStar()
            ? new SqlIdentifier(List.of(table, id.names.get(0)), id.getParserPosition()) : id;
      }
    };
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < u.getTargetColumnList().size(); i++) {
      SqlNode value = u.getSourceExpressionList().get(i).accept(qualify);
      out.append(i == 0 ? "" : ", ")
          .append(quote(((SqlIdentifier) u.getTargetColumnList().get(i)).getSimple()))
          .append(" = ").append(value == null ? "NULL"
              : value.toSqlString(CalciteSqlDialect.DEFAULT).getSql());
    }
    return out.toString();
  }

  private static String quotedList(List<String> names, String prefix) {
    StringBuilder b = new StringBuilder();
    for (String n : names) {
      b.append(b.length() == 0 ? "" : ", ").append(prefix).append(quote(n));
    }
    return b.toString();
  }

  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
