package io.coagent.sql.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.RowPredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * [NOT] LIKE compiles to a predicate that agrees exactly with Calcite's own evaluation of the
 * filter (generated code, as a query runs it), and falls back to TRUE where it cannot.
 */
class LikePredicatesTest {
  private static final JavaTypeFactory TYPES = new JavaTypeFactoryImpl();
  private static final RexBuilder REX = new RexBuilder(TYPES);
  private static final RelDataType VARCHAR =
      TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.VARCHAR), true);
  private static final RelDataType INTEGER =
      TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.INTEGER), true);
  /** Row type (S VARCHAR, N INTEGER). */
  private static final RelDataType ROW =
      TYPES.builder().add("S", VARCHAR).add("N", INTEGER).build();
  /** Wildcards, escape candidates, regex metacharacters, a line break and a non-ASCII letter. */
  private static final String[] ALPHABET =
      {"a", "b", "A", "%", "_", "\\", "!", ".", "*", "[", "$", "\n", "é"};
  private static final String[] ESCAPES = {null, "\\", "!", "a", "%", "_", "", "ab"};
  private static final long SEED = Long.getLong("coagent.like.seed", System.nanoTime());

  private static RexNode s() {
    return REX.makeInputRef(VARCHAR, 0);
  }

  private static RexNode str(String v) {
    return v == null ? REX.makeNullLiteral(VARCHAR) : REX.makeLiteral(v);
  }

  private static RexNode like(RexNode column, RexNode pattern, RexNode escape) {
    return escape == null ? REX.makeCall(SqlStdOperatorTable.LIKE, column, pattern)
        : REX.makeCall(SqlStdOperatorTable.LIKE, column, pattern, escape);
  }

  private static RowPredicate compile(RexNode filter) {
    return new PredicateCompiler(null).compile(filter);
  }

  private static String randomString(Random r, int maxLength) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(maxLength + 1); i > 0; i--) {
      b.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }

  /** A DataContext whose input row is {@code row}, as Calcite's generated filter code reads it. */
  private static DataContext input(Object[] row, Map<String, Object> parameters) {
    return new DataContext() {
      @Override
      public SchemaPlus getRootSchema() {
        return null;
      }

      @Override
      public JavaTypeFactory getTypeFactory() {
        return TYPES;
      }

      @Override
      public QueryProvider getQueryProvider() {
        return null;
      }

      @Override
      public Object get(String name) {
        return name.equals("inputRecord") ? row : parameters.get(name);
      }
    };
  }

  /** Calcite's generated code for {@code filters}, evaluated on one row. */
  private static Function1<DataContext, Object[]> calcite(List<RexNode> filters) {
    return RexExecutorImpl.getExecutable(REX, filters, ROW).getFunction();
  }

  @Test
  void compiledLike_agreesExactlyWithCalciteOnRandomStringsAndPatterns() {
    Random r = new Random(SEED);
    String replay = "seed " + SEED + " (replay with -Dcoagent.like.seed=" + SEED + ")";
    List<RexNode> filters = new ArrayList<>();
    List<RowPredicate> predicates = new ArrayList<>();
    int fallbacks = 0;
    for (int i = 0; i < 400; i++) {
      String pattern = r.nextInt(40) == 0 ? null : randomString(r, 5);
      String escape = ESCAPES[r.nextInt(ESCAPES.length)];
      boolean withEscape = escape != null || r.nextInt(20) == 0;
      RexNode f = like(s(), str(pattern), withEscape ? str(escape) : null);
      if (r.nextBoolean()) {
        f = REX.makeCall(SqlStdOperatorTable.NOT, f);
      }
      RowPredicate p = compile(f);
      if (p == null) {
        fallbacks++;
        RexNode malformed = f;
        assertThrows(RuntimeException.class,
            () -> calcite(List.of(malformed)).apply(input(new Object[] {"", null}, Map.of())),
            "only a pattern Calcite rejects may fall back to TRUE: " + f + "; " + replay);
      } else {
        filters.add(f);
        predicates.add(p);
      }
    }
    assertTrue(fallbacks < 200, "most random patterns are well formed; " + replay);
    Function1<DataContext, Object[]> expected = calcite(filters);
    for (int i = 0; i < 1500; i++) {
      Object[] row = {r.nextInt(30) == 0 ? null : randomString(r, 7), null};
      Object[] results = expected.apply(input(row, Map.of()));
      for (int j = 0; j < filters.size(); j++) {
        assertEquals(Boolean.TRUE.equals(results[j]), predicates.get(j).test(row),
            filters.get(j) + " on S = " + (row[0] == null ? "NULL" : "'" + row[0] + "'") + "; "
                + replay);
      }
    }
  }

  @Test
  void parameterPatternAndEscape_areCompiledWithTheirBoundValues() {
    RexNode f = like(s(), REX.makeDynamicParam(VARCHAR, 0), REX.makeDynamicParam(VARCHAR, 1));
    Map<String, Object> params = Map.of("?0", "a!_%", "?1", "!");
    RowPredicate p = new PredicateCompiler(input(null, params)).compile(f);
    assertNotNull(p);
    Function1<DataContext, Object[]> expected = calcite(List.of(f));
    for (String v : List.of("a_", "a_bc", "ab", "a", "A_")) {
      Object[] row = {v, null};
      assertEquals(Boolean.TRUE.equals(expected.apply(input(row, params))[0]), p.test(row), v);
    }
    assertTrue(p.test(new Object[] {"a_x", null}));
    assertFalse(p.test(new Object[] {"abx", null}));
  }

  @Test
  void nullPattern_rejectsEveryRowWithOrWithoutNot() {
    RexNode f = like(s(), str(null), null);
    assertFalse(compile(f).test(new Object[] {"x", null}));
    assertFalse(compile(REX.makeCall(SqlStdOperatorTable.NOT, f)).test(new Object[] {"x", null}));
  }

  @Test
  void nullColumnValue_isRejectedByLikeAndNotLike() {
    RexNode f = like(s(), str("%"), null);
    assertFalse(compile(f).test(new Object[] {null, null}));
    assertFalse(compile(REX.makeCall(SqlStdOperatorTable.NOT, f)).test(new Object[] {null, null}));
  }

  @Test
  void likeOnCastColumnOrNonStringColumnOrColumnPattern_fallsBackToTrue() {
    RexNode n = REX.makeInputRef(INTEGER, 1);
    assertNull(compile(like(REX.makeCast(VARCHAR, n), str("1%"), null)), "CAST(n AS VARCHAR)");
    assertNull(compile(like(n, str("1%"), null)), "non-string column");
    assertNull(compile(like(REX.makeCast(VARCHAR, s()), str("a%"), null)), "CAST(s AS VARCHAR)");
    assertNull(compile(like(str("abc"), s(), null)), "column as the pattern");
    assertNull(compile(like(s(), REX.makeDynamicParam(VARCHAR, 0), null)), "unbound parameter");
  }

  @Test
  void malformedEscape_fallsBackToTrue() {
    assertNull(compile(like(s(), str("a\\b"), str("\\"))), "escape before an ordinary char");
    assertNull(compile(like(s(), str("a%"), str("ab"))), "escape of two characters");
  }

  @Test
  void notOverAnythingButLike_fallsBackToTrue() {
    RexNode eq = REX.makeCall(SqlStdOperatorTable.EQUALS, s(), str("a"));
    assertNull(compile(REX.makeCall(SqlStdOperatorTable.NOT, eq)));
  }
}
