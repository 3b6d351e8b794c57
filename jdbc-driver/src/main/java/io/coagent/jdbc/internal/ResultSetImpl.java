package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.sql.SqlColumn;
import java.math.BigDecimal;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;

/**
 * A forward-only, read-only result over materialized rows (the engine operation that produced
 * them has already ended, so reading the rows never touches the store).
 */
final class ResultSetImpl extends AbstractResultSet {
  private final Statement statement;
  private final List<SqlColumn> columns;
  private final List<Object[]> rows;
  private int cursor = -1;
  private boolean wasNull;
  private boolean closed;

  ResultSetImpl(Statement statement, List<SqlColumn> columns, List<Object[]> rows) {
    this.statement = statement;
    this.columns = columns;
    this.rows = rows;
  }

  private Object value(int column) throws SQLException {
    if (closed) {
      throw Errors.closed("result set");
    }
    if (cursor < 0 || cursor >= rows.size()) {
      throw new SQLException("the cursor is not on a row; call next()", SqlState.INVALID_CURSOR_STATE.code());
    }
    if (column < 1 || column > columns.size()) {
      throw new SQLException("column index " + column + " is out of range 1.." + columns.size(),
          SqlState.INVALID_DESCRIPTOR_INDEX.code());
    }
    Object v = rows.get(cursor)[column - 1];
    wasNull = v == null;
    return v;
  }

  @Override
  public boolean next() throws SQLException {
    if (closed) {
      throw Errors.closed("result set");
    }
    if (cursor < rows.size()) {
      cursor++;
    }
    return cursor < rows.size();
  }

  @Override
  public int findColumn(String label) throws SQLException {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).label().equalsIgnoreCase(label)) {
        return i + 1;
      }
    }
    throw new SQLException("no column " + label + " in the result", SqlState.UNDEFINED_COLUMN.code());
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  @Override
  public Object getObject(int i) throws SQLException {
    return value(i);
  }

  @Override
  public <T> T getObject(int i, Class<T> type) throws SQLException {
    return Conversions.as(value(i), type);
  }

  @Override
  public String getString(int i) throws SQLException {
    return Conversions.string(value(i));
  }

  @Override
  public boolean getBoolean(int i) throws SQLException {
    return Conversions.bool(value(i));
  }

  @Override
  public byte getByte(int i) throws SQLException {
    return Conversions.number(value(i), "TINYINT").byteValue();
  }

  @Override
  public short getShort(int i) throws SQLException {
    return Conversions.number(value(i), "SMALLINT").shortValue();
  }

  @Override
  public int getInt(int i) throws SQLException {
    return Conversions.number(value(i), "INTEGER").intValue();
  }

  @Override
  public long getLong(int i) throws SQLException {
    return Conversions.number(value(i), "BIGINT").longValue();
  }

  @Override
  public float getFloat(int i) throws SQLException {
    return Conversions.number(value(i), "REAL").floatValue();
  }

  @Override
  public double getDouble(int i) throws SQLException {
    return Conversions.number(value(i), "DOUBLE").doubleValue();
  }

  @Override
  public BigDecimal getBigDecimal(int i) throws SQLException {
    return Conversions.decimal(value(i));
  }

  @Override
  public Timestamp getTimestamp(int i) throws SQLException {
    return Conversions.timestamp(value(i));
  }

  @Override
  public Timestamp getTimestamp(int i, java.util.Calendar cal) throws SQLException {
    return getTimestamp(i);
  }

  @Override
  public java.sql.Date getDate(int i) throws SQLException {
    Timestamp t = getTimestamp(i);
    return t == null ? null : new java.sql.Date(t.getTime());
  }

  @Override
  public Object getObject(String l) throws SQLException {
    return getObject(findColumn(l));
  }

  @Override
  public <T> T getObject(String l, Class<T> type) throws SQLException {
    return getObject(findColumn(l), type);
  }

  @Override
  public String getString(String l) throws SQLException {
    return getString(findColumn(l));
  }

  @Override
  public boolean getBoolean(String l) throws SQLException {
    return getBoolean(findColumn(l));
  }

  @Override
  public int getInt(String l) throws SQLException {
    return getInt(findColumn(l));
  }

  @Override
  public long getLong(String l) throws SQLException {
    return getLong(findColumn(l));
  }

  @Override
  public double getDouble(String l) throws SQLException {
    return getDouble(findColumn(l));
  }

  @Override
  public BigDecimal getBigDecimal(String l) throws SQLException {
    return getBigDecimal(findColumn(l));
  }

  @Override
  public Timestamp getTimestamp(String l) throws SQLException {
    return getTimestamp(findColumn(l));
  }

  @Override
  public ResultSetMetaData getMetaData() {
    return new ResultSetMetaDataImpl(columns);
  }

  @Override
  public Statement getStatement() {
    return statement;
  }

  @Override
  public int getRow() {
    return cursor >= 0 && cursor < rows.size() ? cursor + 1 : 0;
  }

  @Override
  public boolean isBeforeFirst() {
    return cursor < 0 && !rows.isEmpty();
  }

  @Override
  public boolean isAfterLast() {
    return cursor >= rows.size() && !rows.isEmpty();
  }

  @Override
  public int getType() {
    return TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() {
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getFetchDirection() {
    return FETCH_FORWARD;
  }

  @Override
  public void setFetchSize(int rows) {}

  @Override
  public int getFetchSize() {
    return 0;
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {}

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

}
