package io.coagent.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A secondary index: an ordered access path over columns of one table (see
 * {@link CoStore#createIndex}). {@code columns} are column positions of {@code table}, leading
 * column first; {@code unique} makes each non-null combination of their values unique among the
 * rows a trajectory sees (judged in rank order, docs/design/protocol.md).
 */
public record IndexDef(String name, String table, List<Integer> columns, boolean unique) {
  public IndexDef {
    if (name == null || name.isBlank()) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "index name must not be blank");
    }
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new CoAgentException(ErrorCode.INVALID_DEFINITION,
          "index " + name + " needs at least one column; list the columns to index");
    }
    Set<Integer> seen = new HashSet<>();
    for (int c : columns) {
      if (!seen.add(c)) {
        throw new CoAgentException(ErrorCode.INVALID_DEFINITION,
            "index " + name + " lists column position " + c + " twice; list each column once");
      }
    }
  }

  /** The values of the indexed columns of {@code row}, leading column first. */
  public Object[] valuesOf(Object[] row) {
    Object[] v = new Object[columns.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = row[columns.get(i)];
    }
    return v;
  }
}
