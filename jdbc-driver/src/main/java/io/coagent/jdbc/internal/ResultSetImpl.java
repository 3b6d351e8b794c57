package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.session.Conversions;
import io.coagent.session.SessionErrors;
import io.coagent.session.TemporalValues;
import io.coagent.sql.SqlColumn;
import java.math.BigDecimal;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;

/**
 * A read-only result over materialized rows (the engine operation that produced them has already
 * ended, so reading the rows never touches the store). Forward-only, or scroll-insensitive when
 * its statement asked for {@code TYPE_SCROLL_INSENSITIVE}: the cursor then moves freely over the
 * same rows ({@code cursor} -1 is before the first row, {@code rows.size()} after the last).
 *
 * <p>Closed state: closed by {@link #close()}, by its statement closing or executing again, or
 * with its connection. Every method but {@code close} and {@code isClosed} then fails: 08003 if
 * the connection is closed, else 55000.
 */
final class ResultSetImpl extends AbstractResultSet {
  private final StatementImpl statement;
  private final ConnectionImpl conn;
  private final List<SqlColumn> columns;
  private final List<Object[]> rows;
  private final int type;
  private int cursor = -1;
  private int fetchDirection = FETCH_FORWARD;
  private boolean wasNull;
  private boolean closed;

  /** A statement's result: it closes with the statement and its connection. */
  ResultSetImpl(StatementImpl statement, List<SqlColumn> columns, List<Object[]> rows) {
    this(statement, statement.connectionImpl(), columns, rows);
  }

  /** A metadata result (no statement): it closes with its connection. */
  ResultSetImpl(ConnectionImpl conn, List<SqlColumn> columns, List<Object[]> rows) {
    this(null, conn, columns, rows);
  }

  private ResultSetImpl(StatementImpl statement, ConnectionImpl conn, List<SqlColumn> columns,
      List<Object[]> rows) {
    this.type = statement == null ? TYPE_FORWARD_ONLY : statement.resultSetTypeValue();
    this.statement = statement;
    this.conn = conn;
    this.columns = columns;
    this.rows = rows;
  }

  @Override
  void checkOpen() throws SQLException {
    conn.checkOpen();
    if (isClosed()) {
      throw Errors.resultSetClosed();
    }
  }

  private Object value(int column) throws SQLException {
    checkOpen();
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
    checkOpen();
    if (cursor < rows.size()) {
      cursor++;
    }
    return cursor < rows.size();
  }

