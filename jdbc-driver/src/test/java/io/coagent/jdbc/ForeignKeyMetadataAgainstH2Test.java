package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code getImportedKeys}, {@code getExportedKeys} and {@code getCrossReference} against H2 for
 * the same random schema: parents with one- and two-column primary keys, children with named
 * foreign keys (in CREATE TABLE or ALTER TABLE ADD CONSTRAINT) of every ON DELETE action and ON
 * UPDATE NO ACTION or RESTRICT, and grandchildren referencing children. For every table and every
 * pair of tables both drivers must return the same rows, modulo catalog and schema names and the
 * primary key's name (each must be the name its own {@code getPrimaryKeys} gives); ours must have
 * the 14 JDBC columns with their types and be ordered as the javadoc says.
 *
 * <p>H2 reports a foreign key declared (or defaulted to) NO ACTION as {@code importedKeyRestrict}
 * (it has no separate NO ACTION); PostgreSQL, and we, report {@code importedKeyNoAction}, so the
 * comparison maps our NO ACTION to RESTRICT. Reproduce a failure with {@code -Dfkmeta.seed=N} (the
 * seed is printed).
 */
class ForeignKeyMetadataAgainstH2Test {
  private static final int ROUNDS = Integer.getInteger("fkmeta.rounds", 8);
  private static final String[] DELETE = {"", " ON DELETE NO ACTION", " ON DELETE RESTRICT",
      " ON DELETE CASCADE", " ON DELETE SET NULL"};
  private static final String[] UPDATE = {"", " ON UPDATE NO ACTION", " ON UPDATE RESTRICT"};

  @Test
  void randomSchemas_listTheSameForeignKeysAsH2() {
    Differential.seeded("ForeignKeyMetadataAgainstH2Test", "fkmeta.seed", seed -> {
      Random rnd = new Random(seed);
      int rows = 0;
      for (int round = 0; round < ROUNDS; round++) {
        rows += round(rnd, seed + "_" + round);
      }
      assertTrue(rows > 0, "the random schemas declared no foreign key");
    });
  }

  /** A table: its name and primary-key column types (a child's key is one INTEGER). */
  private record Table(String name, List<String> keyTypes) {}

  private static List<String> schema(Random rnd) {
    List<String> ddl = new ArrayList<>();
    List<Table> referable = new ArrayList<>();
    int parents = 1 + rnd.nextInt(3);
    for (int p = 0; p < parents; p++) {
      List<String> types = new ArrayList<>(List.of(rnd.nextBoolean() ? "INTEGER" : "VARCHAR(10)"));
      if (rnd.nextBoolean()) {
        types.add(rnd.nextBoolean() ? "INTEGER" : "VARCHAR(10)");
      }
      StringBuilder b = new StringBuilder("CREATE TABLE P" + p + " (");
      List<String> key = new ArrayList<>();
      for (int k = 0; k < types.size(); k++) {
        b.append("K").append(k).append(' ').append(types.get(k)).append(", ");
        key.add("K" + k);
      }
      b.append("V INTEGER, PRIMARY KEY (").append(String.join(", ", key)).append("))");
      ddl.add(b.toString());
      referable.add(new Table("P" + p, types));
    }
    int children = 1 + rnd.nextInt(4);
    for (int c = 0; c < children; c++) {
      String name = "C" + c;
      StringBuilder b = new StringBuilder("CREATE TABLE " + name + " (ID INTEGER PRIMARY KEY");
      List<String> constraints = new ArrayList<>();
      List<String> later = new ArrayList<>();
      int fks = 1 + rnd.nextInt(3);
      for (int f = 0; f < fks; f++) {
        Table parent = referable.get(rnd.nextInt(referable.size()));
        List<String> cols = new ArrayList<>();
        List<String> parentCols = new ArrayList<>();
        for (int k = 0; k < parent.keyTypes().size(); k++) {
          String col = "F" + f + "_" + k;
          b.append(", ").append(col).append(' ').append(parent.keyTypes().get(k));
          cols.add(col);
          parentCols.add(parent.name().startsWith("P") ? "K" + k : "ID");
        }
        String fk = "CONSTRAINT " + name + "_FK" + f + " FOREIGN KEY (" + String.join(", ", cols)
            + ") REFERENCES " + parent.name() + (rnd.nextBoolean() ? "" : " ("
            + String.join(", ", parentCols) + ")") + DELETE[rnd.nextInt(DELETE.length)]
            + UPDATE[rnd.nextInt(UPDATE.length)];
        (rnd.nextInt(3) == 0 ? later : constraints).add(fk);
      }
      for (String k : constraints) {
        b.append(", ").append(k);
      }
      ddl.add(b.append(")").toString());
      for (String k : later) {
        ddl.add("ALTER TABLE " + name + " ADD " + k);
      }
      referable.add(new Table(name, List.of("INTEGER")));
    }
    return ddl;
  }

