package io.coagent.sql.internal.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Fast path for {@code INSERT ... VALUES} whose cells are literals, parameters or negated numbers
 * (the common case, and the only one where parameters have no type Calcite could infer): the rows
 * are evaluated here without planning. {@link #of} returns null when a cell is anything else.
 */
final class LiteralRows {
  /** A cell: a constant, or a parameter index. */
  private record Cell(Object value, int param) {}

  private final List<List<Cell>> rows;
  private final int parameterCount;

  private LiteralRows(List<List<Cell>> rows, int parameterCount) {
    this.rows = rows;
    this.parameterCount = parameterCount;
  }

  static LiteralRows of(SqlNode source) {
    if (source.getKind() != SqlKind.VALUES) {
      return null;
    }
    List<List<Cell>> rows = new ArrayList<>();
    int params = 0;
    for (SqlNode r : ((SqlCall) source).getOperandList()) {
      if (r.getKind() != SqlKind.ROW) {
        return null;
      }
      List<Cell> row = new ArrayList<>();
      for (SqlNode n : ((SqlCall) r).getOperandList()) {
        Cell c = cell(n);
        if (c == null) {
          return null;
        }
        params = Math.max(params, c.param() + 1);
        row.add(c);
      }
      rows.add(row);
    }
    return new LiteralRows(rows, params);
  }

  /** A one-element array holding the value of constant {@code n}, or null if not a constant. */
  static Object[] constant(SqlNode n) {
    Cell c = n instanceof SqlDynamicParam ? null : cell(n);
    return c == null ? null : new Object[] {c.value()};
  }

  private static Cell cell(SqlNode n) {
    if (n instanceof SqlDynamicParam p) {
      return new Cell(null, p.getIndex());
    }
    if (n.getKind() == SqlKind.MINUS_PREFIX && n instanceof SqlBasicCall c
        && c.operand(0) instanceof SqlLiteral lit && lit.getValue() instanceof BigDecimal d) {
      return new Cell(d.negate(), -1);
    }
    if (!(n instanceof SqlLiteral lit)) {
      return null;
    }
    if (lit instanceof SqlUnknownLiteral u && "TIMESTAMP".equalsIgnoreCase(u.tag)) {
      return timestamp(u); // Calcite defers typing TIMESTAMP '...' literals to validation
    }
    Object v = lit.getValue();
    if (v instanceof NlsString s) {
      return new Cell(s.getValue(), -1);
    }
    if (v instanceof TimestampString ts) {
      return new Cell(ts.getMillisSinceEpoch(), -1);
    }
    if (v == null || v instanceof BigDecimal || v instanceof Boolean) {
      return new Cell(v, -1);
    }
    return null;
  }

  private static Cell timestamp(SqlUnknownLiteral u) {
    try {
      TimestampString ts = u.resolve(SqlTypeName.TIMESTAMP).getValueAs(TimestampString.class);
      return new Cell(ts.getMillisSinceEpoch(), -1);
    } catch (RuntimeException e) {
      return null; // malformed: the planner reports it
    }
  }

  int parameterCount() {
    return parameterCount;
  }

  /** The constant at {@code position} of the first row, as a one-element array; null if a parameter. */
  Object[] firstRowConstant(int position) {
    Cell c = rows.get(0).get(position);
    return c.param() >= 0 ? null : new Object[] {c.value()};
  }

  /** Position within its row of the first cell bound to parameter {@code param}, or -1. */
  int parameterPosition(int param) {
    for (List<Cell> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        if (r.get(i).param() == param) {
          return i;
        }
      }
    }
    return -1;
  }

  int width() {
    return rows.get(0).size();
  }

  boolean ragged() {
    return rows.stream().anyMatch(r -> r.size() != width());
  }

  List<Object[]> evaluate(List<Object> params) {
    List<Object[]> out = new ArrayList<>(rows.size());
    for (List<Cell> r : rows) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        Cell c = r.get(i);
        v[i] = c.param() >= 0 ? params.get(c.param()) : c.value();
      }
      out.add(v);
    }
    return out;
  }
}
