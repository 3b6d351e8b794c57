package io.coagent.sql;

/**
 * One column of a statement's result, described the way {@code ResultSetMetaData} wants it.
 *
 * @param label the column label (alias or column name)
 * @param table the source table, or "" when the column is computed
 * @param jdbcType a {@link java.sql.Types} constant
 * @param typeName the SQL type name
 * @param precision precision or length (0 if not applicable)
 * @param scale scale (0 if not applicable)
 * @param nullable whether the column may hold NULL
 * @param className the Java class of non-null values
 */
public record SqlColumn(
    String label,
    String table,
    int jdbcType,
    String typeName,
    int precision,
    int scale,
    boolean nullable,
    String className) {

  /** A parameter whose type the statement does not determine. */
  public static SqlColumn unknownParameter() {
    return new SqlColumn("", "", java.sql.Types.OTHER, "ANY", 0, 0, true, Object.class.getName());
  }
}
