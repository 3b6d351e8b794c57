package io.coagent.sql.internal.sys;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.OpState;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.TableDef;
import io.coagent.engine.WriteInfo;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Spec rule 6: an operation's inverse as executable SQL ({@code SYS.OPERATIONS.UNDO_SQL}), from
 * the engine's before/after image of every row it wrote. Rows are inverted newest first, one
 * statement each, joined by {@code "; "}: a row inserted becomes {@code DELETE} by key, a row
 * updated becomes {@code UPDATE} of exactly the changed columns back to their before values, a
 * row deleted becomes {@code INSERT} of its before-image (a primary-key change, which the engine
 * records as delete + insert, inverts to delete + insert).
 *
 * <p>Tables without a primary key have only a hidden row id, which SQL cannot name and which a
 * re-inserted row does not get back. Their rows are addressed by value instead: every column
 * equal to the after-image ({@code IS NULL} for nulls) with {@code LIMIT 1}. Rows with equal
 * values are indistinguishable in SQL, so affecting any one of them restores the same table.
 *
 * <p>Rendering uses jOOQ's default dialect with every name quoted and every value inlined:
 * standard literals ({@code TIMESTAMP '...'} in UTC, {@code 1.5E0}, exact decimals, doubled
 * quotes), which both our front end and H2 parse. JSON documents are rendered as their text.
 */
public final class UndoSql {
  private static final DSLContext SQL;

  static {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    SQL = DSL.using(SQLDialect.DEFAULT, new Settings()
        .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
        .withRenderNameCase(RenderNameCase.AS_IS)
        .withRenderKeywordCase(RenderKeywordCase.UPPER)
        .withStatementType(StatementType.STATIC_STATEMENT)
        .withRenderFormatted(false));
  }

  private UndoSql() {}

  /**
   * The inverse of {@code op}, or null when there is nothing to invert: a query, a statement
   * that changed no row, a failed or still running statement, or a write to a table that no
   * longer exists.
   */
  public static String of(OperationInfo op, Function<String, Optional<TableDef>> tables) {
    if (op.state() == OpState.FAILED || op.state() == OpState.RUNNING) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = op.writes().size() - 1; i >= 0; i--) {
      WriteInfo w = op.writes().get(i);
      Optional<TableDef> def = tables.apply(w.table());
      if (def.isEmpty()) {
        return null;
      }
      Query q = inverse(def.get(), w);
      if (q != null) {
        out.add(SQL.render(q));
      }
    }
    return out.isEmpty() ? null : String.join("; ", out);
  }

  /** The statement undoing one row write, or null if the write changed nothing. */
  static Query inverse(TableDef def, WriteInfo w) {
    Table<?> t = DSL.table(DSL.name(def.name()));
    if (w.before() == null && w.after() == null) {
      return null;
    }
    if (w.before() == null) {
      return def.hasHiddenKey()
          ? SQL.deleteFrom(t).where(rowIs(def, w.after())).limit(1)
          : SQL.deleteFrom(t).where(keyIs(def, w.after()));
    }
    if (w.after() == null) {
      List<Field<?>> cols = new ArrayList<>();
      List<Field<?>> vals = new ArrayList<>();
      for (int c = 0; c < def.columns().size(); c++) {
        cols.add(column(def.columns().get(c)));
        vals.add(value(def.columns().get(c), w.before()[c]));
      }
      return SQL.insertInto(t).columns(cols).values(vals);
    }
    Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
    for (int c = 0; c < def.columns().size(); c++) {
      if (!same(w.before()[c], w.after()[c])) {
        set.put(column(def.columns().get(c)), value(def.columns().get(c), w.before()[c]));
      }
    }
    if (set.isEmpty()) {
      return null;
    }
    var where = SQL.update(t).set(set);
    return def.hasHiddenKey()
        ? where.where(rowIs(def, w.after())).limit(1)
        : where.where(keyIs(def, w.after()));
  }

  private static Condition keyIs(TableDef def, Object[] row) {
    List<Condition> cs = new ArrayList<>();
    for (int k : def.primaryKey()) {
      cs.add(equal(def.columns().get(k), row[k]));
    }
    return DSL.and(cs);
  }

  private static Condition rowIs(TableDef def, Object[] row) {
    List<Condition> cs = new ArrayList<>();
    for (int c = 0; c < def.columns().size(); c++) {
      cs.add(equal(def.columns().get(c), row[c]));
    }
    return DSL.and(cs);
  }

  @SuppressWarnings("unchecked")
  private static Condition equal(ColumnDef c, Object v) {
    Field<Object> f = (Field<Object>) column(c);
    return v == null ? f.isNull() : f.eq((Field<Object>) value(c, v));
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0 && x.scale() == y.scale();
    }
    return Objects.deepEquals(a, b);
  }

  private static Field<?> column(ColumnDef c) {
    return DSL.field(DSL.name(c.name()), type(c));
  }

  private static DataType<?> type(ColumnDef c) {
    return switch (c.type()) {
      case INTEGER -> SQLDataType.INTEGER;
      case BIGINT -> SQLDataType.BIGINT;
      case DOUBLE -> SQLDataType.DOUBLE;
      case DECIMAL -> SQLDataType.DECIMAL;
      case VARCHAR, JSON -> SQLDataType.VARCHAR;
      case BOOLEAN -> SQLDataType.BOOLEAN;
      // an instant is written as its UTC wall clock: TIMESTAMP WITH TIME ZONE literals do not parse
      case TIMESTAMP, TIMESTAMP_TZ -> SQLDataType.LOCALDATETIME;
      case DATE -> SQLDataType.LOCALDATE;
      case TIME -> SQLDataType.LOCALTIME;
      case UUID -> SQLDataType.UUID;
      case BINARY -> SQLDataType.VARBINARY;
    };
  }

  /** The engine value {@code v} of column {@code c} as an inlined SQL literal. */
  @SuppressWarnings("unchecked")
  static Field<?> value(ColumnDef c, Object v) {
    DataType<Object> type = (DataType<Object>) type(c);
    if (v == null) {
      return DSL.inline((Object) null, type);
    }
    if (c.type() == ColumnType.TIME) {
      // jOOQ renders a LocalTime literal without its fraction; the text is digits only
      return DSL.field(DSL.sql("TIME '" + java.time.format.DateTimeFormatter.ofPattern(
          "HH:mm:ss.SSS").format(java.time.LocalTime.ofNanoOfDay((Integer) v * 1_000_000L)) + "'"),
          SQLDataType.LOCALTIME);
    }
    if (c.type() == ColumnType.UUID) {
      // a bare string literal does not compare with a UUID column in Calcite; a CAST does in both
      return DSL.cast(DSL.inline(v.toString(), SQLDataType.VARCHAR), SQLDataType.UUID);
    }
    Object literal = switch (c.type()) {
      case TIMESTAMP, TIMESTAMP_TZ -> timestamp((Long) v);
      case DATE -> java.time.LocalDate.ofEpochDay((Integer) v);
      default -> v;
    };
    return DSL.inline(literal, type);
  }

  private static LocalDateTime timestamp(long millis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000),
        Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
  }
}
