package io.coagent.sql;

import java.util.List;

/**
 * The materialized outcome of one statement: either rows (a query; {@code updateCount} is -1) or an
 * update count (DML and DDL; {@code columns} and {@code rows} are empty). Rows hold JDBC-friendly
 * values in UTC form: {@code java.sql.Timestamp} for TIMESTAMP (epoch millis are the wall clock
 * read as UTC) and TIMESTAMP WITH TIME ZONE (the instant), {@code java.sql.Date} at UTC midnight,
 * {@code java.sql.Time} of UTC millis, {@code UUID}, {@code byte[]} for VARBINARY, {@code String}
 * for JSON documents. The JDBC driver applies the caller's time zone at its boundary.
 *
 * @param generatedKeys for INSERT: the key of every inserted row, one array per row
 */
public record SqlResult(
    List<SqlColumn> columns, List<Object[]> rows, long updateCount, List<Object[]> generatedKeys) {

  public SqlResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    generatedKeys = List.copyOf(generatedKeys);
  }

  public static SqlResult rows(List<SqlColumn> columns, List<Object[]> rows) {
    return new SqlResult(columns, rows, -1, List.of());
  }

  public static SqlResult count(long updateCount) {
    return new SqlResult(List.of(), List.of(), updateCount, List.of());
  }

  public static SqlResult count(long updateCount, List<Object[]> generatedKeys) {
    return new SqlResult(List.of(), List.of(), updateCount, generatedKeys);
  }

  public boolean isQuery() {
    return updateCount < 0;
  }
}
