package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import io.coagent.sql.PreparedSql;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Connection.prepareCall}: a {@link StatementImpl} for {@code CALL name(args)} and the
 * JDBC escape {@code {call name(args)}}, which is translated to it. Parameters are IN parameters
 * set by index, as on any prepared statement; what a procedure returns comes back as a result set
 * ({@code executeQuery}, or {@code execute} then {@code getResultSet}), as the {@code SYS}
 * procedures return it. OUT and INOUT parameters ({@code registerOutParameter}, the getters,
 * {@code {? = call ...}}) and named parameters (the setters by name) are refused with 0A000 naming
 * the alternative, so a tool that needs them fails at once rather than reading nothing.
 */
@SuppressWarnings("deprecation") // it must implement the deprecated getBigDecimal(int, int)
final class CallableStatementImpl extends StatementImpl implements CallableStatement {
  private static final Pattern ESCAPE =
      Pattern.compile("(?is)\\s*\\{\\s*call\\s+(.*)\\}\\s*;?\\s*");
  private static final Pattern RETURNING_ESCAPE =
      Pattern.compile("(?is)\\s*\\{\\s*\\?\\s*=\\s*call\\b.*");
  private static final Pattern CALL = Pattern.compile("(?is)\\s*CALL\\s+.*");

  CallableStatementImpl(ConnectionImpl conn, PreparedSql prepared) {
    super(conn, prepared, false);
  }

