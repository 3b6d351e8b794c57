package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The result-set methods of {@code DatabaseMetaData}: the column lists of the JDBC javadoc, in
 * order, and rows that match the live store (user tables in {@code COAGENT}, system tables,
 * history relations and procedures in {@code SYS}), with LIKE patterns honoured.
 */
class MetaDataListingsTest {
  private Connection c;
  private DatabaseMetaData md;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection(SysFixtures.newStore("listings"));
    md = c.getMetaData();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id BIGINT, line INTEGER, note VARCHAR(40) NOT NULL DEFAULT "
          + "'none', price DECIMAL(10,2), placed TIMESTAMP, ok BOOLEAN, PRIMARY KEY (id, line))");
      s.execute("CREATE TABLE a_b (x INTEGER PRIMARY KEY)");
      s.execute("CREATE TABLE axb (x INTEGER PRIMARY KEY)");
      s.execute("CREATE TABLE log (msg VARCHAR)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private static List<String> labels(ResultSet rs) throws SQLException {
    ResultSetMetaData m = rs.getMetaData();
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= m.getColumnCount(); i++) {
      out.add(m.getColumnLabel(i));
    }
    return out;
  }

  /** The values of the named columns, one "a|b" string per row. */
  private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (String col : columns) {
        b.append(b.length() > 0 ? "|" : "").append(rs.getString(col));
      }
      out.add(b.toString());
    }
    rs.close();
    return out;
  }

  private static List<String> split(String columns) {
    return List.of(columns.split(" "));
  }

  @Test
  void getColumns_hasThe24JdbcColumns_withDeclaredSizesNullabilityAndDefaults()
      throws SQLException {
    ResultSet rs = md.getColumns(null, null, "ORDERS", null);
    assertEquals(split("TABLE_CAT TABLE_SCHEM TABLE_NAME COLUMN_NAME DATA_TYPE TYPE_NAME "
        + "COLUMN_SIZE BUFFER_LENGTH DECIMAL_DIGITS NUM_PREC_RADIX NULLABLE REMARKS COLUMN_DEF "
        + "SQL_DATA_TYPE SQL_DATETIME_SUB CHAR_OCTET_LENGTH ORDINAL_POSITION IS_NULLABLE "
        + "SCOPE_CATALOG SCOPE_SCHEMA SCOPE_TABLE SOURCE_DATA_TYPE IS_AUTOINCREMENT "
        + "IS_GENERATEDCOLUMN"), labels(rs));
    assertEquals(List.of(
        "COAGENT|ORDERS|ID|-5|BIGINT|19|0|10|0|null|1|NO|NO",
        "COAGENT|ORDERS|LINE|4|INTEGER|10|0|10|0|null|2|NO|NO",
        "COAGENT|ORDERS|NOTE|12|VARCHAR|2147483647|null|null|0|'none'|3|NO|NO",
        "COAGENT|ORDERS|PRICE|3|DECIMAL|10|2|10|1|null|4|YES|NO",
        "COAGENT|ORDERS|PLACED|93|TIMESTAMP|23|3|null|1|null|5|YES|NO",
        "COAGENT|ORDERS|OK|16|BOOLEAN|1|null|null|1|null|6|YES|NO"),
        rows(rs, "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
            "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "COLUMN_DEF",
            "ORDINAL_POSITION", "IS_NULLABLE", "IS_AUTOINCREMENT"));
    assertEquals(List.of("PRICE", "PLACED"),
        rows(md.getColumns(null, "COAGENT", "ORD%", "P%"), "COLUMN_NAME"));
  }

  @Test
  void getColumns_ofSysRelations_describeTheirQueryColumns() throws SQLException {
    List<String> history = rows(md.getColumns(null, "SYS", "ORDERS\\_HISTORY", null),
        "COLUMN_NAME");
    assertTrue(history.containsAll(List.of("ID", "LINE", "NOTE", "ROW_KEY", "VERSION_ID",
        "AGENT")), history.toString());
    List<String> ops = rows(md.getColumns(null, "SYS", "OPERATIONS", null), "COLUMN_NAME");
    assertTrue(ops.contains("UNDO_SQL"), ops.toString());
  }

  @Test
  void getTables_honoursSchemaTypeAndNamePatterns() throws SQLException {
    ResultSet all = md.getTables(null, null, null, null);
    assertEquals(split("TABLE_CAT TABLE_SCHEM TABLE_NAME TABLE_TYPE REMARKS TYPE_CAT TYPE_SCHEM "
        + "TYPE_NAME SELF_REFERENCING_COL_NAME REF_GENERATION"), labels(all));
    List<String> rows = rows(all, "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
    assertTrue(rows.containsAll(List.of("SYS|OPERATIONS|SYSTEM TABLE",
        "SYS|ORDERS_HISTORY|SYSTEM VIEW", "SYS|LOG_HISTORY|SYSTEM VIEW",
        "COAGENT|ORDERS|TABLE")), rows.toString());
    assertEquals(List.of("COAGENT|AXB", "COAGENT|A_B", "COAGENT|LOG", "COAGENT|ORDERS"),
        rows(md.getTables(null, null, "%", new String[] {"TABLE"}), "TABLE_SCHEM", "TABLE_NAME"));
    assertEquals(rows(md.getTables(null, "COAGENT", null, null), "TABLE_NAME"),
        rows(md.getTables(null, null, null, new String[] {"TABLE"}), "TABLE_NAME"));
    List<String> sys = rows(md.getTables(null, "SYS", null, null), "TABLE_NAME");
    assertTrue(sys.containsAll(List.of("TRAJECTORIES", "ALL_OPERATIONS", "NOTIFICATIONS",
        "RESERVATIONS", "OUTBOX", "A_B_HISTORY")) && !sys.contains("ORDERS"), sys.toString());
    assertEquals(List.of("ORDERS_HISTORY"), rows(md.getTables(null, "SYS", "ORD%",
        new String[] {"SYSTEM VIEW"}), "TABLE_NAME"));
    assertEquals(List.of("AXB", "A_B"), rows(md.getTables(null, "COAGENT", "A_B", null),
        "TABLE_NAME"), "_ matches any one character");
    assertEquals("\\", md.getSearchStringEscape());
    assertEquals(List.of("A_B"), rows(md.getTables(null, "COAGENT", "A\\_B", null),
        "TABLE_NAME"), "an escaped _ matches only itself");
    assertEquals(List.of(), rows(md.getTables("nocatalog", null, null, null), "TABLE_NAME"));
    assertEquals(List.of(), rows(md.getTables(null, "OTHER", null, null), "TABLE_NAME"));
  }

  @Test
  void everySysRelationListed_canBeQueriedByItsName() throws SQLException {
    for (String name : rows(md.getTables(null, "SYS", null, null), "TABLE_NAME")) {
      SqlBasicsTest.rows(c.createStatement().executeQuery("SELECT * FROM SYS." + name));
    }
  }

  @Test
  void schemasCatalogsAndTableTypes_listWhatExists() throws SQLException {
    ResultSet schemas = md.getSchemas();
    assertEquals(List.of("TABLE_SCHEM", "TABLE_CATALOG"), labels(schemas));
    assertEquals(List.of("COAGENT|null", "SYS|null"),
        rows(schemas, "TABLE_SCHEM", "TABLE_CATALOG"));
    assertEquals(List.of("SYS"), rows(md.getSchemas(null, "S%"), "TABLE_SCHEM"));
    assertEquals(List.of("COAGENT"), rows(md.getSchemas("", "CO_GENT"), "TABLE_SCHEM"));
    assertEquals(List.of(), rows(md.getSchemas("x", null), "TABLE_SCHEM"));
    ResultSet catalogs = md.getCatalogs();
    assertEquals(List.of("TABLE_CAT"), labels(catalogs));
    assertEquals(List.of(), rows(catalogs, "TABLE_CAT"));
    assertEquals(List.of("SYSTEM TABLE", "SYSTEM VIEW", "TABLE", "VIEW"),
        rows(md.getTableTypes(), "TABLE_TYPE"));
  }

  @Test
  void getTypeInfo_hasThe18Columns_andEveryTypeNameMakesAColumnOfItsDataType()
      throws SQLException {
    ResultSet rs = md.getTypeInfo();
    assertEquals(split("TYPE_NAME DATA_TYPE PRECISION LITERAL_PREFIX LITERAL_SUFFIX "
        + "CREATE_PARAMS NULLABLE CASE_SENSITIVE SEARCHABLE UNSIGNED_ATTRIBUTE FIXED_PREC_SCALE "
        + "AUTO_INCREMENT LOCAL_TYPE_NAME MINIMUM_SCALE MAXIMUM_SCALE SQL_DATA_TYPE "
        + "SQL_DATETIME_SUB NUM_PREC_RADIX"), labels(rs));
    List<String> types = rows(rs, "TYPE_NAME", "DATA_TYPE", "LITERAL_PREFIX");
    assertTrue(types.size() >= 13, types.toString());
    int previous = Integer.MIN_VALUE;
    try (Statement s = c.createStatement()) {
      int i = 0;
      for (String row : types) {
        String[] f = row.split("\\|");
        int dataType = Integer.parseInt(f[1]);
        assertTrue(dataType >= previous, "ordered by DATA_TYPE: " + types);
        previous = dataType;
        String table = "TYPED" + i++;
        s.execute("CREATE TABLE " + table + " (v " + f[0] + ")");
        ResultSet col = md.getColumns(null, null, table, "V");
        assertTrue(col.next(), f[0]);
        assertEquals(dataType, col.getInt("DATA_TYPE"), f[0]);
      }
    }
    assertTrue(types.contains("VARCHAR|12|'") && types.contains("DATE|91|DATE '")
        && types.contains("UUID|1111|null"), types.toString());
  }

  @Test
  void primaryKeysAndIndexInfo_listTheKeyInKeyOrder_asAUniqueIndex() throws SQLException {
    ResultSet pk = md.getPrimaryKeys(null, null, "ORDERS");
    assertEquals(split("TABLE_CAT TABLE_SCHEM TABLE_NAME COLUMN_NAME KEY_SEQ PK_NAME"),
        labels(pk));
    assertEquals(List.of("ORDERS|ID|1|PK_ORDERS", "ORDERS|LINE|2|PK_ORDERS"),
        rows(pk, "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
    assertEquals(List.of(), rows(md.getPrimaryKeys(null, null, "LOG"), "COLUMN_NAME"));
    assertEquals(List.of(), rows(md.getPrimaryKeys(null, "SYS", "ORDERS"), "COLUMN_NAME"));
    ResultSet idx = md.getIndexInfo(null, null, "ORDERS", false, true);
    assertEquals(split("TABLE_CAT TABLE_SCHEM TABLE_NAME NON_UNIQUE INDEX_QUALIFIER INDEX_NAME "
        + "TYPE ORDINAL_POSITION COLUMN_NAME ASC_OR_DESC CARDINALITY PAGES FILTER_CONDITION"),
        labels(idx));
    assertEquals(List.of("false|PK_ORDERS|3|1|ID|A", "false|PK_ORDERS|3|2|LINE|A"),
        rows(idx, "NON_UNIQUE", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME",
            "ASC_OR_DESC"));
    assertEquals(List.of("ID", "LINE"), rows(md.getBestRowIdentifier(null, null, "ORDERS",
        DatabaseMetaData.bestRowSession, false), "COLUMN_NAME"));
  }

  @Test
  void foreignKeyListings_areEmpty_withThe14JdbcColumns() throws SQLException {
    List<String> expected = split("PKTABLE_CAT PKTABLE_SCHEM PKTABLE_NAME PKCOLUMN_NAME "
        + "FKTABLE_CAT FKTABLE_SCHEM FKTABLE_NAME FKCOLUMN_NAME KEY_SEQ UPDATE_RULE DELETE_RULE "
        + "FK_NAME PK_NAME DEFERRABILITY");
    for (ResultSet rs : List.of(md.getImportedKeys(null, null, "ORDERS"),
        md.getExportedKeys(null, null, "ORDERS"),
        md.getCrossReference(null, null, "ORDERS", null, null, "LOG"))) {
      assertEquals(expected, labels(rs));
      assertFalse(rs.next());
    }
  }

  @Test
  void procedures_areTheSysProcedures_withTheirInParameters() throws SQLException {
    ResultSet rs = md.getProcedures(null, null, null);
    assertEquals(split("PROCEDURE_CAT PROCEDURE_SCHEM PROCEDURE_NAME RESERVED1 RESERVED2 "
        + "RESERVED3 REMARKS PROCEDURE_TYPE SPECIFIC_NAME"), labels(rs));
    List<String> names = rows(rs, "PROCEDURE_SCHEM", "PROCEDURE_NAME");
    assertTrue(names.containsAll(List.of("SYS|ACK", "SYS|UNDO", "SYS|VERIFY", "SYS|DIFF",
        "SYS|OUTBOX_PUT")), names.toString());
    assertEquals(List.of("AT_RANK"), rows(md.getProcedures(null, "SYS", "AT\\_%"),
        "PROCEDURE_NAME"));
    assertEquals(List.of(), rows(md.getProcedures(null, "COAGENT", null), "PROCEDURE_NAME"));
    ResultSet cols = md.getProcedureColumns(null, "SYS", "DIFF", null);
    assertEquals(20, labels(cols).size());
    assertEquals(List.of("TABLE_NAME|1|12|1", "FROM_TIME|1|93|2", "TO_TIME|1|93|3"),
        rows(cols, "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "ORDINAL_POSITION"));
    assertEquals(List.of("ID|-5"), rows(md.getProcedureColumns(null, null, "ACK", "%"),
        "COLUMN_NAME", "DATA_TYPE"));
    try (Statement s = c.createStatement()) {
      s.execute("CALL SYS.VERIFY()");
    }
  }

  @Test
  void functions_areTheBuiltIns_filteredByName() throws SQLException {
    ResultSet rs = md.getFunctions(null, null, "UPP%");
    assertEquals(split("FUNCTION_CAT FUNCTION_SCHEM FUNCTION_NAME REMARKS FUNCTION_TYPE "
        + "SPECIFIC_NAME"), labels(rs));
    assertEquals(List.of("UPPER"), rows(rs, "FUNCTION_NAME"));
    List<String> all = rows(md.getFunctions(null, null, null), "FUNCTION_NAME");
    assertTrue(all.containsAll(List.of("ABS", "COALESCE", "SUBSTRING", "CURRENT_DATE")),
        all.toString());
    assertEquals(List.of("1"), SysFixtures.rows(c, "SELECT ABS(-1)"));
    assertEquals(17, labels(md.getFunctionColumns(null, null, "UPPER", null)).size());
  }

  @Test
  void listingsWithNothingToShow_areEmpty_withTheirJdbcColumns() throws SQLException {
    Object[][] expected = {
        {md.getUDTs(null, null, null, null), 7},
        {md.getSuperTypes(null, null, null), 6},
        {md.getSuperTables(null, null, null), 4},
        {md.getAttributes(null, null, null, null), 21},
        {md.getVersionColumns(null, null, "ORDERS"), 8},
        {md.getColumnPrivileges(null, null, "ORDERS", null), 8},
        {md.getTablePrivileges(null, null, null), 7},
        {md.getClientInfoProperties(), 4},
        {md.getPseudoColumns(null, null, null, null), 12},
    };
    for (Object[] e : expected) {
      ResultSet rs = (ResultSet) e[0];
      assertEquals(e[1], rs.getMetaData().getColumnCount(), labels(rs).toString());
      assertFalse(rs.next());
    }
    assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME"),
        labels(md.getSuperTables(null, null, null)));
    assertEquals(Types.SMALLINT, md.getUDTs(null, null, null, null).getMetaData()
        .getColumnType(7));
  }
}
