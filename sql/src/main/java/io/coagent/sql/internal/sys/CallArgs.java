package io.coagent.sql.internal.sys;

import io.coagent.engine.SqlState;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.sys.Procedure.Param;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.NlsString;

/**
 * The arguments of a {@code CALL}: each a literal or a {@code ?} parameter (no expressions), and
 * their conversion to the procedure's parameter types. Literals are checked when the statement
 * is prepared, parameters when it runs; a mismatch names the procedure, the parameter and a
 * correct call. States: 42804 wrong type, 22004 NULL, 22003 out of range, 22007 bad timestamp,
 * 0A000 expression.
 */
final class CallArgs {
  /** An argument: a constant, or (index >= 0) a parameter. */
  private record Arg(Object value, int param) {}

  private final Procedure proc;
  private final List<Arg> args;
  private final int parameterCount;

  private CallArgs(Procedure proc, List<Arg> args, int parameterCount) {
    this.proc = proc;
    this.args = args;
    this.parameterCount = parameterCount;
  }

  static CallArgs of(Procedure proc, List<SqlNode> operands) throws SQLException {
    List<Arg> args = new ArrayList<>();
    int params = 0;
    for (int i = 0; i < operands.size(); i++) {
      Arg a = arg(operands.get(i));
      if (a == null) {
        throw SqlErrors.of(SqlErrors.FEATURE, "argument " + proc.params().get(i).name() + " of "
            + proc.signature() + " is an expression (" + operands.get(i) + "); pass a literal or"
            + " a ? parameter, e.g. " + proc.example());
      }
      if (a.param() < 0) {
        convert(proc, proc.params().get(i), a.value());
      }
      params = Math.max(params, a.param() + 1);
      args.add(a);
    }
    return new CallArgs(proc, List.copyOf(args), params);
  }

  int parameterCount() {
    return parameterCount;
  }

  /** The arguments, converted to the parameter types, with {@code ?} bound to {@code values}. */
  List<Object> bind(List<Object> values) throws SQLException {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Arg a = args.get(i);
      out.add(convert(proc, proc.params().get(i), a.param() >= 0 ? values.get(a.param())
          : a.value()));
    }
    return out;
  }

  private static Arg arg(SqlNode n) {
    if (n instanceof SqlDynamicParam p) {
      return new Arg(null, p.getIndex());
    }
    if (n.getKind() == SqlKind.MINUS_PREFIX && n instanceof SqlBasicCall c
        && c.operand(0) instanceof SqlLiteral lit && lit.getValue() instanceof BigDecimal d) {
      return new Arg(d.negate(), -1);
    }
    if (n instanceof SqlLiteral lit) {
      Object v = lit.getValue();
      return new Arg(v instanceof NlsString s ? s.getValue() : v, -1);
    }
    return null;
  }

  private static Object convert(Procedure proc, Param p, Object v) throws SQLException {
    String where = "argument " + p.name() + " of " + proc.signature();
    if (v == null) {
      throw new SQLException(where + " must not be NULL; e.g. " + proc.example(), SqlState.NULL_VALUE_NOT_ALLOWED.code());
    }
    if (p.type() == Procedure.Type.TIMESTAMP) {
      return Timestamps.of(v, where);
    }
    if (p.type() == Procedure.Type.VARCHAR) {
      if (v instanceof String s) {
        return s;
      }
      throw mismatch(proc, p, where, v);
    }
    if (!(v instanceof Number n) || v instanceof Double || v instanceof Float) {
      throw mismatch(proc, p, where, v);
    }
    BigDecimal d = n instanceof BigDecimal b ? b : BigDecimal.valueOf(n.longValue());
    try {
      return d.stripTrailingZeros().toBigIntegerExact().longValueExact();
    } catch (ArithmeticException e) {
      if (d.stripTrailingZeros().scale() > 0) {
        throw mismatch(proc, p, where, v);
      }
      throw new SQLException(where + " is out of the BIGINT range: " + v, SqlState.NUMERIC_VALUE_OUT_OF_RANGE.code(), e);
    }
  }

  private static SQLException mismatch(Procedure proc, Param p, String where, Object v) {
    String shown = v instanceof String ? "'" + v + "'" : String.valueOf(v);
    return SqlErrors.of(SqlErrors.TYPE_MISMATCH, where + " must be "
        + (p.type() == Procedure.Type.VARCHAR ? "a string" : "a whole number") + ", got " + shown
        + " (" + sqlType(v) + "); e.g. " + proc.example());
  }

  private static String sqlType(Object v) {
    return v instanceof String ? "VARCHAR" : v instanceof Boolean ? "BOOLEAN"
        : v instanceof Double || v instanceof Float ? "DOUBLE"
        : v instanceof Number ? "NUMERIC" : v.getClass().getSimpleName();
  }
}