  /** The CALL statement for {@code sql} (a CALL or a {call ...} escape), or 0A000/42601. */
  static String callText(String sql) throws SQLException {
    if (RETURNING_ESCAPE.matcher(sql).matches()) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception("{? = call ...} needs an OUT parameter, which"
          + " CoAgent procedures do not have: write {call name(...)} and read the result set: "
          + sql);
    }
    Matcher m = ESCAPE.matcher(sql);
    if (m.matches()) {
      return "CALL " + m.group(1).strip();
    }
    if (CALL.matcher(sql).matches()) {
      return sql;
    }
    throw SqlState.SYNTAX_ERROR.exception("prepareCall takes CALL name(args) or {call name(args)}"
        + ", not: " + sql + " (use prepareStatement for other statements)");
  }

  private SQLException outParameter(String method) throws SQLException {
    checkOpen();
    return SqlState.FEATURE_NOT_SUPPORTED.exception("CallableStatement." + method + ": CoAgent"
        + " procedures have no OUT parameters; their results are a result set: use executeQuery()"
        + " (docs/reference/jdbc.md)");
  }

  private SQLException named(String method) throws SQLException {
    checkOpen();
    return SqlState.FEATURE_NOT_SUPPORTED.exception("CallableStatement." + method + " by"
        + " parameter name is not supported: set parameters by index (1, 2, ...)"
        + " (docs/reference/jdbc.md)");
  }

  @Override
  public void registerOutParameter(int p0, int p1) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(int p0, int p1, int p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public boolean wasNull() throws SQLException {
    throw outParameter("wasNull");
  }

  @Override
  public String getString(int p0) throws SQLException {
    throw outParameter("getString");
  }

  @Override
  public boolean getBoolean(int p0) throws SQLException {
    throw outParameter("getBoolean");
  }

  @Override
  public byte getByte(int p0) throws SQLException {
    throw outParameter("getByte");
  }

  @Override
  public short getShort(int p0) throws SQLException {
    throw outParameter("getShort");
  }

  @Override
  public int getInt(int p0) throws SQLException {
    throw outParameter("getInt");
  }

  @Override
  public long getLong(int p0) throws SQLException {
    throw outParameter("getLong");
  }

  @Override
  public float getFloat(int p0) throws SQLException {
    throw outParameter("getFloat");
  }

  @Override
  public double getDouble(int p0) throws SQLException {
    throw outParameter("getDouble");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int p0, int p1) throws SQLException {
    throw outParameter("getBigDecimal");
  }

  @Override
  public byte[] getBytes(int p0) throws SQLException {
    throw outParameter("getBytes");
  }

  @Override
  public Date getDate(int p0) throws SQLException {
    throw outParameter("getDate");
  }

  @Override
  public Time getTime(int p0) throws SQLException {
    throw outParameter("getTime");
  }

  @Override
  public Timestamp getTimestamp(int p0) throws SQLException {
    throw outParameter("getTimestamp");
  }

  @Override
  public Object getObject(int p0) throws SQLException {
    throw outParameter("getObject");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int p0) throws SQLException {
    throw outParameter("getBigDecimal");
  }

  @Override
  public Object getObject(int p0, java.util.Map<String, Class<?>> p1) throws SQLException {
    throw outParameter("getObject");
  }

  @Override
  public Ref getRef(int p0) throws SQLException {
    throw outParameter("getRef");
  }

  @Override
  public Blob getBlob(int p0) throws SQLException {
    throw outParameter("getBlob");
  }

  @Override
  public Clob getClob(int p0) throws SQLException {
    throw outParameter("getClob");
  }

  @Override
  public Array getArray(int p0) throws SQLException {
    throw outParameter("getArray");
  }

  @Override
  public Date getDate(int p0, java.util.Calendar p1) throws SQLException {
    throw outParameter("getDate");
  }

  @Override
  public Time getTime(int p0, java.util.Calendar p1) throws SQLException {
    throw outParameter("getTime");
  }

  @Override
  public Timestamp getTimestamp(int p0, java.util.Calendar p1) throws SQLException {
    throw outParameter("getTimestamp");
  }

  @Override
  public void registerOutParameter(int p0, int p1, String p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(String p0, int p1) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(String p0, int p1, int p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(String p0, int p1, String p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public java.net.URL getURL(int p0) throws SQLException {
    throw outParameter("getURL");
  }

  @Override
  public void setURL(String p0, java.net.URL p1) throws SQLException {
    throw named("setURL");
  }

  @Override
  public void setNull(String p0, int p1) throws SQLException {
    throw named("setNull");
  }

  @Override
  public void setBoolean(String p0, boolean p1) throws SQLException {
    throw named("setBoolean");
  }

  @Override
  public void setByte(String p0, byte p1) throws SQLException {
    throw named("setByte");
  }

  @Override
  public void setShort(String p0, short p1) throws SQLException {
    throw named("setShort");
  }

  @Override
  public void setInt(String p0, int p1) throws SQLException {
    throw named("setInt");
  }

  @Override
  public void setLong(String p0, long p1) throws SQLException {
    throw named("setLong");
  }

  @Override
  public void setFloat(String p0, float p1) throws SQLException {
    throw named("setFloat");
  }

  @Override
  public void setDouble(String p0, double p1) throws SQLException {
    throw named("setDouble");
  }

  @Override
  public void setBigDecimal(String p0, java.math.BigDecimal p1) throws SQLException {
    throw named("setBigDecimal");
  }

  @Override
  public void setString(String p0, String p1) throws SQLException {
    throw named("setString");
  }

  @Override
  public void setBytes(String p0, byte[] p1) throws SQLException {
    throw named("setBytes");
  }

  @Override
  public void setDate(String p0, Date p1) throws SQLException {
    throw named("setDate");
  }

  @Override
  public void setTime(String p0, Time p1) throws SQLException {
    throw named("setTime");
  }

  @Override
  public void setTimestamp(String p0, Timestamp p1) throws SQLException {
    throw named("setTimestamp");
  }

  @Override
  public void setAsciiStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
    throw named("setAsciiStream");
  }

  @Override
  public void setBinaryStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
    throw named("setBinaryStream");
  }

  @Override
  public void setObject(String p0, Object p1, int p2, int p3) throws SQLException {
    throw named("setObject");
  }

  @Override
  public void setObject(String p0, Object p1, int p2) throws SQLException {
    throw named("setObject");
  }

  @Override
  public void setObject(String p0, Object p1) throws SQLException {
    throw named("setObject");
  }

  @Override
  public void setCharacterStream(String p0, java.io.Reader p1, int p2) throws SQLException {
    throw named("setCharacterStream");
  }

  @Override
  public void setDate(String p0, Date p1, java.util.Calendar p2) throws SQLException {
    throw named("setDate");
  }

  @Override
  public void setTime(String p0, Time p1, java.util.Calendar p2) throws SQLException {
    throw named("setTime");
  }

  @Override
  public void setTimestamp(String p0, Timestamp p1, java.util.Calendar p2) throws SQLException {
    throw named("setTimestamp");
  }

  @Override
  public void setNull(String p0, int p1, String p2) throws SQLException {
    throw named("setNull");
  }

  @Override
  public String getString(String p0) throws SQLException {
    throw outParameter("getString");
  }

  @Override
  public boolean getBoolean(String p0) throws SQLException {
    throw outParameter("getBoolean");
  }

  @Override
  public byte getByte(String p0) throws SQLException {
    throw outParameter("getByte");
  }

  @Override
  public short getShort(String p0) throws SQLException {
    throw outParameter("getShort");
  }

  @Override
  public int getInt(String p0) throws SQLException {
    throw outParameter("getInt");
  }

  @Override
  public long getLong(String p0) throws SQLException {
    throw outParameter("getLong");
  }

  @Override
  public float getFloat(String p0) throws SQLException {
    throw outParameter("getFloat");
  }

  @Override
  public double getDouble(String p0) throws SQLException {
    throw outParameter("getDouble");
  }

  @Override
  public byte[] getBytes(String p0) throws SQLException {
    throw outParameter("getBytes");
  }

  @Override
  public Date getDate(String p0) throws SQLException {
    throw outParameter("getDate");
  }

  @Override
  public Time getTime(String p0) throws SQLException {
    throw outParameter("getTime");
  }

  @Override
  public Timestamp getTimestamp(String p0) throws SQLException {
    throw outParameter("getTimestamp");
  }

  @Override
  public Object getObject(String p0) throws SQLException {
    throw outParameter("getObject");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String p0) throws SQLException {
    throw outParameter("getBigDecimal");
  }

  @Override
  public Object getObject(String p0, java.util.Map<String, Class<?>> p1) throws SQLException {
    throw outParameter("getObject");
  }

  @Override
  public Ref getRef(String p0) throws SQLException {
    throw outParameter("getRef");
  }

  @Override
  public Blob getBlob(String p0) throws SQLException {
    throw outParameter("getBlob");
  }

  @Override
  public Clob getClob(String p0) throws SQLException {
    throw outParameter("getClob");
  }

  @Override
  public Array getArray(String p0) throws SQLException {
    throw outParameter("getArray");
  }

  @Override
  public Date getDate(String p0, java.util.Calendar p1) throws SQLException {
    throw outParameter("getDate");
  }

  @Override
  public Time getTime(String p0, java.util.Calendar p1) throws SQLException {
    throw outParameter("getTime");
  }

  @Override
  public Timestamp getTimestamp(String p0, java.util.Calendar p1) throws SQLException {
    throw outParameter("getTimestamp");
  }

  @Override
  public java.net.URL getURL(String p0) throws SQLException {
    throw outParameter("getURL");
  }

  @Override
  public RowId getRowId(int p0) throws SQLException {
    throw outParameter("getRowId");
  }

  @Override
  public RowId getRowId(String p0) throws SQLException {
    throw outParameter("getRowId");
  }

  @Override
  public void setRowId(String p0, RowId p1) throws SQLException {
    throw named("setRowId");
  }

  @Override
  public void setNString(String p0, String p1) throws SQLException {
    throw named("setNString");
  }

  @Override
  public void setNCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
    throw named("setNCharacterStream");
  }

  @Override
  public void setNClob(String p0, NClob p1) throws SQLException {
    throw named("setNClob");
  }

  @Override
  public void setClob(String p0, java.io.Reader p1, long p2) throws SQLException {
    throw named("setClob");
  }

  @Override
  public void setBlob(String p0, java.io.InputStream p1, long p2) throws SQLException {
    throw named("setBlob");
  }

  @Override
  public void setNClob(String p0, java.io.Reader p1, long p2) throws SQLException {
    throw named("setNClob");
  }

  @Override
  public NClob getNClob(int p0) throws SQLException {
    throw outParameter("getNClob");
  }

  @Override
  public NClob getNClob(String p0) throws SQLException {
    throw outParameter("getNClob");
  }

  @Override
  public void setSQLXML(String p0, SQLXML p1) throws SQLException {
    throw named("setSQLXML");
  }

  @Override
  public SQLXML getSQLXML(int p0) throws SQLException {
    throw outParameter("getSQLXML");
  }

  @Override
  public SQLXML getSQLXML(String p0) throws SQLException {
    throw outParameter("getSQLXML");
  }

  @Override
  public String getNString(int p0) throws SQLException {
    throw outParameter("getNString");
  }

  @Override
  public String getNString(String p0) throws SQLException {
    throw outParameter("getNString");
  }

  @Override
  public java.io.Reader getNCharacterStream(int p0) throws SQLException {
    throw outParameter("getNCharacterStream");
  }

  @Override
  public java.io.Reader getNCharacterStream(String p0) throws SQLException {
    throw outParameter("getNCharacterStream");
  }

  @Override
  public java.io.Reader getCharacterStream(int p0) throws SQLException {
    throw outParameter("getCharacterStream");
  }

  @Override
  public java.io.Reader getCharacterStream(String p0) throws SQLException {
    throw outParameter("getCharacterStream");
  }

  @Override
  public void setBlob(String p0, Blob p1) throws SQLException {
    throw named("setBlob");
  }

  @Override
  public void setClob(String p0, Clob p1) throws SQLException {
    throw named("setClob");
  }

  @Override
  public void setAsciiStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
    throw named("setAsciiStream");
  }

  @Override
  public void setBinaryStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
    throw named("setBinaryStream");
  }

  @Override
  public void setCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
    throw named("setCharacterStream");
  }

  @Override
  public void setAsciiStream(String p0, java.io.InputStream p1) throws SQLException {
    throw named("setAsciiStream");
  }

  @Override
  public void setBinaryStream(String p0, java.io.InputStream p1) throws SQLException {
    throw named("setBinaryStream");
  }

  @Override
  public void setCharacterStream(String p0, java.io.Reader p1) throws SQLException {
    throw named("setCharacterStream");
  }

  @Override
  public void setNCharacterStream(String p0, java.io.Reader p1) throws SQLException {
    throw named("setNCharacterStream");
  }

  @Override
  public void setClob(String p0, java.io.Reader p1) throws SQLException {
    throw named("setClob");
  }

  @Override
  public void setBlob(String p0, java.io.InputStream p1) throws SQLException {
    throw named("setBlob");
  }

  @Override
  public void setNClob(String p0, java.io.Reader p1) throws SQLException {
    throw named("setNClob");
  }

  @Override
  public <T> T getObject(int p0, Class<T> p1) throws SQLException {
    throw outParameter("getObject");
  }

  @Override
  public <T> T getObject(String p0, Class<T> p1) throws SQLException {
    throw outParameter("getObject");
  }

  @Override
  public void setObject(String p0, Object p1, SQLType p2, int p3) throws SQLException {
    throw named("setObject");
  }

  @Override
  public void setObject(String p0, Object p1, SQLType p2) throws SQLException {
    throw named("setObject");
  }

  @Override
  public void registerOutParameter(int p0, SQLType p1) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(int p0, SQLType p1, int p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(int p0, SQLType p1, String p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(String p0, SQLType p1) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(String p0, SQLType p1, int p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }

  @Override
  public void registerOutParameter(String p0, SQLType p1, String p2) throws SQLException {
    throw outParameter("registerOutParameter");
  }
}
