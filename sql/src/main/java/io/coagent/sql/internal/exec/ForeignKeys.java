package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Operation;
import io.coagent.engine.Row;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.SqlErrors;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FOREIGN KEY constraints: {@code [CONSTRAINT n] FOREIGN KEY (cols) REFERENCES p [(cols)] [ON
 * DELETE NO ACTION|RESTRICT|CASCADE|SET NULL] [ON UPDATE NO ACTION|RESTRICT|CASCADE]}, stored with the
 * child table as {@code CONSTRAINT "N" FOREIGN KEY ("C") REFERENCES "P" ("K") ON DELETE
 * CASCADE}. A foreign key references the parent's primary key (its columns, in order, of the same
 * types); MATCH SIMPLE: a child row with a NULL in its key columns references nothing.
 *
 * <p>Judged in rank order, through reads of the writing operation (see protocol.md,
 * "FOREIGN KEY"): a child write reads the parent key ({@code op.get}, a point footprint), so a
 * lower rank that later deletes the parent notifies it; a parent delete (or key change) reads the
 * children its rank sees ({@code op.scan} of the child table, a predicate footprint), so a lower
 * rank that later inserts a child of the deleted key notifies it. NO ACTION and RESTRICT are both
 * checked at once, row by row.
 */
public final class ForeignKeys {
  private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)";
  private static final String ACTION = "(NO\\s+ACTION|RESTRICT|CASCADE|SET\\s+NULL|SET\\s+DEFAULT)";
  private static final Pattern WRITTEN = Pattern.compile("(?is)^(?:CONSTRAINT\\s+" + NAME
      + "\\s+)?FOREIGN\\s+KEY\\s*\\(([^)]*)\\)\\s*REFERENCES\\s+(?:" + NAME + "\\s*\\.\\s*)?"
      + NAME + "\\s*(?:\\(([^)]*)\\))?((?:\\s*ON\\s+(?:DELETE|UPDATE)\\s+" + ACTION + ")*)\\s*$");
  private static final Pattern ON = Pattern.compile("(?is)ON\\s+(DELETE|UPDATE)\\s+" + ACTION);
  private static final Pattern STORED = Pattern.compile("(?s)^CONSTRAINT\\s+" + NAME
      + "\\s+FOREIGN KEY \\((.*?)\\) REFERENCES " + NAME + " \\((.*?)\\) ON DELETE "
      + "(NO ACTION|RESTRICT|CASCADE|SET NULL)(?: ON UPDATE (RESTRICT|CASCADE))?$");

  /** What deleting a referenced parent row does to its children. */
  public enum Action {
    NO_ACTION, RESTRICT, CASCADE, SET_NULL;

    public String sql() {
      return name().replace('_', ' ');
    }
  }

  /**
   * One foreign key of table {@code table}: its columns (positions and names) reference {@code
   * parent}'s primary key columns {@code parentColumns}.
   */
  public record Fk(String name, String table, int[] columns, List<String> columnNames,
      String parent, List<String> parentColumns, Action onDelete, Action onUpdate) {
    /**
     * The stored text; {@code ON UPDATE} only when it is not NO ACTION, so a NO ACTION key is stored
     * as before the update action was kept.
     */
    public String text() {
      return "CONSTRAINT " + DmlStatements.quote(name) + " FOREIGN KEY (" + quoted(columnNames)
          + ") REFERENCES " + DmlStatements.quote(parent) + " (" + quoted(parentColumns)
          + ") ON DELETE " + onDelete.sql()
          + (onUpdate == Action.NO_ACTION ? "" : " ON UPDATE " + onUpdate.sql());
    }

    /** The key values of {@code row} (a child row), or null if one is NULL. */
    Object[] keyOf(Object[] row) {
      Object[] k = new Object[columns.length];
      for (int i = 0; i < k.length; i++) {
        k[i] = columns[i] < row.length ? row[columns[i]] : null;
        if (k[i] == null) {
          return null;
        }
      }
      return k;
    }

    String show(Object[] key) {
      return "(" + String.join(", ", columnNames) + ")=(" + String.join(", ",
          Arrays.stream(key).map(String::valueOf).toList()) + ")";
    }
  }

  private ForeignKeys() {}

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(DmlStatements::quote).toList());
  }

  /** Parsed foreign keys of recently used table definitions. */
  private static final java.util.Map<TableDef, List<Fk>> OUTGOING =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<TableDef, List<Fk>> eldest) {
          return size() > 256;
        }
      };

  /** Per store: the catalog version and the foreign keys referencing each table then. */
  private static final java.util.Map<CoStore, Object[]> INCOMING = new java.util.WeakHashMap<>();

  /** The foreign keys of table {@code def} (it is the child). */
  public static List<Fk> outgoing(TableDef def) {
    if (def.constraints().isEmpty()) {
      return List.of();
    }
    synchronized (OUTGOING) {
      List<Fk> cached = OUTGOING.get(def);
      if (cached != null) {
        return cached;
      }
    }
    List<Fk> out = parse(def);
    synchronized (OUTGOING) {
      OUTGOING.put(def, out);
    }
    return out;
  }

  private static List<Fk> parse(TableDef def) {
    List<Fk> out = new ArrayList<>();
    for (String s : def.constraints()) {
      Matcher m = STORED.matcher(s);
      if (!m.matches()) {
        continue;
      }
      List<String> cols = names(m.group(2));
      int[] positions = new int[cols.size()];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = def.columnIndex(cols.get(i));
      }
      out.add(new Fk(AlterTable.name(m.group(1)), def.name(), positions, cols,
          AlterTable.name(m.group(3)), names(m.group(4)),
          Action.valueOf(m.group(5).replace(' ', '_')),
          m.group(6) == null ? Action.NO_ACTION : Action.valueOf(m.group(6))));
    }
    return out;
  }

  /** The foreign keys of every table that reference table {@code parent}. */
  @SuppressWarnings("unchecked")
  public static List<Fk> incoming(CoStore store, String parent) {
    long version = store.catalogVersion();
    java.util.Map<String, List<Fk>> byParent;
    synchronized (INCOMING) {
      Object[] cached = INCOMING.get(store);
      byParent = cached != null && (Long) cached[0] == version
          ? (java.util.Map<String, List<Fk>>) cached[1] : null;
    }
    if (byParent == null) {
      byParent = new java.util.HashMap<>();
      for (TableDef t : store.tables()) {
        for (Fk fk : outgoing(t)) {
          byParent.computeIfAbsent(fk.parent(), p -> new ArrayList<>()).add(fk);
        }
      }
      synchronized (INCOMING) {
        INCOMING.put(store, new Object[] {version, byParent});
      }
    }
    return byParent.getOrDefault(parent, List.of());
  }

  private static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    for (String n : TextScan.splitTopLevel(list)) {
      out.add(AlterTable.name(n.strip()));
    }
    return out;
  }

  /**
   * The FOREIGN KEY {@code text} (as written) of table {@code def}, checked against the parent:
   * it exists (42S02), is another table (0A000), the referenced columns are its primary key
   * (42P10), of the same types (42804); ON DELETE SET DEFAULT and ON UPDATE SET NULL and SET
   * DEFAULT are 0A000. Unnamed, it is {@code TABLE_COLS_FKEY}; {@code taken} are the
   * table's constraint names (a given name among them is 42710).
   */
  public static Fk define(CoStore store, TableDef def, String text, Collection<String> taken)
      throws SQLException {
    Matcher m = WRITTEN.matcher(text.strip());
    if (!m.matches()) {
      throw SqlErrors.syntax("table " + def.name() + ": cannot read the foreign key " + text
          + "; write [CONSTRAINT name] FOREIGN KEY (cols) REFERENCES parent [(cols)] [ON DELETE "
          + "NO ACTION|RESTRICT|CASCADE|SET NULL]");
    }
    List<String> cols = names(m.group(2));
    String parentName = AlterTable.name(m.group(4));
    String where = "FOREIGN KEY (" + String.join(", ", cols) + ") of table " + def.name();
    Action onDelete = Action.NO_ACTION;
    Action onUpdate = Action.NO_ACTION;
    Matcher on = ON.matcher(m.group(6));
    while (on.find()) {
      String a = on.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", "_");
      if (a.equals("SET_DEFAULT")) {
        throw SqlErrors.of(SqlErrors.FEATURE, where + ": ON " + on.group(1).toUpperCase(Locale.ROOT)
            + " SET DEFAULT is not supported; use NO ACTION, RESTRICT, CASCADE or SET NULL");
      }
      if (on.group(1).equalsIgnoreCase("UPDATE")) {
        if (a.equals("SET_NULL")) {
          throw SqlErrors.of(SqlErrors.FEATURE, where + ": ON UPDATE " + on.group(2)
              + " is not supported; use NO ACTION, RESTRICT or CASCADE");
        }
        onUpdate = Action.valueOf(a);
      } else {
        onDelete = Action.valueOf(a);
      }
    }
    if (parentName.equals(def.name())) {
      throw SqlErrors.of(SqlErrors.FEATURE, where + " references its own table; a foreign key "
          + "must reference another table");
    }
    TableDef parent = store.table(parentName).orElseThrow(() -> SqlErrors.of(
        SqlErrors.UNKNOWN_TABLE, where + " references table " + parentName + ", which does not "
            + "exist; create the parent table first"));
    if (parent.hasHiddenKey()) {
      throw SqlErrors.of(SqlState.INVALID_COLUMN_REFERENCE.code(), where + " references table "
          + parentName + ", which has no primary key; a foreign key references a primary key");
    }
    List<String> pk = parent.primaryKey().stream()
        .map(i -> parent.columns().get(i).name()).toList();
    List<String> referenced = m.group(5) == null ? pk : names(m.group(5));
    if (!referenced.equals(pk) || cols.size() != pk.size()) {
      throw SqlErrors.of(SqlState.INVALID_COLUMN_REFERENCE.code(), where + " references "
          + parentName + " " + referenced + ", but a foreign key must reference the parent's "
          + "primary key " + pk + " (the same number of columns, in its order)");
    }
    int[] positions = new int[cols.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = DmlStatements.column(def, cols.get(i));
      ColumnDef c = def.columns().get(positions[i]);
      ColumnDef p = parent.columns().get(parent.primaryKey().get(i));
      if (c.type() != p.type() || c.precision() != p.precision() || c.scale() != p.scale()) {
        throw SqlErrors.of(SqlErrors.TYPE_MISMATCH, where + ": column " + c.name() + " is "
            + c.type() + " but the referenced " + parentName + "." + p.name() + " is " + p.type()
            + "; declare the column with the parent key's type");
      }
      if (onDelete == Action.SET_NULL && !c.nullable()) {
        throw SqlErrors.of(SqlErrors.NOT_NULL, where + " is ON DELETE SET NULL but column "
            + c.name() + " is NOT NULL; drop NOT NULL or use another action");
      }
    }
    String name = m.group(1) == null ? null : AlterTable.name(m.group(1));
    if (name != null && taken.contains(name)) {
      throw SqlErrors.of(SqlState.DUPLICATE_OBJECT.code(), "table " + def.name()
          + " already has a constraint " + name + "; choose another constraint name");
    }
    if (name == null) {
      String base = def.name() + "_" + String.join("_", cols) + "_FKEY";
      name = base;
      for (int k = 1; taken.contains(name); k++) {
        name = base + k;
      }
    }
    return new Fk(name, def.name(), positions, cols, parentName, pk, onDelete, onUpdate);
  }

  /** The 23503 of a child row whose parent key is missing. */
  private static SQLException missing(Fk fk, Object[] key) {
    return new SQLException("insert or update on table " + fk.table() + " violates foreign key "
        + "constraint " + fk.name() + ": key " + fk.show(key) + " is not present in table "
        + fk.parent() + "; insert the " + fk.parent() + " row first, use an existing key, or "
        + "NULL", SqlState.FOREIGN_KEY_VIOLATION.code());
  }

  /**
   * Refuses (23503) a child row {@code values} of {@code def} whose parent key is missing in the
   * operation's view; {@code before} is the row's old values (an update: unchanged keys are not
   * read again) or null. The parent read is a footprint of {@code op}.
   */
  public static void checkParents(Operation op, List<Fk> fks, Object[] values, Object[] before)
      throws SQLException {
    for (Fk fk : fks) {
      Object[] key = fk.keyOf(values);
      if (key == null || before != null && Arrays.equals(key, fk.keyOf(before))) {
        continue;
      }
      if (op.get(fk.parent(), Key.of(key)) == null) {
        throw missing(fk, key);
      }
    }
  }

  /**
   * Before {@code op} deletes row {@code key} of {@code parent} (or, {@code newKey} non-null,
   * moves it to key {@code newKey}): reads the rows of each referencing table that reference it,
   * in the operation's view (a footprint), and refuses (NO ACTION, RESTRICT), deletes them (ON
   * DELETE CASCADE, recursively), sets their key columns NULL (ON DELETE SET NULL) or to {@code
   * newKey} (ON UPDATE CASCADE; a child whose own primary key changes with them is moved, and
   * its children follow it in turn).
   */
  public static void beforeDelete(CoStore store, Operation op, TableDef parent, Key key,
      Object[] newKey) throws SQLException {
    List<Fk> incoming = incoming(store, parent.name());
    if (incoming.isEmpty()) {
      return;
    }
    boolean keyChange = newKey != null;
    Object[] k = key.toArray();
    for (Fk fk : incoming) {
      List<Row> children = op.scan(fk.table(), KeyRange.ALL,
          v -> Arrays.equals(k, fk.keyOf(v)));
      if (children.isEmpty()) {
        continue;
      }
      TableDef child = store.table(fk.table()).orElseThrow();
      Action action = keyChange ? fk.onUpdate() : fk.onDelete();
      if (action == Action.NO_ACTION || action == Action.RESTRICT) {
        throw new SQLException((keyChange ? "update" : "delete") + " on table " + parent.name()
            + " violates foreign key constraint " + fk.name() + " on table " + fk.table()
            + ": key " + fk.show(k) + " is still referenced from table " + fk.table() + " ("
            + children.size() + " row" + (children.size() == 1 ? "" : "s") + ", e.g. "
            + Checks.show(child, children.get(0).values()) + "); "
            + (keyChange ? "point those rows at another key first, or declare the foreign key "
            + "ON UPDATE CASCADE" : "delete or re-point those rows first, or declare the "
            + "foreign key ON DELETE CASCADE or SET NULL"),
            SqlState.FOREIGN_KEY_VIOLATION.code());
      }
      for (Row c : children) {
        if (action == Action.CASCADE && !keyChange) {
          beforeDelete(store, op, child, c.key(), null);
          op.delete(fk.table(), c.key());
          continue;
        }
        Object[] v = c.values().clone();
        int[] cols = fk.columns();
        for (int i = 0; i < cols.length; i++) {
          v[cols[i]] = keyChange ? newKey[i] : null;
        }
        Checks.of(child).verify(child, v);
        if (!child.hasHiddenKey() && !child.keyOf(v).equals(c.key())) {
          beforeDelete(store, op, child, c.key(), child.keyOf(v).toArray());
          op.delete(fk.table(), c.key());
          op.insert(fk.table(), v);
        } else {
          op.update(fk.table(), c.key(), v);
        }
      }
    }
  }

  /**
   * Refuses (2BP01) dropping or renaming table {@code parent}, or renaming its column {@code
   * column} (null: any), while another table's foreign key references it.
   */
  public static void refuseReferenced(CoStore store, String parent, String column, String what)
      throws SQLException {
    for (Fk fk : incoming(store, parent)) {
      if (column == null || fk.parentColumns().contains(column)) {
        throw SqlErrors.of(SqlState.DEPENDENT_OBJECTS_STILL_EXIST.code(), "cannot " + what
            + ": foreign key " + fk.name() + " of table " + fk.table() + " references " + parent
            + "; drop it first (ALTER TABLE " + DmlStatements.quote(fk.table())
            + " DROP CONSTRAINT " + DmlStatements.quote(fk.name()) + ")");
      }
    }
  }

  /** Refuses (23503) adding {@code fk} while a row of its table references a missing key. */
  public static void refuseOrphans(CoStore store, Fk fk) throws SQLException {
    for (Row r : store.scanLive(fk.table(), KeyRange.ALL, null)) {
      Object[] key = fk.keyOf(r.values());
      if (key != null && store.readLive(fk.parent(), Key.of(key)) == null) {
        SQLException e = missing(fk, key);
        throw new SQLException("ALTER TABLE " + fk.table() + " ADD CONSTRAINT " + fk.name()
            + ": an existing row violates it: " + e.getMessage(), e.getSQLState());
      }
    }
  }
}