  @Override
  public int findColumn(String label) throws SQLException {
    checkOpen();
    if (label == null) {
      throw AbstractStatement.notNull("columnLabel");
    }
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).label().equalsIgnoreCase(label)) {
        return i + 1;
      }
    }
    throw new SQLException("no column " + label + " in the result", SqlState.UNDEFINED_COLUMN.code());
  }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    return wasNull;
  }

  @Override
  public Object getObject(int i) throws SQLException {
    checkOpen();
    return TemporalValues.object(value(i), jdbcType(i));
  }

  private int jdbcType(int i) {
    return i >= 1 && i <= columns.size() ? columns.get(i - 1).jdbcType() : java.sql.Types.OTHER;
  }

  @Override
  public <T> T getObject(int i, Class<T> type) throws SQLException {
    checkOpen();
    if (type == null) {
      throw AbstractStatement.notNull("type");
    }
    Object v = value(i);
    int t = jdbcType(i);
    return SessionErrors.guard("ResultSet.getObject(" + i + ", " + type.getName() + ")",
        () -> Conversions.object(v, t, type));
  }

  @Override
  public String getString(int i) throws SQLException {
    checkOpen();
    Object v = value(i);
    return TemporalValues.string(v, jdbcType(i));
  }

  @Override
  public boolean getBoolean(int i) throws SQLException {
    checkOpen();
    return Conversions.bool(value(i));
  }

  @Override
  public byte getByte(int i) throws SQLException {
    checkOpen();
    return (byte) Conversions.integral(value(i), "TINYINT", Byte.MIN_VALUE, Byte.MAX_VALUE);
  }

  @Override
  public short getShort(int i) throws SQLException {
    checkOpen();
    return (short) Conversions.integral(value(i), "SMALLINT", Short.MIN_VALUE,
        Short.MAX_VALUE);
  }

  @Override
  public int getInt(int i) throws SQLException {
    checkOpen();
    return (int) Conversions.integral(value(i), "INTEGER", Integer.MIN_VALUE,
        Integer.MAX_VALUE);
  }

  @Override
  public long getLong(int i) throws SQLException {
    checkOpen();
    return Conversions.integral(value(i), "BIGINT", Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Override
  public float getFloat(int i) throws SQLException {
    checkOpen();
    return Conversions.number(value(i), "REAL").floatValue();
  }

  @Override
  public double getDouble(int i) throws SQLException {
    checkOpen();
    return Conversions.number(value(i), "DOUBLE").doubleValue();
  }

  @Override
  public BigDecimal getBigDecimal(int i) throws SQLException {
    checkOpen();
    return Conversions.decimal(value(i));
  }

  @Override
  public Timestamp getTimestamp(int i) throws SQLException {
    checkOpen();
    return TemporalValues.timestamp(value(i), jdbcType(i), null);
  }

  @Override
  public Timestamp getTimestamp(int i, java.util.Calendar cal) throws SQLException {
    checkOpen();
    return TemporalValues.timestamp(value(i), jdbcType(i), cal);
  }

  @Override
  public java.sql.Date getDate(int i) throws SQLException {
    checkOpen();
    return TemporalValues.date(value(i), null);
  }

  @Override
  public java.sql.Date getDate(int i, java.util.Calendar cal) throws SQLException {
    checkOpen();
    return TemporalValues.date(value(i), cal);
  }

  @Override
  public java.sql.Time getTime(int i) throws SQLException {
    checkOpen();
    return TemporalValues.time(value(i), null);
  }

  @Override
  public java.sql.Time getTime(int i, java.util.Calendar cal) throws SQLException {
    checkOpen();
    return TemporalValues.time(value(i), cal);
  }

  @Override
  public byte[] getBytes(int i) throws SQLException {
    checkOpen();
    return TemporalValues.bytes(value(i));
  }

  @Override
  public java.io.InputStream getBinaryStream(int i) throws SQLException {
    byte[] b = getBytes(i);
    return b == null ? null : new java.io.ByteArrayInputStream(b);
  }

  @Override
  public java.sql.Blob getBlob(int i) throws SQLException {
    byte[] b = getBytes(i);
    return b == null ? null : new javax.sql.rowset.serial.SerialBlob(b);
  }

  @Override
  public java.io.Reader getCharacterStream(int i) throws SQLException {
    String s = getString(i);
    return s == null ? null : new java.io.StringReader(s);
  }

  @Override
  public java.sql.Clob getClob(int i) throws SQLException {
    String s = getString(i);
    return s == null ? null : new javax.sql.rowset.serial.SerialClob(s.toCharArray());
  }

  @Override
  public java.sql.Date getDate(String l) throws SQLException {
    checkOpen();
    return getDate(findColumn(l));
  }

  @Override
  public java.sql.Time getTime(String l) throws SQLException {
    checkOpen();
    return getTime(findColumn(l));
  }

  @Override
  public byte[] getBytes(String l) throws SQLException {
    checkOpen();
    return getBytes(findColumn(l));
  }

  @Override
  public java.io.Reader getCharacterStream(String l) throws SQLException {
    checkOpen();
    return getCharacterStream(findColumn(l));
  }

  @Override
  public Object getObject(String l) throws SQLException {
    checkOpen();
    return getObject(findColumn(l));
  }

  @Override
  public <T> T getObject(String l, Class<T> type) throws SQLException {
    checkOpen();
    return getObject(findColumn(l), type);
  }

  @Override
  public String getString(String l) throws SQLException {
    checkOpen();
    return getString(findColumn(l));
  }

  @Override
  public boolean getBoolean(String l) throws SQLException {
    checkOpen();
    return getBoolean(findColumn(l));
  }

  @Override
  public byte getByte(String l) throws SQLException {
    checkOpen();
    return getByte(findColumn(l));
  }

  @Override
  public short getShort(String l) throws SQLException {
    checkOpen();
    return getShort(findColumn(l));
  }

  @Override
  public float getFloat(String l) throws SQLException {
    checkOpen();
    return getFloat(findColumn(l));
  }

  @Override
  public int getInt(String l) throws SQLException {
    checkOpen();
    return getInt(findColumn(l));
  }

  @Override
  public long getLong(String l) throws SQLException {
    checkOpen();
    return getLong(findColumn(l));
  }

  @Override
  public double getDouble(String l) throws SQLException {
    checkOpen();
    return getDouble(findColumn(l));
  }

  @Override
  public BigDecimal getBigDecimal(String l) throws SQLException {
    checkOpen();
    return getBigDecimal(findColumn(l));
  }

  @Override
  public Timestamp getTimestamp(String l) throws SQLException {
    checkOpen();
    return getTimestamp(findColumn(l));
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return new ResultSetMetaDataImpl(columns);
  }

  @Override
  public Statement getStatement() throws SQLException {
    checkOpen();
    return statement;
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    return cursor >= 0 && cursor < rows.size() ? cursor + 1 : 0;
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    return cursor < 0 && !rows.isEmpty();
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    return cursor >= rows.size() && !rows.isEmpty();
  }

  @Override
  public int getType() throws SQLException {
    checkOpen();
    return type;
  }

  // ---- scrolling (TYPE_SCROLL_INSENSITIVE only) ----

  private void checkScrollable(String method) throws SQLException {
    checkOpen();
    if (type == TYPE_FORWARD_ONLY) {
      throw SqlState.INVALID_CURSOR_STATE.exception("ResultSet." + method + " needs a scrollable "
          + "result set, and this one is TYPE_FORWARD_ONLY; create the statement with "
          + "ResultSet.TYPE_SCROLL_INSENSITIVE");
    }
  }

  /** Moves to row index {@code index}, clamped to before-first/after-last; whether on a row. */
  private boolean moveTo(long index) {
    cursor = (int) Math.max(-1, Math.min(rows.size(), index));
    return cursor >= 0 && cursor < rows.size();
  }

  @Override
  public boolean absolute(int row) throws SQLException {
    checkScrollable("absolute");
    return moveTo(row > 0 ? row - 1L : row < 0 ? (long) rows.size() + row : -1);
  }

  @Override
  public boolean relative(int offset) throws SQLException {
    checkScrollable("relative");
    return moveTo((long) cursor + offset);
  }

  @Override
  public boolean previous() throws SQLException {
    checkScrollable("previous");
    return moveTo(cursor - 1L);
  }

  @Override
  public boolean first() throws SQLException {
    checkScrollable("first");
    return moveTo(rows.isEmpty() ? -1 : 0);
  }

  @Override
  public boolean last() throws SQLException {
    checkScrollable("last");
    return moveTo(rows.size() - 1L);
  }

  @Override
  public void beforeFirst() throws SQLException {
    checkScrollable("beforeFirst");
    cursor = -1;
  }

  @Override
  public void afterLast() throws SQLException {
    checkScrollable("afterLast");
    cursor = rows.size();
  }

  @Override
  public boolean isFirst() throws SQLException {
    checkOpen();
    return cursor == 0 && !rows.isEmpty();
  }

  @Override
  public boolean isLast() throws SQLException {
    checkOpen();
    return !rows.isEmpty() && cursor == rows.size() - 1;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != FETCH_FORWARD && direction != FETCH_REVERSE && direction != FETCH_UNKNOWN) {
      throw Errors.invalidArgument("fetch direction " + direction + " is not a ResultSet.FETCH_* "
          + "constant");
    }
    if (direction != FETCH_FORWARD) {
      checkScrollable("setFetchDirection");
    }
    fetchDirection = direction;
  }

  @Override
  public int getConcurrency() throws SQLException {
    checkOpen();
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return fetchDirection;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) {
      throw Errors.invalidArgument("fetch size " + rows + " is negative; pass 0 (driver's "
          + "choice) or a row count");
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return 0;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed || conn.isClosed() || statement != null && statement.isClosed();
  }

}