  private int round(Random rnd, String tag) throws SQLException {
    List<String> ddl = schema(rnd);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:fkmeta" + tag);
        Connection ours = DriverManager.getConnection("jdbc:coagent:mem:fkmeta-"
            + UUID.randomUUID())) {
      Differential.ddl(h2, ours, ddl);
      List<String> tables = new ArrayList<>();
      for (String s : ddl) {
        if (s.startsWith("CREATE TABLE ")) {
          tables.add(s.split(" ")[2]);
        }
      }
      DatabaseMetaData hm = h2.getMetaData();
      DatabaseMetaData om = ours.getMetaData();
      int rows = 0;
      for (String t : tables) {
        String where = ddl + "\ngetImportedKeys(" + t + ")";
        List<String> o = listed(om, om.getImportedKeys(null, null, t), 2, where, true);
        assertEquals(listed(hm, hm.getImportedKeys(null, null, t), 2, where, false), o, where);
        rows += o.size();
        where = ddl + "\ngetExportedKeys(" + t + ")";
        assertEquals(listed(hm, hm.getExportedKeys(null, null, t), 6, where, false),
            listed(om, om.getExportedKeys(null, null, t), 6, where, true), where);
        for (String u : tables) {
          where = ddl + "\ngetCrossReference(" + t + ", " + u + ")";
          assertEquals(listed(hm, hm.getCrossReference(null, null, t, null, null, u), 6, where,
              false), listed(om, om.getCrossReference(null, null, t, null, null, u), 6, where,
              true), where);
        }
      }
      return rows;
    }
  }

  private static final List<String> COLUMNS = List.of("PKTABLE_CAT", "PKTABLE_SCHEM",
      "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME",
      "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME",
      "DEFERRABILITY");

  /**
   * The rows as PKTABLE|PKCOLUMN|FKTABLE|FKCOLUMN|SEQ|UPDATE|DELETE|FK_NAME|DEFERRABILITY, sorted
   * (after checking they came in the javadoc's order: {@code tableColumn} (1-based) and KEY_SEQ);
   * PK_NAME is checked against the driver's own getPrimaryKeys. {@code ours}: also check the
   * column names and types, and map NO ACTION to RESTRICT as H2 reports it.
   */
  private static List<String> listed(DatabaseMetaData md, ResultSet rs, int tableColumn,
      String where, boolean ours) throws SQLException {
    List<String[]> raw = new ArrayList<>();
    try (rs) {
      ResultSetMetaData m = rs.getMetaData();
      if (ours) {
        assertEquals(COLUMNS.size(), m.getColumnCount(), where);
        for (int i = 0; i < COLUMNS.size(); i++) {
          assertEquals(COLUMNS.get(i), m.getColumnLabel(i + 1), where);
          int type = m.getColumnType(i + 1);
          assertEquals(i == 8 || i == 9 || i == 10 || i == 13 ? Types.SMALLINT : Types.VARCHAR,
              type, where + ": type of " + COLUMNS.get(i));
        }
      }
      while (rs.next()) {
        int update = rs.getInt("UPDATE_RULE");
        int delete = rs.getInt("DELETE_RULE");
        if (ours) {
          update = update == DatabaseMetaData.importedKeyNoAction
              ? DatabaseMetaData.importedKeyRestrict : update;
          delete = delete == DatabaseMetaData.importedKeyNoAction
              ? DatabaseMetaData.importedKeyRestrict : delete;
        }
        raw.add(new String[] {rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME"),
            rs.getString("FKTABLE_NAME"), rs.getString("FKCOLUMN_NAME"),
            Integer.toString(rs.getShort("KEY_SEQ")), Integer.toString(update),
            Integer.toString(delete), rs.getString("FK_NAME"),
            Integer.toString(rs.getShort("DEFERRABILITY")), rs.getString("PK_NAME")});
      }
    }
    int table = tableColumn == 2 ? 0 : 2;
    for (int i = 1; i < raw.size(); i++) {
      String[] a = raw.get(i - 1);
      String[] b = raw.get(i);
      int c = a[table].compareTo(b[table]);
      assertTrue(c < 0 || c == 0 && Integer.parseInt(a[4]) <= Integer.parseInt(b[4]),
          where + ": rows out of the javadoc's order: " + String.join("|", a) + " before "
              + String.join("|", b));
    }
    List<String> out = new ArrayList<>();
    for (String[] r : raw) {
      try (ResultSet pk = md.getPrimaryKeys(null, null, r[0])) {
        assertTrue(pk.next(), where + ": no primary key of " + r[0]);
        assertEquals(pk.getString("PK_NAME"), r[9], where + ": PK_NAME of " + r[0]);
      }
      out.add(String.join("|", List.of(r).subList(0, 9)));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }
}
