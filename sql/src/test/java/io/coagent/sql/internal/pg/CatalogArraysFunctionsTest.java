package io.coagent.sql.internal.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The functions behind catalog queries' array subscripts and generate_series. */
class CatalogArraysFunctionsTest {
  @Test
  void subscriptOfAnArray_countsFromOne_ofAVector_fromZero() {
    assertEquals(3, PgFunctions.pg_subscript("{3,1,2}", 1));
    assertEquals(2, PgFunctions.pg_subscript("{3, 1, 2}", 3));
    assertEquals(3, PgFunctions.pg_subscript("3 1 2", 0)); // int2vector, as pg_index.indkey
    assertEquals(2, PgFunctions.pg_subscript("3 1 2", 2));
  }

  @Test
  void subscriptOutsideTheArray_orOfNull_orOfText_isNull() {
    assertNull(PgFunctions.pg_subscript("{3,1}", 0));
    assertNull(PgFunctions.pg_subscript("{3,1}", 3));
    assertNull(PgFunctions.pg_subscript("3 1", 2));
    assertNull(PgFunctions.pg_subscript("{}", 1));
    assertNull(PgFunctions.pg_subscript(null, 1));
    assertNull(PgFunctions.pg_subscript("{1}", null));
    assertNull(PgFunctions.pg_subscript("{fillfactor=70}", 1));
  }

  @Test
  void generateSeries_yieldsStartToStop_noneWhenEmptyOrNull_refusesHugeRanges() {
    assertEquals(List.of(1, 2, 3), series(1, 3));
    assertEquals(List.of(-1, 0), series(-1, 0));
    assertEquals(List.of(), series(3, 1));
    assertEquals(List.of(), series(null, 3));
    assertEquals(List.of(), series(1, null));
    assertThrows(IllegalArgumentException.class, () -> PgCatalog.generateSeries(0,
        (int) PgCatalog.MAX_SERIES));
    assertEquals((int) PgCatalog.MAX_SERIES, series(1, (int) PgCatalog.MAX_SERIES).size());
  }

  private static List<Integer> series(Integer start, Integer stop) {
    List<Integer> out = new ArrayList<>();
    for (Object[] row : PgCatalog.generateSeries(start, stop).scan(null)) {
      out.add((Integer) row[0]);
    }
    return out;
  }
}
