package io.coagent.sql.internal.schema;

import io.coagent.engine.RowPredicate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.SchemaPlus;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A scan's compiled predicate ({@link PredicateCompiler}) together with an independent
 * {@link #reference()}: the scan's pushed filters evaluated by code Calcite generates for them
 * ({@link RexExecutorImpl}, the same translation as the Filter above the scan), with the
 * statement's parameter and context values captured when the scan ran. {@code SYS.VERIFY} checks
 * with it that the footprint covered every row the query's condition accepts in the serial state,
 * so a compiler bug cannot certify itself.
 *
 * <p>Cost: the reference is generated (Janino) only when the check asks for it, once per distinct
 * filter list and row type (a small cache); a scan only captures its parameter values.
 */
final class ReferencePredicate implements RowPredicate {
  private static final int CACHE = 128;
  /** What generated code may read besides the row and parameters (not SQL_ADVISOR: costly). */
  private static final DataContext.Variable[] CONTEXT = {DataContext.Variable.TIME_ZONE,
      DataContext.Variable.LOCALE, DataContext.Variable.CURRENT_TIMESTAMP,
      DataContext.Variable.LOCAL_TIMESTAMP, DataContext.Variable.UTC_TIMESTAMP,
      DataContext.Variable.USER, DataContext.Variable.SYSTEM_USER,
      DataContext.Variable.TIME_FRAME_SET};
  private static final Map<String, Function1<DataContext, Object[]>> CODE =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Function1<DataContext, Object[]>> e) {
          return size() > CACHE;
        }
      };

  private final RowPredicate compiled;
  private final RexNode condition;
  private final RelDataType rowType;
  private final Map<String, Object> context;

  private ReferencePredicate(RowPredicate compiled, RexNode condition, RelDataType rowType,
      Map<String, Object> context) {
    this.compiled = compiled;
    this.condition = condition;
    this.rowType = rowType;
    this.context = context;
  }

  /**
   * {@code compiled} with a reference for {@code filters} over a row of {@code rowType}, or
   * {@code compiled} alone when there are no filters or a filter reads a column past the stored
   * row (the DML scan's {@code $KEY}).
   */
  static RowPredicate of(RowPredicate compiled, List<RexNode> filters, RelDataType rowType,
      int storedColumns, DataContext root) {
    if (filters.isEmpty()) {
      return compiled;
    }
    RexBuilder rex = new RexBuilder(new JavaTypeFactoryImpl());
    RexNode condition = RexUtil.composeConjunction(rex, filters);
    if (RelOptUtil.InputFinder.bits(condition).length() > storedColumns) {
      return compiled;
    }
    Map<String, Object> context = new HashMap<>();
    if (root != null) {
      for (DataContext.Variable v : CONTEXT) {
        Object value = root.get(v.camelName);
        if (value != null) {
          context.put(v.camelName, value);
        }
      }
      condition.accept(new RexShuttle() {
        @Override
        public RexNode visitDynamicParam(RexDynamicParam p) {
          context.put("?" + p.getIndex(), root.get("?" + p.getIndex()));
          return p;
        }
      });
    }
    return new ReferencePredicate(compiled, condition, rowType, context);
  }

  @Override
  public boolean test(Object[] values) {
    return compiled.test(values);
  }

  @Override
  public RowPredicate reference() {
    Function1<DataContext, Object[]> code;
    try {
      code = code();
    } catch (RuntimeException e) {
      return null; // Calcite cannot generate code for it (nor could the query run): no check
    }
    return values -> {
      try {
        Object[] out = code.apply(new Row(values));
        return out != null && Boolean.TRUE.equals(out[0]);
      } catch (RuntimeException e) {
        return false; // the query fails on this row: it accepts nothing there
      }
    };
  }

  private Function1<DataContext, Object[]> code() {
    String key = condition + " @ " + rowType.getFullTypeString();
    synchronized (CODE) {
      Function1<DataContext, Object[]> f = CODE.get(key);
      if (f == null) {
        RexBuilder rex = new RexBuilder(new JavaTypeFactoryImpl());
        f = RexExecutorImpl.getExecutable(rex, List.of(condition), rowType).getFunction();
        CODE.put(key, f);
      }
      return f;
    }
  }

  /** The captured context with one row as the executor's input record. */
  private final class Row implements DataContext {
    private final Object[] values;

    Row(Object[] values) {
      this.values = values;
    }

    @Override
    public @Nullable SchemaPlus getRootSchema() {
      return null;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return new JavaTypeFactoryImpl();
    }

    @Override
    public QueryProvider getQueryProvider() {
      throw new UnsupportedOperationException("a reference predicate runs no query");
    }

    @Override
    public @Nullable Object get(String name) {
      return "inputRecord".equals(name) ? values : context.get(name);
    }
  }
}
