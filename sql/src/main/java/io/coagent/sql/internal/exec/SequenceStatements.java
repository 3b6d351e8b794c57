package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.Trajectory;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlDropTable;

/**
 * {@code CREATE SEQUENCE}, {@code DROP SEQUENCE}, and identity columns ({@code GENERATED
 * {ALWAYS|BY DEFAULT} AS IDENTITY}, {@code SMALLSERIAL}/{@code SERIAL}/{@code BIGSERIAL}) in
 * {@code CREATE TABLE}. Calcite's parser knows none of them, so they are handled on the text:
 * an identity column is rewritten to {@code <type> NOT NULL DEFAULT NEXTVAL('T_C_SEQ')} and its
 * sequence (named as PostgreSQL names it, owned by the column) is created when the table is; a
 * DROP TABLE drops the sequences its columns own. Sequence values follow {@link Sequences}' rule.
 * DDL: not versioned, no trajectory.
 */
public final class SequenceStatements {
  private static final String NAME = "(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final Pattern CREATE = Pattern.compile("(?is)\\s*CREATE\\s+SEQUENCE\\s+"
      + "(IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "(.*)");
  private static final Pattern DROP = Pattern.compile("(?is)\\s*DROP\\s+SEQUENCE\\s+"
      + "(IF\\s+EXISTS\\s+)?(.+?)(\\s+(?:CASCADE|RESTRICT))?\\s*");
  private static final Pattern OPTION = Pattern.compile("(?is)\\s*(?:"
      + "(START)\\s+(?:WITH\\s+)?([-+]?\\d+)|(INCREMENT)\\s+(?:BY\\s+)?([-+]?\\d+)"
      + "|(AS)\\s+(SMALLINT|INTEGER|INT|BIGINT)|(CACHE)\\s+\\d+|(NO\\s+CYCLE)"
      + "|(NO\\s+MINVALUE)|(NO\\s+MAXVALUE))");
  private static final Pattern SERIAL = Pattern.compile(
      "(?is)\\s*" + NAME + "\\s+(SMALLSERIAL|SERIAL2|SERIAL4|SERIAL8|BIGSERIAL|SERIAL)\\b(.*)");
  private static final Pattern IDENTITY = Pattern.compile("(?is)\\s*" + NAME
      + "\\s+(.*?)\\s*GENERATED\\s+(ALWAYS|BY\\s+DEFAULT)\\s+AS\\s+IDENTITY"
      + "(?:\\s*\\(([^)]*)\\))?(.*)");
  private static final Pattern TABLE = Pattern.compile(
      "(?is)\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + NAME + "\\s*\\.\\s*)?" + NAME
      + "\\s*\\(");
  private static final Pattern NOT_NULL = Pattern.compile("(?i)\\bNOT\\s+NULL\\b");

  private SequenceStatements() {}

  /** An identity or SERIAL column found in a CREATE TABLE: its sequence and kind. */
  record Identity(String column, Sequences.Def sequence) {}

  /** A CREATE TABLE with its identity columns rewritten to sequence defaults. */
  public record Rewrite(String sql, List<Identity> identities) {}

  /** The CREATE/DROP SEQUENCE statement in {@code sql}, or null if it is neither. */
  public static PreparedSql of(CoStore store, String sql) throws SQLException {
    Matcher m = CREATE.matcher(sql);
    if (m.matches()) {
      boolean ifNot = m.group(1) != null;
      String name = TextScan.name(m.group(2));
      long[] si = options(m.group(3), name, 1, 1);
      Sequences.Def d = new Sequences.Def(name, si[0], si[1], null, ' ');
      return ddl(sql, () -> Sequences.of(store).create(d, ifNot));
    }
    m = DROP.matcher(sql);
    if (m.matches()) {
      boolean ifExists = m.group(1) != null;
      List<String> names = new ArrayList<>();
      for (String n : m.group(2).split(",")) {
        names.add(TextScan.name(n.strip()));
      }
      return ddl(sql, () -> {
        Sequences seqs = Sequences.of(store);
        for (String n : names) {
          Sequences.Def d = seqs.def(n).orElse(null);
          if (d != null && d.owner() != null) {
            throw SqlErrors.of(io.coagent.engine.SqlState.DEPENDENT_OBJECTS_STILL_EXIST.code(),
                "sequence " + n + " belongs to column " + d.owner() + "; drop the table (or "
                + "the column) instead");
          }
          seqs.drop(n, ifExists);
        }
      });
    }
    return null;
  }

  /**
   * {@code createTable} with its identity and SERIAL columns rewritten (see the class comment),
   * or null when it declares none.
   */
  public static Rewrite rewrite(String createTable) throws SQLException {
    Matcher t = TABLE.matcher(createTable);
    if (!t.lookingAt()) {
      return null;
    }
    String table = TextScan.name(t.group(2)); // group 1: a schema, which Calcite checks
    int open = t.end() - 1;
    int close = TextScan.matching(createTable, open);
    if (close < 0) {
      return null;
    }
    List<String> elements = TextScan.splitTopLevel(createTable.substring(open + 1, close));
    List<Identity> ids = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (String e : elements) {
      String out = e;
      Matcher s = SERIAL.matcher(e);
      Matcher i = IDENTITY.matcher(e);
      if (s.matches()) {
        String column = TextScan.name(s.group(1));
        String kind = s.group(2).toUpperCase(Locale.ROOT);
        String type = kind.startsWith("BIG") || kind.equals("SERIAL8") ? "BIGINT"
            : kind.startsWith("SMALL") || kind.equals("SERIAL2") ? "SMALLINT" : "INTEGER";
        Identity id = identity(table, column, 1, 1, ' ');
        ids.add(id);
        out = " " + s.group(1) + " " + type + generated(id) + strip(s.group(3));
      } else if (i.matches()) {
        String column = TextScan.name(i.group(1));
        char kind = i.group(3).toUpperCase(Locale.ROOT).startsWith("ALWAYS") ? 'a' : 'd';
        long[] si = options(i.group(4) == null ? "" : i.group(4), table + "." + column, 1, 1);
        Identity id = identity(table, column, si[0], si[1], kind);
        ids.add(id);
        String type = strip(i.group(2)).strip();
        if (type.isEmpty()) {
          throw SqlErrors.syntax("identity column " + column + " of table " + table
              + " needs a type: " + column + " BIGINT GENERATED ... AS IDENTITY");
        }
        out = " " + i.group(1) + " " + type + generated(id) + strip(i.group(5));
      }
      body.append(body.length() == 0 ? "" : ",").append(out);
    }
    if (ids.isEmpty()) {
      return null;
    }
    String sql = createTable.substring(0, open + 1) + body + createTable.substring(close);
    return new Rewrite(sql, ids);
  }

  /**
   * Wraps the CREATE TABLE of {@code rewrite}: creates the column sequences, then the table; if
   * the table is not created, the sequences are dropped again.
   */
  public static PreparedSql createTable(SqlEngine engine, SqlCreateTable c, Rewrite rewrite,
      PreparedSql create) {
    CoStore store = engine.store();
    String table = DdlStatement.name(c.name);
    boolean ifNotExists = c.ifNotExists;
    return ddl(create.sql(), () -> {
      if (ifNotExists && store.table(table).isPresent()) {
        create.execute(null, List.of());
        return;
      }
      Sequences seqs = Sequences.of(store);
      List<String> made = new ArrayList<>();
      try {
        for (Identity id : rewrite.identities()) {
          seqs.create(id.sequence(), false);
          made.add(id.sequence().name());
        }
        create.execute(null, List.of());
      } catch (SQLException | RuntimeException e) {
        for (String n : made) {
          seqs.drop(n, true);
        }
        throw e;
      }
    });
  }

  /** Wraps a DROP TABLE: after it, the sequences owned by the table's columns are dropped. */
  public static PreparedSql dropTable(CoStore store, SqlDropTable d, PreparedSql drop) {
    String table = DdlStatement.name(d.name);
    return ddl(drop.sql(), () -> {
      drop.execute(null, List.of());
      if (store.table(table).isEmpty()) {
        Sequences.of(store).dropOwnedBy(table);
      }
    });
  }

  private static Identity identity(String table, String column, long start, long increment,
      char kind) {
    String seq = (table + "_" + column + "_SEQ").toUpperCase(Locale.ROOT)
        .replaceAll("[^A-Z0-9_$]", "_");
    return new Identity(column,
        new Sequences.Def(seq, start, increment, table + "." + column, kind));
  }

  private static String generated(Identity id) {
    return " NOT NULL DEFAULT NEXTVAL('" + id.sequence().name() + "')";
  }

  /** The rest of a column element without NULL / NOT NULL (an identity is always NOT NULL). */
  private static String strip(String rest) {
    return NOT_NULL.matcher(rest).replaceAll(" ");
  }

  /** {start, increment} from sequence options; {@code what} names the sequence in errors. */
  private static long[] options(String text, String what, long start, long increment)
      throws SQLException {
    long[] out = {start, increment};
    boolean startGiven = false;
    String rest = text;
    while (!rest.isBlank()) {
      Matcher m = OPTION.matcher(rest);
      if (!m.lookingAt()) {
        throw SqlErrors.of(SqlErrors.FEATURE, "sequence " + what + ": option '" + rest.strip()
            + "' is not supported; use START WITH n, INCREMENT BY n (and AS type, CACHE n, "
            + "NO CYCLE, NO MINVALUE, NO MAXVALUE, which change nothing)");
      }
      try {
        if (m.group(1) != null) {
          out[0] = Long.parseLong(m.group(2).replace("+", ""));
          startGiven = true;
        } else if (m.group(3) != null) {
          out[1] = Long.parseLong(m.group(4).replace("+", ""));
        }
      } catch (NumberFormatException e) {
        throw SqlErrors.of(io.coagent.engine.SqlState.NUMERIC_VALUE_OUT_OF_RANGE.code(),
            "sequence " + what + ": " + m.group().strip() + " is outside BIGINT");
      }
      rest = rest.substring(m.end());
    }
    if (!startGiven && out[1] < 0) {
      out[0] = -1; // PostgreSQL: a descending sequence starts at its MAXVALUE, -1
    }
    return out;
  }

  @FunctionalInterface
  private interface Action {
    void run() throws SQLException;
  }

  private static PreparedSql ddl(String sql, Action action) {
    return new PreparedSql() {
      @Override
      public String sql() {
        return sql;
      }

      @Override
      public Kind kind() {
        return Kind.DDL;
      }

      @Override
      public int parameterCount() {
        return 0;
      }

      @Override
      public SqlResult execute(Trajectory trajectory, List<Object> parameters)
          throws SQLException {
        action.run();
        return SqlResult.count(0);
      }
    };
  }
}
