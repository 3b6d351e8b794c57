package io.coagent.sql.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.TableDef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** The key access path chosen for pushed filters: point, composite-key prefix, range, or all. */
class FilterTranslatorTest {
  private static final RelDataTypeFactory TYPES = new JavaTypeFactoryImpl();
  private static final RexBuilder REX = new RexBuilder(TYPES);
  /** TASKS(PROJECT VARCHAR, N INTEGER, SUB INTEGER, TITLE VARCHAR), key (PROJECT, N, SUB). */
  private static final TableDef TASKS = TableDef.of("TASKS", List.of(
      ColumnDef.notNull("PROJECT", ColumnType.VARCHAR), ColumnDef.notNull("N", ColumnType.INTEGER),
      ColumnDef.notNull("SUB", ColumnType.INTEGER), ColumnDef.of("TITLE", ColumnType.VARCHAR)),
      0, 1, 2);
  private static final TableDef SINGLE = TableDef.of("P", List.of(
      ColumnDef.notNull("ID", ColumnType.INTEGER), ColumnDef.of("V", ColumnType.INTEGER)), 0);

  private static RexNode col(int i) {
    return REX.makeInputRef(TYPES.createSqlType(i == 0 || i == 3 ? SqlTypeName.VARCHAR
        : SqlTypeName.INTEGER), i);
  }

  private static RexNode cmp(SqlOperator op, int column, Object v) {
    RexNode lit = v instanceof String s ? REX.makeLiteral(s)
        : REX.makeExactLiteral(BigDecimal.valueOf((Integer) v));
    return REX.makeCall(op, col(column), lit);
  }

  private static ScanPlan plan(TableDef def, List<RexNode> filters) {
    return FilterTranslator.translate(def, filters, null);
  }

  @Test
  void equalityOnTheLeadingKeyColumnIsAPrefixRangeAndLeavesNoResidualFilter() {
    List<RexNode> filters = new ArrayList<>(List.of(cmp(SqlStdOperatorTable.EQUALS, 0, "b")));
    ScanPlan p = plan(TASKS, filters);
    assertNull(p.point());
    assertEquals(KeyRange.prefix(Key.of("b")), p.range());
    assertTrue(filters.isEmpty(), "the prefix range enforces the filter exactly");
  }

  @Test
  void equalityOnTwoLeadingColumnsIsALongerPrefix() {
    List<RexNode> filters = new ArrayList<>(List.of(cmp(SqlStdOperatorTable.EQUALS, 1, 7),
        cmp(SqlStdOperatorTable.EQUALS, 0, "b"), cmp(SqlStdOperatorTable.EQUALS, 3, "t")));
    ScanPlan p = plan(TASKS, filters);
    assertEquals(KeyRange.prefix(Key.of("b", 7)), p.range());
    assertEquals(1, filters.size(), "the TITLE filter stays for Calcite");
    assertTrue(p.filterColumns().get(3));
  }

  @Test
  void equalityOnEveryKeyColumnIsAPointRead() {
    List<RexNode> filters = new ArrayList<>(List.of(cmp(SqlStdOperatorTable.EQUALS, 0, "b"),
        cmp(SqlStdOperatorTable.EQUALS, 1, 7), cmp(SqlStdOperatorTable.EQUALS, 2, 1)));
    assertEquals(Key.of("b", 7, 1), plan(TASKS, filters).point());
    assertTrue(filters.isEmpty());
  }

  @Test
  void aRangeOnTheColumnAfterThePrefixNarrowsTheRange() {
    List<RexNode> filters = new ArrayList<>(List.of(cmp(SqlStdOperatorTable.EQUALS, 0, "b"),
        cmp(SqlStdOperatorTable.GREATER_THAN, 1, 5), cmp(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, 1, 8)));
    KeyRange r = plan(TASKS, filters).range();
    assertTrue(filters.isEmpty());
    assertFalse(r.contains(Key.of("b", 5, 99)), "n > 5 excludes every (b, 5, *)");
    assertTrue(r.contains(Key.of("b", 6, 0)));
    assertTrue(r.contains(Key.of("b", 8, 99)), "n <= 8 includes every (b, 8, *)");
    assertFalse(r.contains(Key.of("b", 9, 0)));
    assertFalse(r.contains(Key.of("a", 7, 0)) || r.contains(Key.of("c", 7, 0)));
  }

  @Test
  void aKeyColumnWithoutTheLeadingOnesScansEverythingWithThePredicate() {
    List<RexNode> filters = new ArrayList<>(List.of(cmp(SqlStdOperatorTable.EQUALS, 1, 7)));
    ScanPlan p = plan(TASKS, filters);
    assertTrue(p.range().isAll());
    assertEquals(1, filters.size());
    assertTrue(p.predicate().test(new Object[] {"x", 7, 0, null}));
    assertFalse(p.predicate().test(new Object[] {"x", 8, 0, null}));
  }

  @Test
  void singleColumnKeyRangesAreUnchanged() {
    List<RexNode> filters = new ArrayList<>(List.of(cmp(SqlStdOperatorTable.GREATER_THAN, 0, 5),
        cmp(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, 0, 9)));
    assertEquals(new KeyRange(Key.of(5), false, Key.of(9), true), plan(SINGLE, filters).range());
    assertTrue(filters.isEmpty());
    assertEquals(Key.of(5), plan(SINGLE,
        new ArrayList<>(List.of(cmp(SqlStdOperatorTable.EQUALS, 0, 5)))).point());
  }

  @Test
  void contradictoryEqualitiesStayAsResidualFilters() {
    List<RexNode> filters = new ArrayList<>(List.of(cmp(SqlStdOperatorTable.EQUALS, 0, 1),
        cmp(SqlStdOperatorTable.EQUALS, 0, 2)));
    plan(SINGLE, filters);
    assertEquals(2, filters.size(), "Calcite must still see id = 1 AND id = 2");
  }
}
