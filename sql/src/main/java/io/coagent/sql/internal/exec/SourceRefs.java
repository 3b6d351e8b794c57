package io.coagent.sql.internal.exec;

import io.coagent.engine.ColumnType;
import io.coagent.engine.TableDef;
import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.schema.TypeMapping;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites the ON condition and the WHEN clauses of a MERGE so that every reference to a source
 * column ({@code s.col}, or a bare {@code col} that only the source has) becomes a dynamic
 * parameter numbered from {@link Fragment#SOURCE_BASE}. The rewritten expressions then run as
 * ordinary parameterized queries over the target table alone, once per source row, so the
 * target's reads are key point reads or predicate scans (precise footprints), not a join's scan.
 *
 * <p>In computed values ({@link #rewriteTyped}) a reference to a source column of known type
 * becomes {@code CAST(? AS type)}, so that {@code UPPER(s.v)} can be typed; the ON condition keeps
 * bare parameters, whose type Calcite infers from the compared column and whose value the scan
 * pushdown can read (a CAST would hide the key from the point read).
 */
final class SourceRefs extends SqlShuttle {
  private final String alias;
  private final List<String> columns;
  private final List<ColumnType> types;
  private final TableDef target;
  private boolean typed;

  SourceRefs(MergeSource source, TableDef target) {
    this.alias = source.alias();
    this.columns = source.columns();
    this.types = source.types();
    this.target = target;
  }

  /** {@code node} with source references replaced; fails 42S22 on an unknown source column. */
  SqlNode rewrite(SqlNode node) throws SQLException {
    return rewrite(node, false);
  }

  /** As {@link #rewrite}, with references to source columns of known type cast to it. */
  SqlNode rewriteTyped(SqlNode node) throws SQLException {
    return rewrite(node, true);
  }

  private SqlNode rewrite(SqlNode node, boolean typed) throws SQLException {
    this.typed = typed;
    try {
      return node.accept(this);
    } catch (Unknown e) {
      throw SqlErrors.of(SqlErrors.UNKNOWN_COLUMN, "column " + alias + "." + e.getMessage()
          + " does not exist in the MERGE source; its columns are " + columns);
    }
  }

  @Override
  public SqlNode visit(SqlIdentifier id) {
    if (id.isStar()) {
      return id;
    }
    if (id.names.size() == 2 && id.names.get(0).equals(alias)) {
      int j = columns.indexOf(id.names.get(1));
      if (j < 0) {
        throw new Unknown(id.names.get(1));
      }
      return param(j, id.getParserPosition());
    }
    if (id.names.size() == 1 && target.columnIndex(id.names.get(0)) < 0) {
      int j = columns.indexOf(id.names.get(0));
      if (j >= 0) {
        return param(j, id.getParserPosition());
      }
    }
    return id;
  }

  private SqlNode param(int j, SqlParserPos pos) {
    SqlNode p = new SqlDynamicParam(Fragment.SOURCE_BASE + j, pos);
    ColumnType t = types.get(j);
    return !typed || t == null ? p : SqlStdOperatorTable.CAST.createCall(pos, p, spec(t, pos));
  }

  private static SqlDataTypeSpec spec(ColumnType t, SqlParserPos pos) {
    SqlBasicTypeNameSpec name = switch (t) {
      case INTEGER -> new SqlBasicTypeNameSpec(SqlTypeName.INTEGER, pos);
      case BIGINT -> new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos);
      case DOUBLE -> new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos);
      case DECIMAL -> new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL,
          TypeMapping.DECIMAL_PRECISION, TypeMapping.DECIMAL_SCALE, pos);
      case VARCHAR, JSON -> new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos);
      case BOOLEAN -> new SqlBasicTypeNameSpec(SqlTypeName.BOOLEAN, pos);
      case TIMESTAMP, TIMESTAMP_TZ -> new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP, 3, pos);
      case DATE -> new SqlBasicTypeNameSpec(SqlTypeName.DATE, pos);
      case TIME -> new SqlBasicTypeNameSpec(SqlTypeName.TIME, 3, pos);
      case UUID -> new SqlBasicTypeNameSpec(SqlTypeName.UUID, pos);
      case BINARY -> new SqlBasicTypeNameSpec(SqlTypeName.VARBINARY, pos);
    };
    return new SqlDataTypeSpec(name, pos);
  }

  /** Carries an unknown source column name out of the visitor. */
  private static final class Unknown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unknown(String column) {
      super(column, null, false, false);
    }
  }
}
