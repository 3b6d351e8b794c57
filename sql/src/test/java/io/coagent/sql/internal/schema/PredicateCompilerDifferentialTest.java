package io.coagent.sql.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.coagent.engine.RowPredicate;
import io.coagent.sql.internal.CoAgentTypeSystem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.Lex;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutable;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link PredicateCompiler} against Calcite's own evaluation of the same
 * condition: random WHERE clauses over every column type (casts both ways, NULL, NaN, +-0.0,
 * DECIMAL scales, timestamps, Unicode, LIKE with ESCAPE) are planned by Calcite as production
 * plans them (same lexical rules, conformance and type system), and on random rows the compiled
 * predicate must never reject a row Calcite's generated code accepts (the footprint may be wider,
 * never narrower); where the compiler claims exactness it must agree with Calcite on every row.
 * Seed: {@code -Dcoagent.predicate.seed}, printed; size: {@code -Dcoagent.predicate.conditions}.
 */
class PredicateCompilerDifferentialTest {
  private static final String[] COLUMNS = {"I", "B", "D", "M", "S", "Z", "T"};
  private static final String[] TYPES = {"INTEGER", "BIGINT", "DOUBLE", "DECIMAL(38, 10)",
      "DECIMAL(5, 0)", "DECIMAL(12, 4)", "VARCHAR", "VARCHAR(3)", "CHAR(2)", "BOOLEAN",
      "TIMESTAMP(3)", "TIMESTAMP(0)", "SMALLINT", "TINYINT", "REAL"};
  private static final String[] NUMBERS = {"0", "3", "-3", "7", "2147483647", "3000000000",
      "3.2", "3.20", "-0.0", "0.00", "1.5", "1.5000000000", "2.9999999999999999999", "3.5",
      "-2.5", "0E0", "-0E0", "3.2E0", "1E300", "-1E300", "9007199254740993",
      "99999999999999999999999999.9999999999"};
  private static final String[] STRINGS = {"''", "'a'", "'a '", "'ab'", "'abc'", "'A'", "'b'",
      "'é'", "'e\u0301'", "'\uD834\uDD1E'", "'%'", "'_'", "'a%'", "'\\%'", "'ü'", "'zz'",
      "'3'", "'3.2'", "'true'"};
  private static final String[] PATTERNS = {"'a%'", "'%b%'", "'_'", "'a\\%'", "'a\\_%'",
      "'%\\\\%'", "'é%'", "'%\uD834\uDD1E'", "''", "'%'", "'a_c'", "'A%'"};
  private static final String[] TIMESTAMPS = {"TIMESTAMP '2024-05-01 10:00:00'",
      "TIMESTAMP '2024-05-01 10:00:00.123'", "TIMESTAMP '1969-12-31 23:59:59.999'",
      "TIMESTAMP '2024-05-01 10:00:00.1239'", "TIMESTAMP '1970-01-01 00:00:00'"};

  private static final Object[] INTS = {null, 0, 3, -3, 7, Integer.MAX_VALUE, Integer.MIN_VALUE};
  private static final Object[] LONGS = {null, 0L, 3L, -3L, 3000000000L, 9007199254740993L,
      Long.MAX_VALUE};
  private static final Object[] DOUBLES = {null, 0.0, -0.0, 3.2, 3.0, 2.9999999999999996, -2.5,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, 3.5, 7.0};
  private static final Object[] DECIMALS = {null, new BigDecimal("0"), new BigDecimal("0.00"),
      new BigDecimal("3.2"), new BigDecimal("3.20"), new BigDecimal("1.5"),
      new BigDecimal("1.5000000000"), new BigDecimal("-3"), new BigDecimal("3.0000000001"),
      new BigDecimal("2.5"), new BigDecimal("3000000000")};
  private static final Object[] VARCHARS = {null, "", "a", "a ", "ab", "abc", "A", "b", "é",
      "e\u0301", "\uD834\uDD1E", "%", "a%", "a_c", "ü", "zz", "3", "\\", "a\\b"};
  private static final Object[] BOOLS = {null, true, false};
  private static final Object[] TIMES = {null, 1714557600000L, 1714557600123L, -1L, 0L,
      1714557600124L};

