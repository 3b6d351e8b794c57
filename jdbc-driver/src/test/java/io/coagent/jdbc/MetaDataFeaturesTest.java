package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The no-argument {@code DatabaseMetaData} methods answer, and the capability answers are true
 * exactly where the statement they describe works: each {@code supports*} answer is checked by
 * running its statement against a real store.
 */
class MetaDataFeaturesTest {
  /**
   * No-argument methods allowed to throw, with the reason. Empty: every one answers.
   */
  private static final Map<String, String> DOCUMENTED_EXCEPTIONS = Map.of();

  private Connection c;
  private DatabaseMetaData md;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection(SysFixtures.newStore("features"));
    md = c.getMetaData();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)");
      s.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, t_id INTEGER)");
      s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, NULL)");
      s.executeUpdate("INSERT INTO u VALUES (1, 1)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test
  void everyNoArgumentMethod_answersWithoutAnException() throws Exception {
    List<String> failures = new ArrayList<>();
    int called = 0;
    for (Method m : DatabaseMetaData.class.getMethods()) {
      if (m.getParameterCount() != 0 || m.getDeclaringClass() != DatabaseMetaData.class) {
        continue;
      }
      called++;
      try {
        Object v = m.invoke(md);
        if (v instanceof ResultSet rs) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              rs.getObject(i);
            }
          }
          rs.close();
        }
      } catch (InvocationTargetException e) {
        if (!DOCUMENTED_EXCEPTIONS.containsKey(m.getName())) {
          failures.add(m.getName() + ": " + e.getCause());
        }
      }
    }
    assertTrue(called >= 140, "no-argument methods called: " + called);
    assertEquals(List.of(), failures);
  }

  @Test
  void identifierCase_answers_matchHowNamesAreStored() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE lower_case (x INTEGER)");
      s.execute("CREATE TABLE \"Mixed\" (x INTEGER)");
    }
    List<String> names = SqlBasicsTest.rows(md.getTables(null, "COAGENT", "%", null)).stream()
        .map(r -> r.split("\\|")[2]).toList();
    assertTrue(md.storesUpperCaseIdentifiers() && names.contains("LOWER_CASE"), names.toString());
    assertTrue(md.storesMixedCaseQuotedIdentifiers() && names.contains("Mixed"), names.toString());
    assertFalse(md.storesUpperCaseQuotedIdentifiers() || md.storesLowerCaseIdentifiers()
        || md.storesMixedCaseIdentifiers() || md.storesLowerCaseQuotedIdentifiers());
    assertEquals("\"", md.getIdentifierQuoteString());
  }

  @Test
  void extraNameCharacters_areAcceptedInUnquotedNames() throws SQLException {
    String extra = md.getExtraNameCharacters();
    assertFalse(extra.isEmpty());
    try (Statement s = c.createStatement()) {
      for (char ch : extra.toCharArray()) {
        s.execute("CREATE TABLE a" + ch + "b (x INTEGER)");
        s.executeUpdate("INSERT INTO a" + ch + "b VALUES (1)");
        assertEquals(List.of("1"), SysFixtures.rows(c, "SELECT x FROM a" + ch + "b"));
      }
    }
  }

  @Test
  void nullsSortHigh_asTheAnswersSay() throws SQLException {
    assertTrue(md.nullsAreSortedHigh());
    assertFalse(md.nullsAreSortedLow() || md.nullsAreSortedAtStart() || md.nullsAreSortedAtEnd());
    assertEquals(List.of("a", "null"), SysFixtures.rows(c, "SELECT v FROM t ORDER BY v"));
    assertEquals(List.of("null", "a"), SysFixtures.rows(c, "SELECT v FROM t ORDER BY v DESC"));
    assertTrue(md.nullPlusNonNullIsNull());
    assertEquals(List.of("null"), SysFixtures.rows(c, "SELECT v || 'x' FROM t WHERE id = 2"));
  }

  @Test
  void keywordsAndEscapeFunctions_comeFromTheParser_andTheFunctionsRun() throws SQLException {
    Set<String> keywords = Set.of(md.getSQLKeywords().split(","));
    assertTrue(keywords.size() > 10, md.getSQLKeywords());
    assertFalse(keywords.contains("SELECT"), "SQL:2003 keywords are not listed");
    assertTrue(List.of(md.getNumericFunctions().split(",")).contains("ABS"));
    assertTrue(List.of(md.getStringFunctions().split(",")).contains("UCASE"));
    assertTrue(List.of(md.getTimeDateFunctions().split(",")).contains("CURDATE"));
    assertTrue(List.of(md.getSystemFunctions().split(",")).contains("IFNULL"));
    assertEquals(List.of("2|A|1"), SysFixtures.rows(c,
        "SELECT {fn ABS(-2)}, {fn UCASE(v)}, {fn IFNULL(NULL, 1)} FROM t WHERE id = 1"));
  }

  /** Each capability answer with statements that all work exactly when the answer is true. */
  private static Map<String, List<String>> probes() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("supportsColumnAliasing", List.of("SELECT v AS w FROM t"));
    p.put("supportsTableCorrelationNames", List.of("SELECT x.id FROM t x"));
    p.put("supportsExpressionsInOrderBy", List.of("SELECT id FROM t ORDER BY id + 1"));
    p.put("supportsOrderByUnrelated", List.of("SELECT v FROM t ORDER BY id"));
    p.put("supportsGroupBy", List.of("SELECT v, COUNT(*) FROM t GROUP BY v"));
    p.put("supportsGroupByUnrelated", List.of("SELECT COUNT(*) FROM t GROUP BY v"));
    p.put("supportsGroupByBeyondSelect", List.of("SELECT v, COUNT(*) FROM t GROUP BY v, id"));
    p.put("supportsLikeEscapeClause", List.of("SELECT id FROM t WHERE v LIKE 'a!%' ESCAPE '!'"));
    p.put("supportsNonNullableColumns", List.of("CREATE TABLE nn (x INTEGER NOT NULL)"));
    p.put("supportsOuterJoins", List.of("SELECT * FROM t LEFT JOIN u ON t.id = u.t_id"));
    p.put("supportsLimitedOuterJoins", List.of("SELECT * FROM t RIGHT JOIN u ON t.id = u.t_id"));
    p.put("supportsFullOuterJoins", List.of("SELECT * FROM t FULL OUTER JOIN u ON t.id = u.t_id"));
    p.put("supportsSubqueriesInComparisons",
        List.of("SELECT id FROM t WHERE id = (SELECT MAX(t_id) FROM u)"));
    p.put("supportsSubqueriesInExists",
        List.of("SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u)"));
    p.put("supportsSubqueriesInIns", List.of("SELECT id FROM t WHERE id IN (SELECT t_id FROM u)"));
    p.put("supportsSubqueriesInQuantifieds",
        List.of("SELECT id FROM t WHERE id >= ALL (SELECT t_id FROM u)"));
    p.put("supportsCorrelatedSubqueries",
        List.of("SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)"));
    p.put("supportsUnion", List.of("SELECT id FROM t UNION SELECT id FROM u"));
    p.put("supportsUnionAll", List.of("SELECT id FROM t UNION ALL SELECT id FROM u"));
    p.put("supportsSchemasInDataManipulation", List.of("SELECT id FROM COAGENT.t",
        "INSERT INTO COAGENT.t VALUES (9, 'z')", "UPDATE COAGENT.t SET v = 'y' WHERE id = 9",
        "DELETE FROM COAGENT.t WHERE id = 9"));
    p.put("supportsSchemasInProcedureCalls", List.of("CALL SYS.VERIFY()"));
    p.put("supportsStoredProcedures", List.of("CALL SYS.VERIFY()"));
    p.put("supportsSchemasInTableDefinitions", List.of("CREATE TABLE COAGENT.s (x INTEGER)"));
    p.put("supportsSelectForUpdate", List.of("SELECT id FROM t FOR UPDATE"));
    p.put("supportsAlterTableWithAddColumn", List.of("ALTER TABLE t ADD COLUMN z INTEGER"));
    p.put("supportsAlterTableWithDropColumn", List.of("ALTER TABLE t DROP COLUMN v"));
    p.put("supportsConvert", List.of("SELECT {fn CONVERT(id, SQL_VARCHAR)} FROM t",
        "SELECT CAST(v AS INTEGER) FROM t WHERE id = 2"));
    p.put("supportsMultipleResultSets", List.of("SELECT 1; SELECT 2"));
    p.put("supportsIntegrityEnhancementFacility", List.of("CREATE TABLE ie_p (id INTEGER "
        + "PRIMARY KEY)", "CREATE TABLE ie_c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES ie_p "
        + "ON DELETE CASCADE, q INTEGER CHECK (q > 0))"));
    return p;
  }

  @Test
  void everyProbedCapabilityAnswer_isTrueExactlyWhenItsStatementsWork() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : probes().entrySet()) {
      boolean answer = (Boolean) DatabaseMetaData.class.getMethod(e.getKey()).invoke(md);
      boolean works = true;
      String failure = "";
      c.setAutoCommit(false);
      for (String sql : e.getValue()) {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        } catch (SQLException ex) {
          works = false;
          failure = " (" + sql + ": " + ex.getSQLState() + " " + ex.getMessage() + ")";
          break;
        }
      }
      c.rollback();
      c.setAutoCommit(true);
      if (answer != works) {
        wrong.add(e.getKey() + " answers " + answer + " but the statements "
            + (works ? "work" : "fail" + failure));
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void supportsConvertOfTwoTypes_isTrueExactlyWhenCastOfAValueRuns() throws SQLException {
    Map<Integer, String> types = new LinkedHashMap<>();
    types.put(Types.INTEGER, "INTEGER");
    types.put(Types.BIGINT, "BIGINT");
    types.put(Types.DOUBLE, "DOUBLE");
    types.put(Types.DECIMAL, "DECIMAL(10,2)");
    types.put(Types.VARCHAR, "VARCHAR");
    types.put(Types.BOOLEAN, "BOOLEAN");
    types.put(Types.DATE, "DATE");
    types.put(Types.TIME, "TIME");
    types.put(Types.TIMESTAMP, "TIMESTAMP");
    types.put(Types.VARBINARY, "VARBINARY");
    StringBuilder ddl = new StringBuilder("CREATE TABLE conv (k INTEGER PRIMARY KEY");
    int i = 0;
    for (String t : types.values()) {
      ddl.append(", c").append(i++).append(' ').append(t);
    }
    try (Statement s = c.createStatement()) {
      s.execute(ddl.append(')').toString());
      s.executeUpdate("INSERT INTO conv VALUES (1, 1, 1, 1.5, 1.25, '1', TRUE, DATE '2020-01-02', "
          + "TIME '10:00:00', TIMESTAMP '2020-01-02 10:00:00', X'01')");
    }
    List<String> wrong = new ArrayList<>();
    int from = 0;
    for (Map.Entry<Integer, String> f : types.entrySet()) {
      for (Map.Entry<Integer, String> t : types.entrySet()) {
        boolean works;
        // a text value converts only if its text fits the target: for text, planning decides
        try (var ps = c.prepareStatement("SELECT CAST(c" + from + " AS " + t.getValue()
            + ") FROM conv")) {
          if (f.getKey() != Types.VARCHAR) {
            SqlBasicsTest.rows(ps.executeQuery());
          }
          works = true;
        } catch (SQLException e) {
          works = false;
        }
        if (md.supportsConvert(f.getKey(), t.getKey()) != works) {
          wrong.add(f.getValue() + " -> " + t.getValue() + ": CAST " + (works ? "works" : "fails"));
        }
      }
      from++;
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void resultSetCapabilities_matchTheStatementsTheDriverCreates() throws SQLException {
    int[] types = {ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE,
        ResultSet.TYPE_SCROLL_SENSITIVE};
    int[] concurrencies = {ResultSet.CONCUR_READ_ONLY, ResultSet.CONCUR_UPDATABLE};
    for (int type : types) {
      for (int concurrency : concurrencies) {
        boolean works;
        try (Statement s = c.createStatement(type, concurrency);
            ResultSet rs = s.executeQuery("SELECT id FROM t")) {
          works = rs.getType() == type && rs.getConcurrency() == concurrency;
        } catch (SQLException e) {
          works = false;
        }
        assertEquals(works, md.supportsResultSetConcurrency(type, concurrency),
            type + "/" + concurrency);
        if (concurrency == ResultSet.CONCUR_READ_ONLY) {
          assertEquals(works, md.supportsResultSetType(type), "type " + type);
        }
      }
    }
    assertEquals(c.getHoldability(), md.getResultSetHoldability());
    assertTrue(md.supportsResultSetHoldability(c.getHoldability()));
  }

  @Test
  void limits_areZero_meaningNoneIsFixed() throws Exception {
    for (Method m : DatabaseMetaData.class.getMethods()) {
      if (m.getName().startsWith("getMax") && m.getParameterCount() == 0
          && m.getReturnType() == int.class) {
        assertEquals(0, m.invoke(md), m.getName());
      }
    }
  }

  @Test
  void aClosedConnection_failsEveryAnswerWith08003() throws SQLException {
    Connection other = DriverManager.getConnection(SysFixtures.newStore("featuresclosed"));
    DatabaseMetaData closed = other.getMetaData();
    other.close();
    try {
      closed.supportsUnion();
      fail("a closed connection's metadata answered");
    } catch (SQLException e) {
      assertEquals("08003", e.getSQLState());
    }
  }
}
