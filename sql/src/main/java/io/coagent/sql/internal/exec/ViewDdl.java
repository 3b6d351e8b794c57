package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.SqlState;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.StatementFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.ddl.SqlCreateView;
import org.apache.calcite.sql.ddl.SqlDropView;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * CREATE [OR REPLACE] VIEW and DROP VIEW, and the dependency checks of DROP TABLE.
 *
 * <p>A view is a name for a query text kept in the store's schema ({@link CoStore#createView},
 * durable in a {@code file:} store). The SQL layer expands it into every query that names it
 * ({@link io.coagent.sql.internal.schema.CoAgentSchema}), so reading a view reads, and
 * footprints, exactly the underlying rows its query reads: a lower rank's write to one of them
 * notifies the view's reader as it would notify a reader of the table. A column list {@code
 * (a, b)} is kept by storing the query as {@code SELECT * FROM (query) AS v (a, b)}. The query is
 * planned once at CREATE, so a view that does not validate is never stored.
 *
 * <p>Dependencies are not stored: they are read off the stored query texts when a DROP needs
 * them ({@link #dependents}): the table and view names in FROM clauses, at any depth. DROP of a
 * table or view that a view reads is refused with 2BP01, as PostgreSQL refuses it without
 * CASCADE; so is a view that would read itself.
 */
public final class ViewDdl {
  private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[^\\s(]+)";
  private static final Pattern CREATE_VIEW = Pattern.compile("(?is)^\\s*CREATE\\s+(?:OR\\s+"
      + "REPLACE\\s+)?VIEW\\s+" + NAME + "\\s*(?:\\([^)]*\\))?\\s*AS\\s+(.+)$");

  private ViewDdl() {}

  public static DdlStatement create(SqlEngine engine, CalciteSession calcite, String sql,
      SqlCreateView c) throws SQLException {
    String name = DdlStatement.name(c.name);
    Matcher m = CREATE_VIEW.matcher(sql);
    if (!m.matches()) {
      throw SqlErrors.syntax("CREATE VIEW " + name + " needs AS followed by a query: " + sql);
    }
    String query = m.group(1).strip();
    String stored = query;
    if (c.columnList != null && !c.columnList.isEmpty()) {
      StringBuilder cols = new StringBuilder();
      for (SqlNode n : c.columnList) {
        cols.append(cols.length() == 0 ? "" : ", ")
            .append(DmlStatements.quote(DdlStatement.name((SqlIdentifier) n)));
      }
      stored = "SELECT * FROM (" + query + ") AS " + DmlStatements.quote(name) + " (" + cols + ")";
    }
    CoStore store = engine.store();
    boolean replace = c.getReplace();
    String text = stored;
    return DdlStatement.of(engine, sql, () -> {
      if (store.table(name).isPresent()) {
        throw SqlErrors.of(SqlState.TABLE_EXISTS.code(), "a table named " + name
            + " already exists; a view needs a name no table or view has");
      }
      if (!replace && store.view(name).isPresent()) {
        throw SqlErrors.of(SqlState.TABLE_EXISTS.code(), "view " + name + " already exists; "
            + "use CREATE OR REPLACE VIEW " + name + " or DROP VIEW " + name + " first");
      }
      if (reads(store, text, name)) {
        throw SqlErrors.of(SqlErrors.SYNTAX, "view " + name + " would read itself (directly or "
            + "through another view); a view's query may only read other tables and views");
      }
      QueryStatement planned = new QueryStatement(calcite, text);
      if (planned.parameterCount() > 0) {
        throw SqlErrors.of(SqlErrors.FEATURE, "view " + name + ": a view's query cannot take "
            + "parameters (?); write the values into the query");
      }
      store.createView(name, text, replace);
    });
  }

  public static DdlStatement drop(SqlEngine engine, String sql, SqlDropView d) {
    String name = DdlStatement.name(d.name);
    boolean ifExists = d.ifExists;
    CoStore store = engine.store();
    return DdlStatement.of(engine, sql, () -> {
      if (store.view(name).isEmpty()) {
        if (store.table(name).isPresent()) {
          throw SqlErrors.of(SqlState.WRONG_OBJECT_TYPE.code(), name + " is a table, not a view;"
              + " use DROP TABLE " + name);
        }
        if (ifExists) {
          return;
        }
        throw SqlErrors.of(SqlErrors.UNKNOWN_TABLE, "view " + name + " does not exist; check "
            + "the name, or use DROP VIEW IF EXISTS");
      }
      refuseDependents(store, name, "view");
      store.dropView(name);
    });
  }

  /** Refuses (2BP01) to drop or change {@code name} while a view reads it. */
  public static void refuseDependents(CoStore store, String name, String kind)
      throws SQLException {
    List<String> users = dependents(store, name);
    if (!users.isEmpty()) {
      throw SqlErrors.of(SqlState.DEPENDENT_OBJECTS_STILL_EXIST.code(), "cannot change or drop "
          + kind + " " + name + ": view" + (users.size() > 1 ? "s " : " ")
          + String.join(", ", users) + " read" + (users.size() > 1 ? "" : "s") + " it; DROP VIEW "
          + String.join(", ", users) + " first (and re-create it afterwards)");
    }
  }

  /** The views whose query reads {@code name} directly, by name. */
  public static List<String> dependents(CoStore store, String name) throws SQLException {
    List<String> out = new ArrayList<>();
    String key = name.toUpperCase(Locale.ROOT);
    for (Map.Entry<String, String> v : store.views().entrySet()) {
      if (!v.getKey().equals(key) && references(v.getValue()).contains(key)) {
        out.add(v.getKey());
      }
    }
    return out;
  }

  /** Whether {@code sql} reads {@code name}, directly or through the views it reads. */
  private static boolean reads(CoStore store, String sql, String name) throws SQLException {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(references(sql));
    while (!todo.isEmpty()) {
      String n = todo.remove(todo.size() - 1);
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
      if (seen.add(n)) {
        String body = store.view(n).orElse(null);
        if (body != null) {
          todo.addAll(references(body));
        }
      }
    }
    return false;
  }

  /** The (last components of the) names in the FROM clauses of {@code sql}, any depth. */
  static Set<String> references(String sql) throws SQLException {
    Set<String> names = new LinkedHashSet<>();
    StatementFactory.parse(sql).accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSelect s && s.getFrom() != null) {
          from(s.getFrom(), names);
        }
        return super.visit(call);
      }
    });
    return names;
  }

  private static void from(SqlNode n, Set<String> names) {
    if (n instanceof SqlIdentifier id) {
      names.add(DdlStatement.name(id));
    } else if (n instanceof SqlJoin j) {
      from(j.getLeft(), names);
      from(j.getRight(), names);
    } else if (n instanceof SqlBasicCall b && b.getKind() == SqlKind.AS) {
      from(b.operand(0), names);
    }
  }
}