  @Test
  void compiledPredicateIsNeverNarrowerThanCalcitesEvaluation() throws Exception {
    long seed = Long.getLong("coagent.predicate.seed", System.nanoTime());
    int conditions = Integer.getInteger("coagent.predicate.conditions", 400);
    System.out.println("PredicateCompilerDifferentialTest seed=" + seed
        + " (rerun with -Dcoagent.predicate.seed=" + seed + ")");
    Random rnd = new Random(seed);
    JavaTypeFactory types = new JavaTypeFactoryImpl(CoAgentTypeSystem.INSTANCE);
    RexBuilder rex = new RexBuilder(types);
    int planned = 0;
    int compiled = 0;
    int exactClaims = 0;
    long rowsChecked = 0;
    for (int i = 0; i < conditions; i++) {
      String where = condition(rnd, 0);
      RexNode cond = plan(where);
      if (cond == null) {
        continue;
      }
      RexExecutable calcite;
      try {
        calcite = RexExecutorImpl.getExecutable(rex, List.of(cond), rowType(types));
      } catch (RuntimeException e) {
        continue; // Calcite cannot generate code for it: the query would fail, with no rows
      }
      planned++;
      PredicateCompiler.Compiled c = new PredicateCompiler(null).compileExact(cond);
      RowPredicate p = c.predicate();
      if (p != null) {
        compiled++;
      }
      if (c.exact()) {
        exactClaims++;
      }
      for (int r = 0; r < 60; r++) {
        Object[] row = row(rnd);
        Object truth;
        try {
          truth = evaluate(calcite, row, types);
        } catch (RuntimeException | ExceptionInInitializerError e) {
          continue; // the query itself fails on this row (a bad cast): no result to compare
        }
        rowsChecked++;
        boolean accepted = p == null || p.test(row);
        if (Boolean.TRUE.equals(truth) && !accepted) {
          fail("narrower than the query (seed " + seed + "): WHERE " + where + " planned as "
              + cond + " is TRUE on " + Arrays.toString(row) + " but the compiled predicate"
              + " rejects it");
        }
        if (c.exact() && accepted && !Boolean.TRUE.equals(truth)) {
          fail("claimed exact but wider (seed " + seed + "): WHERE " + where + " planned as "
              + cond + " is " + truth + " on " + Arrays.toString(row)
              + " but the compiled predicate accepts it");
        }
      }
    }
    System.out.println("PredicateCompilerDifferentialTest: " + planned + " conditions planned, "
        + compiled + " compiled, " + exactClaims + " exact, " + rowsChecked + " rows checked");
    assertTrue(planned > conditions / 3, "too few conditions planned: " + planned);
    assertTrue(compiled > planned / 4, "too few conditions compiled: " + compiled);
    assertTrue(exactClaims > 0, "no exact claim checked");
  }

  /**
   * The reference that SYS.VERIFY checks a scan against accepts exactly the rows Calcite's
   * evaluation accepts, whatever the compiled predicate says (here: nothing).
   */
  @Test
  void referencePredicateAcceptsExactlyWhatCalciteAccepts() {
    long seed = Long.getLong("coagent.predicate.seed", System.nanoTime());
    System.out.println("referencePredicate seed=" + seed);
    Random rnd = new Random(seed);
    JavaTypeFactory types = new JavaTypeFactoryImpl(CoAgentTypeSystem.INSTANCE);
    RexBuilder rex = new RexBuilder(types);
    int checked = 0;
    for (int i = 0; i < 60; i++) {
      String where = condition(rnd, 0);
      RexNode cond = plan(where);
      RexExecutable calcite;
      try {
        calcite = cond == null ? null
            : RexExecutorImpl.getExecutable(rex, List.of(cond), rowType(types));
      } catch (RuntimeException e) {
        calcite = null;
      }
      if (calcite == null) {
        continue;
      }
      RowPredicate reference = ReferencePredicate.of(v -> false, List.of(cond), rowType(types),
          COLUMNS.length, null).reference();
      for (int r = 0; r < 20; r++) {
        Object[] row = row(rnd);
        boolean truth;
        try {
          truth = Boolean.TRUE.equals(evaluate(calcite, row, types));
        } catch (RuntimeException | ExceptionInInitializerError e) {
          truth = false;
        }
        checked++;
        assertEquals(truth, reference.test(row), "seed " + seed + ": WHERE " + where + " on "
            + Arrays.toString(row));
      }
    }
    assertTrue(checked > 100, "too few rows checked: " + checked);
  }

  private static Object evaluate(RexExecutable calcite, Object[] row, JavaTypeFactory types) {
    DataContext ctx = new DataContext() {
      @Override
      public @Nullable SchemaPlus getRootSchema() {
        return null;
      }

      @Override
      public JavaTypeFactory getTypeFactory() {
        return types;
      }

      @Override
      public QueryProvider getQueryProvider() {
        throw new UnsupportedOperationException();
      }

      @Override
      public @Nullable Object get(String name) {
        if (name.equals("inputRecord")) {
          return row;
        }
        if (name.equals(Variable.TIME_ZONE.camelName)) {
          return java.util.TimeZone.getTimeZone("UTC");
        }
        return null;
      }
    };
    Object[] out = calcite.getFunction().apply(ctx);
    return out == null ? null : out[0];
  }

