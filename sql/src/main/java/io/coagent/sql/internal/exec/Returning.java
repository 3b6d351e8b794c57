package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.ThreadBinding;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code INSERT/UPDATE/DELETE ... RETURNING item, ...} (also an {@code INSERT ... ON CONFLICT}):
 * runs the statement without its RETURNING clause and answers the rows as written (a deleted row
 * as it was), projected on the items: {@code *}, {@code t.*}, or a column with an optional alias
 * (column names match case-insensitively, quoted or not).
 *
 * <p>How the rows reach it: while the statement runs, a thread binding ({@link #written}) collects
 * every full row the INSERT, UPDATE, MERGE and DELETE paths write, in write order, on the thread
 * that runs the statement (Calcite executes there too). The result is a query result (columns
 * and rows); the statement stays a write ({@link Kind#UPDATE}) for trajectories, read-only
 * checks and repair re-runs, and its row count is the number of rows returned.
 */
public final class Returning implements PreparedSql {
  private static final ThreadBinding<List<Object[]>> WRITTEN = new ThreadBinding<>();
  private static final Pattern TARGET = Pattern.compile("(?is)\\s*(?:INSERT\\s+INTO|UPDATE|"
      + "DELETE\\s+FROM)\\s+(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)");
  private static final Pattern ITEM = Pattern.compile("(?is)\\s*(?:(?:\"[^\"]+\"|[A-Za-z_]"
      + "[A-Za-z0-9_$]*)\\s*\\.\\s*)?(\\*|\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)"
      + "(?:\\s+(?:AS\\s+)?(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*))?\\s*");

  /** A DML statement split at its top-level RETURNING keyword. */
  public record Split(String body, String items) {}

  private final String sql;
  private final PreparedSql inner;
  private final int[] projection;
  private final List<SqlColumn> columns;

  private Returning(String sql, PreparedSql inner, int[] projection, List<SqlColumn> columns) {
    this.sql = sql;
    this.inner = inner;
    this.projection = projection;
    this.columns = columns;
  }

  /** Records one written row for the RETURNING statement running on this thread, if any. */
  static void written(Object[] row) {
    List<Object[]> sink = WRITTEN.get();
    if (sink != null) {
      sink.add(row.clone());
    }
  }

  /** {@code sql} split at RETURNING if it is an INSERT, UPDATE or DELETE with one, else null. */
  public static Split split(String sql) {
    if (!TARGET.matcher(sql).lookingAt()) {
      return null;
    }
    int depth = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = sql.indexOf(c, i + 1);
        if (end < 0) {
          return null;
        }
        i = end;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && (c == 'R' || c == 'r') && sql.regionMatches(true, i, "RETURNING",
          0, 9) && (i == 0 || !part(sql.charAt(i - 1)))
          && (i + 9 == sql.length() || !part(sql.charAt(i + 9)))) {
        return new Split(sql.substring(0, i).strip(), sql.substring(i + 9).strip());
      }
    }
    return null;
  }

  private static boolean part(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"';
  }

  /** The RETURNING statement {@code sql} of {@code split}, {@code inner} running its body. */
  public static PreparedSql of(CoStore store, String sql, Split split, PreparedSql inner)
      throws SQLException {
    Matcher t = TARGET.matcher(split.body());
    if (!t.lookingAt()) {
      throw SqlErrors.syntax("RETURNING needs an INSERT, UPDATE or DELETE: " + sql);
    }
    String table = TextScan.name(t.group(1));
    TableDef def = store.table(table).orElseThrow(() -> SqlErrors.of(SqlErrors.UNKNOWN_TABLE,
        "table " + table + " does not exist; check the name or CREATE it"));
    if (split.items().isEmpty()) {
      throw SqlErrors.syntax("RETURNING needs a list of columns or *: " + sql);
    }
    List<Integer> proj = new ArrayList<>();
    List<SqlColumn> cols = new ArrayList<>();
    for (String item : TextScan.splitTopLevel(split.items())) {
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw SqlErrors.of(SqlErrors.FEATURE, "RETURNING " + item.strip() + " in: " + sql
            + " is not supported; RETURNING takes *, table.* and columns (with an alias); "
            + "compute expressions in a following SELECT");
      }
      if (m.group(1).equals("*")) {
        if (m.group(2) != null) {
          throw SqlErrors.syntax("RETURNING * cannot have an alias: " + sql);
        }
        for (int c = 0; c < def.columns().size(); c++) {
          proj.add(c);
          cols.add(column(def, def.columns().get(c), null));
        }
        continue;
      }
      // Case-insensitive, also when quoted: PostgreSQL clients quote the names PostgreSQL folds
      // to lower case (pgjdbc's generated keys ask for RETURNING "id").
      int c = def.columnIndex(TextScan.name(m.group(1)));
      if (c < 0) {
        DmlStatements.column(def, TextScan.name(m.group(1))); // 42S22 naming the column
      }
      proj.add(c);
      cols.add(column(def, def.columns().get(c), m.group(2) == null ? null
          : TextScan.name(m.group(2))));
    }
    return new Returning(sql, inner, proj.stream().mapToInt(Integer::intValue).toArray(), cols);
  }

  /**
   * {@code sql} with the RETURNING clause that answers JDBC's generated keys, or {@code sql} itself
   * if it is no INSERT, UPDATE or DELETE, already has a RETURNING clause, or names no table.
   * {@code names}: the columns asked for by name; {@code indexes}: by 1-based position; both
   * null: the table's generated columns (a DEFAULT {@code NEXTVAL}: identity and SERIAL), else
   * its primary key, else every column.
   */
  public static String withGeneratedKeys(CoStore store, String sql, List<String> names,
      int[] indexes) throws SQLException {
    String text = sql.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    Matcher t = TARGET.matcher(text);
    if (!t.lookingAt() || split(text) != null) {
      return sql;
    }
    TableDef def = store.table(TextScan.name(t.group(1))).orElse(null);
    if (def == null) {
      return sql;
    }
    List<String> cols = new ArrayList<>();
    if (names != null) {
      cols.addAll(names);
    } else if (indexes != null) {
      for (int i : indexes) {
        if (i < 1 || i > def.columns().size()) {
          throw SqlErrors.of(io.coagent.engine.SqlState.INVALID_DESCRIPTOR_INDEX.code(),
              "generated key column index " + i + " is out of range 1.." + def.columns().size()
              + " of table " + def.name());
        }
        cols.add(DmlStatements.quote(def.columns().get(i - 1).name()));
      }
    } else {
      for (ColumnDef c : def.columns()) {
        if (Sequences.sequenceOf(c.defaultSql()) != null) {
          cols.add(DmlStatements.quote(c.name()));
        }
      }
      if (cols.isEmpty()) {
        for (int k : def.primaryKey()) {
          cols.add(DmlStatements.quote(def.columns().get(k).name()));
        }
      }
      if (cols.isEmpty()) {
        cols.add("*");
      }
    }
    return text + " RETURNING " + String.join(", ", cols);
  }

  private static SqlColumn column(TableDef def, ColumnDef c, String alias) {
    SqlColumn d = TypeMapping.describe(c);
    return new SqlColumn(alias == null ? c.name() : alias, def.name(), d.jdbcType(),
        d.typeName(), d.precision(), d.scale(), d.nullable(), d.className());
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public Kind kind() {
    return inner.kind();
  }

  @Override
  public int parameterCount() {
    return inner.parameterCount();
  }

  @Override
  public List<SqlColumn> parameters() throws SQLException {
    return inner.parameters();
  }

  @Override
  public List<SqlColumn> columns() {
    return columns;
  }

  @Override
  @SuppressWarnings("try") // the scope binds the row sink; its body does not name it
  public SqlResult execute(Trajectory trajectory, List<Object> parameters) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (ThreadBinding.Scope scope = WRITTEN.bind(rows)) {
      inner.execute(trajectory, parameters);
    }
    List<Object[]> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      Object[] p = new Object[projection.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = r[projection[i]];
      }
      out.add(p);
    }
    return SqlResult.rows(columns, out);
  }
}
