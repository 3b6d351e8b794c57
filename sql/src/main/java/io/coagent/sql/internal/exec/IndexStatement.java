package io.coagent.sql.internal.exec;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.IndexDef;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.internal.SqlErrors;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table [USING BTREE] (col [ASC|DESC]
 * [NULLS FIRST|LAST], ...)} and {@code DROP INDEX [IF EXISTS] name [CASCADE|RESTRICT]}, as
 * {@link DdlStatement}s run against the engine catalog like CREATE TABLE (not versioned, no
 * trajectory). Calcite's parser has no index DDL, so these are recognized here, before parsing.
 * Names follow SQL case rules: unquoted names are upper-cased, {@code "quoted"} ones kept; a
 * schema qualifier is accepted and ignored (one schema). ASC/DESC and NULLS FIRST/LAST are
 * accepted: the index orders ascending, nulls first, and serves both directions.
 */
public final class IndexStatement {
  private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final String QUALIFIED = "((?:" + NAME + "\\s*\\.\\s*)?" + NAME + ")";
  private static final Pattern CREATE = Pattern.compile("(?is)^\\s*CREATE\\s+(UNIQUE\\s+)?INDEX"
      + "\\s+(IF\\s+NOT\\s+EXISTS\\s+)?" + QUALIFIED + "\\s+ON\\s+" + QUALIFIED
      + "\\s*(?:USING\\s+BTREE\\s*)?\\((.*)\\)\\s*;?\\s*$");
  private static final Pattern DROP = Pattern.compile("(?is)^\\s*DROP\\s+INDEX\\s+(IF\\s+EXISTS"
      + "\\s+)?" + QUALIFIED + "(?:\\s+(?:CASCADE|RESTRICT))?\\s*;?\\s*$");
  private static final Pattern COLUMN = Pattern.compile("(?is)^\\s*" + NAME
      + "(?:\\s+(?:ASC|DESC))?(?:\\s+NULLS\\s+(?:FIRST|LAST))?\\s*$");
  private static final Pattern START = Pattern.compile("(?is)^\\s*(?:CREATE\\s+(?:UNIQUE\\s+)?"
      + "INDEX|DROP\\s+INDEX)\\b.*");

  private IndexStatement() {}

  /** The index statement {@code sql} is, or null if it is none. */
  public static DdlStatement of(SqlEngine engine, String sql) throws SQLException {
    if (!START.matcher(sql).matches()) {
      return null;
    }
    Matcher m = CREATE.matcher(sql);
    if (m.matches()) {
      boolean unique = m.group(1) != null;
      boolean ifNotExists = m.group(2) != null;
      String name = last(m.group(3));
      String table = last(m.group(6));
      List<String> columns = new ArrayList<>();
      for (String part : m.group(9).split(",", -1)) {
        Matcher c = COLUMN.matcher(part);
        if (!c.matches()) {
          throw SqlErrors.syntax("CREATE INDEX " + name + ": '" + part.trim() + "' is not a "
              + "column name (expressions are not indexed); list columns, e.g. ON " + table
              + " (c1, c2 DESC)");
        }
        columns.add(identifier(c.group(1)));
      }
      return DdlStatement.of(engine, sql,
          () -> create(engine, name, table, columns, unique, ifNotExists));
    }
    m = DROP.matcher(sql);
    if (m.matches()) {
      boolean ifExists = m.group(1) != null;
      String name = last(m.group(2));
      return DdlStatement.of(engine, sql, () -> {
        if (!ifExists || exists(engine, name)) {
          engine.store().dropIndex(name);
        }
      });
    }
    throw SqlErrors.syntax("cannot read this index statement: " + sql.trim() + "; write CREATE "
        + "[UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC|DESC], ...) or DROP INDEX "
        + "[IF EXISTS] name");
  }

  static void create(SqlEngine engine, String name, String table, List<String> columns,
      boolean unique, boolean ifNotExists) throws SQLException {
    if (ifNotExists && exists(engine, name)) {
      return;
    }
    TableDef def = engine.store().table(table).orElseThrow(() -> SqlErrors.of(
        SqlErrors.UNKNOWN_TABLE, "CREATE INDEX " + name + ": table " + table + " does not exist; "
            + "create the table first or check the name"));
    List<Integer> positions = new ArrayList<>();
    for (String c : columns) {
      int p = def.columnIndex(c);
      if (p < 0) {
        List<String> names = def.columns().stream().map(ColumnDef::name).toList();
        throw SqlErrors.of(SqlErrors.UNKNOWN_COLUMN, "CREATE INDEX " + name + ": table "
            + def.name() + " has no column " + c + "; its columns are " + names);
      }
      if (positions.contains(p)) {
        throw SqlErrors.of(SqlState.DUPLICATE_COLUMN.code(), "CREATE INDEX " + name
            + " lists column " + c + " twice; list each column once");
      }
      positions.add(p);
    }
    engine.store().createIndex(new IndexDef(name, def.name(), positions, unique));
  }

  private static boolean exists(SqlEngine engine, String name) {
    return engine.store().indexes().stream().anyMatch(i -> i.name().equalsIgnoreCase(name));
  }

  /** The last part of a possibly schema-qualified name, by SQL case rules. */
  private static String last(String qualified) {
    Matcher m = Pattern.compile(NAME + "\\s*$").matcher(qualified);
    if (!m.find()) {
      throw new IllegalStateException("the name pattern matched: " + qualified);
    }
    return identifier(m.group(1));
  }

  private static String identifier(String n) {
    return n.startsWith("\"") ? n.substring(1, n.length() - 1).replace("\"\"", "\"")
        : n.toUpperCase(Locale.ROOT);
  }
}