  private static RelDataType rowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    b.add("I", SqlTypeName.INTEGER).nullable(true);
    b.add("B", SqlTypeName.BIGINT).nullable(true);
    b.add("D", SqlTypeName.DOUBLE).nullable(true);
    b.add("M", f.createSqlType(SqlTypeName.DECIMAL, 38, 10)).nullable(true);
    b.add("S", SqlTypeName.VARCHAR).nullable(true);
    b.add("Z", SqlTypeName.BOOLEAN).nullable(true);
    b.add("T", f.createSqlType(SqlTypeName.TIMESTAMP, 3)).nullable(true);
    return b.build();
  }

  private static Object[] row(Random rnd) {
    return new Object[] {pick(rnd, INTS), pick(rnd, LONGS), pick(rnd, DOUBLES),
        pick(rnd, DECIMALS), pick(rnd, VARCHARS), pick(rnd, BOOLS), pick(rnd, TIMES)};
  }

  private static Object pick(Random rnd, Object[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private static String pick(Random rnd, String[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private static String condition(Random rnd, int depth) {
    int k = rnd.nextInt(depth > 2 ? 6 : 9);
    return switch (k) {
      case 0, 1, 2 -> expr(rnd) + " " + pick(rnd, new String[] {"=", "<>", "<", "<=", ">", ">="})
          + " " + literal(rnd);
      case 3 -> literal(rnd) + " " + pick(rnd, new String[] {"=", "<", ">="}) + " " + expr(rnd);
      case 4 -> expr(rnd) + (rnd.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 5 -> like(rnd);
      case 6 -> condition(rnd, depth + 1) + (rnd.nextBoolean() ? " AND " : " OR ")
          + condition(rnd, depth + 1);
      case 7 -> "NOT (" + condition(rnd, depth + 1) + ")";
      default -> rnd.nextBoolean()
          ? expr(rnd) + (rnd.nextBoolean() ? " NOT" : "") + " IN (" + literal(rnd) + ", "
              + literal(rnd) + ", " + literal(rnd) + ")"
          : expr(rnd) + (rnd.nextBoolean() ? " NOT" : "") + " BETWEEN " + literal(rnd) + " AND "
              + literal(rnd);
    };
  }

  private static String like(Random rnd) {
    String col = rnd.nextInt(4) == 0 ? "CAST(" + pick(rnd, COLUMNS) + " AS VARCHAR)" : "S";
    String s = col + (rnd.nextBoolean() ? " NOT" : "") + " LIKE " + pick(rnd, PATTERNS);
    return rnd.nextBoolean() ? s + " ESCAPE '\\'" : s;
  }

  private static String expr(Random rnd) {
    String c = pick(rnd, COLUMNS);
    return rnd.nextInt(3) == 0 ? "CAST(" + c + " AS " + pick(rnd, TYPES) + ")" : c;
  }

  private static String literal(Random rnd) {
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> pick(rnd, NUMBERS);
      case 2 -> pick(rnd, STRINGS);
      case 3 -> rnd.nextBoolean() ? "TRUE" : "FALSE";
      case 4 -> pick(rnd, TIMESTAMPS);
      default -> rnd.nextInt(4) == 0 ? "NULL" : pick(rnd, NUMBERS);
    };
  }

  /** The condition of {@code SELECT * FROM X WHERE where} as Calcite plans it, or null. */
  private static RexNode plan(String where) {
    SchemaPlus root = Frameworks.createRootSchema(true);
    root.add("X", new AbstractTable() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory f) {
        return rowType(f);
      }
    });
    FrameworkConfig config = Frameworks.newConfigBuilder()
        .defaultSchema(root)
        .parserConfig(SqlParser.config().withLex(Lex.ORACLE)
            .withConformance(SqlConformanceEnum.LENIENT))
        .typeSystem(CoAgentTypeSystem.INSTANCE)
        .build();
    Planner planner = Frameworks.getPlanner(config);
    RelNode rel;
    try {
      SqlNode parsed = planner.parse("SELECT * FROM X WHERE " + where);
      rel = planner.rel(planner.validate(parsed)).project();
    } catch (Exception | AssertionError e) {
      return null; // not a valid condition (a type error): the generator's noise
    } finally {
      planner.close();
    }
    List<RexNode> found = new ArrayList<>();
    rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(LogicalFilter filter) {
        found.add(filter.getCondition());
        return super.visit(filter);
      }
    });
    return found.isEmpty() ? null : found.get(0);
  }
}
