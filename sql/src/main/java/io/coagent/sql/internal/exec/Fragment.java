package io.coagent.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.util.SqlString;

/**
 * Generated SQL text plus where each of its {@code ?} takes its value from: a parameter of the
 * user's statement, or a column of the current MERGE source row ({@link SourceRefs} turned those
 * references into parameters with indices from {@link #SOURCE_BASE}). Calcite numbers the
 * {@code ?}s of the text in order; Calcite's unparser reports which original index each one had,
 * so the mapping is exact however the expression was reordered in the text.
 */
final class Fragment {
  /** Dynamic-parameter indices at or above this denote source column {@code index - SOURCE_BASE}. */
  static final int SOURCE_BASE = 1 << 20;

  private final String sql;
  private final int[] bindings;

  private Fragment(String sql, int[] bindings) {
    this.sql = sql;
    this.bindings = bindings;
  }

  String sql() {
    return sql;
  }

  /** The values of this fragment's {@code ?}s, in text order. */
  List<Object> bind(List<Object> params, Object[] sourceRow) {
    List<Object> out = new ArrayList<>(bindings.length);
    for (int b : bindings) {
      out.add(b >= SOURCE_BASE ? sourceRow[b - SOURCE_BASE] : params.get(b));
    }
    return out;
  }

  static Builder builder() {
    return new Builder();
  }

  static Fragment of(SqlNode node) {
    return builder().node(node).build();
  }

  /** Concatenates literal text and unparsed nodes. */
  static final class Builder {
    private final StringBuilder sql = new StringBuilder();
    private final List<Integer> bindings = new ArrayList<>();

    Builder text(String s) {
      sql.append(s);
      return this;
    }

    Builder node(SqlNode n) {
      SqlString s = n.toSqlString(CalciteSqlDialect.DEFAULT);
      sql.append(s.getSql());
      if (s.getDynamicParameters() != null) {
        bindings.addAll(s.getDynamicParameters());
      }
      return this;
    }

    Fragment build() {
      return new Fragment(sql.toString(), bindings.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
