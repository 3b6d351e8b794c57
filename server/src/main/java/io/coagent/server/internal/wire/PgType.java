package io.coagent.server.internal.wire;

import io.coagent.engine.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The PostgreSQL types the server speaks: each JDBC type of a result column maps to one type OID
 * (pg_type.oid values are fixed by PostgreSQL), with its text encoding and, for the fixed-width and
 * byte types, its binary encoding. Everything else is sent as {@code text} (OID 25).
 */
public enum PgType {
  BOOL(16, 1),
  BYTEA(17, -1),
  INT8(20, 8),
  INT2(21, 2),
  INT4(23, 4),
  TEXT(25, -1),
  FLOAT4(700, 4),
  FLOAT8(701, 8),
  VARCHAR(1043, -1),
  DATE(1082, 4),
  TIME(1083, 8),
  TIMESTAMP(1114, 8),
  TIMESTAMPTZ(1184, 8),
  NUMERIC(1700, -1),
  UUID(2950, 16);

  /** Days from 1970-01-01 to 2000-01-01, PostgreSQL's binary epoch. */
  private static final LocalDate PG_EPOCH = LocalDate.of(2000, 1, 1);
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  public final int oid;
  public final int size;

  PgType(int oid, int size) {
    this.oid = oid;
    this.size = size;
  }

  public static PgType ofJdbc(int jdbcType) {
    return switch (jdbcType) {
      case Types.BOOLEAN, Types.BIT -> BOOL;
      case Types.TINYINT, Types.SMALLINT -> INT2;
      case Types.INTEGER -> INT4;
      case Types.BIGINT -> INT8;
      case Types.REAL -> FLOAT4;
      case Types.FLOAT, Types.DOUBLE -> FLOAT8;
      case Types.DECIMAL, Types.NUMERIC -> NUMERIC;
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR -> VARCHAR;
      case Types.DATE -> DATE;
      case Types.TIME -> TIME;
      case Types.TIMESTAMP -> TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BYTEA;
      default -> TEXT;
    };
  }

  /** The type of result column {@code i}: by its JDBC type, and {@code uuid} by its name. */
  public static PgType of(java.sql.ResultSetMetaData md, int i) throws SQLException {
    int jdbc = md.getColumnType(i);
    return jdbc == Types.OTHER && "UUID".equalsIgnoreCase(md.getColumnTypeName(i)) ? UUID
        : ofJdbc(jdbc);
  }

  public static PgType ofOid(int oid) {
    for (PgType t : values()) {
      if (t.oid == oid) {
        return t;
      }
    }
    return null;
  }

  /** Column {@code i} of the current row in this type's text format, or null for SQL NULL. */
  public byte[] text(ResultSet rs, int i) throws SQLException {
    String s;
    switch (this) {
      case BOOL -> {
        boolean b = rs.getBoolean(i);
        s = rs.wasNull() ? null : b ? "t" : "f";
      }
      case INT2, INT4, INT8 -> {
        long v = rs.getLong(i);
        s = rs.wasNull() ? null : Long.toString(v);
      }
      case FLOAT4, FLOAT8 -> {
        double v = rs.getDouble(i);
        s = rs.wasNull() ? null : floatText(v);
      }
      case NUMERIC -> {
        BigDecimal v = rs.getBigDecimal(i);
        s = v == null ? null : v.toPlainString();
      }
      case BYTEA -> {
        byte[] v = rs.getBytes(i);
        s = v == null ? null : "\\x" + HexFormat.of().formatHex(v);
      }
      case DATE -> {
        java.sql.Date v = rs.getDate(i);
        s = v == null ? null : v.toLocalDate().toString();
      }
      case TIME -> {
        java.sql.Time v = rs.getTime(i);
        s = v == null ? null : v.toLocalTime().toString();
      }
      case TIMESTAMP -> {
        java.sql.Timestamp v = rs.getTimestamp(i);
        s = v == null ? null : timestampText(v.toLocalDateTime());
      }
      case TIMESTAMPTZ -> {
        OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
        s = v == null ? null : timestampText(utc(v)) + "+00"; // the session TimeZone is UTC
      }
      default -> s = rs.getString(i);
    }
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** Column {@code i} in binary format; text-like types send their UTF-8 bytes. */
  public byte[] binary(ResultSet rs, int i) throws SQLException {
    ByteBuffer b = size > 0 ? ByteBuffer.allocate(size) : null;
    switch (this) {
      case BOOL -> {
        boolean v = rs.getBoolean(i);
        return rs.wasNull() ? null : new byte[] {(byte) (v ? 1 : 0)};
      }
      case INT2 -> {
        short v = rs.getShort(i);
        return rs.wasNull() ? null : b.putShort(v).array();
      }
      case INT4 -> {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : b.putInt(v).array();
      }
      case INT8 -> {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : b.putLong(v).array();
      }
      case FLOAT4 -> {
        float v = rs.getFloat(i);
        return rs.wasNull() ? null : b.putFloat(v).array();
      }
      case FLOAT8 -> {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : b.putDouble(v).array();
      }
      case BYTEA -> {
        return rs.getBytes(i);
      }
      case DATE -> {
        java.sql.Date v = rs.getDate(i);
        return v == null ? null
            : b.putInt((int) ChronoUnit.DAYS.between(PG_EPOCH, v.toLocalDate())).array();
      }
      case TIME -> {
        java.sql.Time v = rs.getTime(i);
        return v == null ? null : b.putLong(v.toLocalTime().toNanoOfDay() / 1000).array();
      }
      case TIMESTAMP -> {
        java.sql.Timestamp v = rs.getTimestamp(i);
        return v == null ? null : b.putLong(
            ChronoUnit.MICROS.between(PG_EPOCH.atStartOfDay(), v.toLocalDateTime())).array();
      }
      case TIMESTAMPTZ -> {
        OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
        return v == null ? null
            : b.putLong(ChronoUnit.MICROS.between(PG_EPOCH.atStartOfDay(), utc(v))).array();
      }
      case UUID -> {
        java.util.UUID v = rs.getObject(i, java.util.UUID.class);
        return v == null ? null
            : b.putLong(v.getMostSignificantBits()).putLong(v.getLeastSignificantBits()).array();
      }
      case NUMERIC -> {
        BigDecimal v = rs.getBigDecimal(i);
        return v == null ? null : numericBinary(v);
      }
      default -> {
        return text(rs, i);
      }
    }
  }

  /** Decodes a bound parameter value to the Java object the JDBC driver takes. */
  public Object decode(byte[] v, boolean binary) throws ProtocolException {
    try {
      if (!binary) {
        String s = new String(v, StandardCharsets.UTF_8);
        return switch (this) {
          case BOOL -> parseBool(s);
          case INT2 -> Short.parseShort(s.trim());
          case INT4 -> Integer.parseInt(s.trim());
          case INT8 -> Long.parseLong(s.trim());
          case FLOAT4 -> Float.parseFloat(s.trim());
          case FLOAT8 -> Double.parseDouble(s.trim());
          case NUMERIC -> new BigDecimal(s.trim());
          case BYTEA -> s.startsWith("\\x") ? HexFormat.of().parseHex(s.substring(2)) : v;
          case DATE -> java.sql.Date.valueOf(LocalDate.parse(s.trim()));
          case TIME -> java.sql.Time.valueOf(LocalTime.parse(s.trim()));
          case TIMESTAMP -> java.sql.Timestamp.valueOf(
              LocalDateTime.parse(s.trim().replace(' ', 'T')));
          case TIMESTAMPTZ -> s; // the SQL layer reads offsets in text ('...+02')
          case UUID -> java.util.UUID.fromString(s.trim());
          default -> s;
        };
      }
      ByteBuffer b = ByteBuffer.wrap(v);
      if (size > 0 && v.length != size) {
        throw new ProtocolException(SqlState.INVALID_BINARY_REPRESENTATION, "binary " + name()
            .toLowerCase(Locale.ROOT) + " parameter has " + v.length + " bytes, expected " + size);
      }
      return switch (this) {
        case BOOL -> v[0] != 0;
        case INT2 -> b.getShort();
        case INT4 -> b.getInt();
        case INT8 -> b.getLong();
        case FLOAT4 -> b.getFloat();
        case FLOAT8 -> b.getDouble();
        case BYTEA -> v;
        case DATE -> java.sql.Date.valueOf(PG_EPOCH.plusDays(b.getInt()));
        case TIME -> java.sql.Time.valueOf(LocalTime.ofNanoOfDay(b.getLong() * 1000));
        case TIMESTAMP -> java.sql.Timestamp.valueOf(
            PG_EPOCH.atStartOfDay().plus(b.getLong(), ChronoUnit.MICROS));
        case TIMESTAMPTZ -> PG_EPOCH.atStartOfDay().plus(b.getLong(), ChronoUnit.MICROS)
            .atOffset(java.time.ZoneOffset.UTC);
        case UUID -> new java.util.UUID(b.getLong(), b.getLong());
        case NUMERIC -> numericFromBinary(b);
        default -> new String(v, StandardCharsets.UTF_8);
      };
    } catch (RuntimeException e) {
      throw new ProtocolException(SqlState.INVALID_TEXT_REPRESENTATION,
          "invalid input for type " + name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
    }
  }

  private static Boolean parseBool(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "on", "1" -> {
        return Boolean.TRUE;
      }
      case "f", "false", "n", "no", "off", "0" -> {
        return Boolean.FALSE;
      }
      default -> throw new IllegalArgumentException("'" + s + "' is not a boolean");
    }
  }

  static String floatText(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    if (v == 0 && 1 / v < 0) {
      return "-0";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v); // PostgreSQL prints 3, not 3.0
    }
    return Double.toString(v);
  }

  private static LocalDateTime utc(OffsetDateTime v) {
    return v.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
  }

  static String timestampText(LocalDateTime t) {
    LocalDateTime m = t.truncatedTo(ChronoUnit.MICROS);
    String s = m.format(TS);
    if (m.getNano() == 0) {
      return s;
    }
    // PostgreSQL prints only the fraction digits it needs: 10:00:00.5, not 10:00:00.500000.
    return (s + "." + String.format(Locale.ROOT, "%06d", m.getNano() / 1000)).replaceAll("0+$", "");
  }

  /** PostgreSQL's binary numeric: ndigits, weight, sign, dscale, then base-10000 digits. */
  static byte[] numericBinary(BigDecimal v) {
    int scale = Math.max(v.scale(), 0);
    BigInteger unscaled = v.setScale(scale).unscaledValue().abs();
    String digits = unscaled.toString();
    // Split into integer and fraction parts, then pad both to groups of 4 decimal digits.
    int intLen = digits.length() - scale;
    String intPart = intLen > 0 ? digits.substring(0, intLen) : "";
    String frac = intLen > 0 ? digits.substring(intLen) : "0".repeat(-intLen) + digits;
    intPart = "0".repeat((4 - intPart.length() % 4) % 4) + intPart;
    frac = frac + "0".repeat((4 - frac.length() % 4) % 4);
    String all = intPart + frac;
    int groups = all.length() / 4;
    short[] g = new short[groups];
    for (int k = 0; k < groups; k++) {
      g[k] = Short.parseShort(all.substring(4 * k, 4 * k + 4));
    }
    int weight = intPart.length() / 4 - 1;
    int first = 0;
    while (first < groups && g[first] == 0) {
      first++;
      weight--;
    }
    int last = groups;
    while (last > first && g[last - 1] == 0) {
      last--;
    }
    int n = last - first;
    if (n == 0) {
      weight = 0;
    }
    ByteBuffer b = ByteBuffer.allocate(8 + 2 * n);
    b.putShort((short) n).putShort((short) weight)
        .putShort((short) (v.signum() < 0 ? 0x4000 : 0)).putShort((short) scale);
    for (int k = first; k < last; k++) {
      b.putShort(g[k]);
    }
    return b.array();
  }

  static BigDecimal numericFromBinary(ByteBuffer b) {
    int n = b.getShort();
    int weight = b.getShort();
    int sign = b.getShort() & 0xFFFF;
    int dscale = b.getShort();
    if (sign == 0xC000) {
      throw new IllegalArgumentException("NaN is not a numeric value CoAgent stores");
    }
    BigDecimal v = BigDecimal.ZERO;
    for (int k = 0; k < n; k++) {
      v = v.add(BigDecimal.valueOf(b.getShort()).scaleByPowerOfTen(4 * (weight - k)));
    }
    v = v.setScale(dscale, java.math.RoundingMode.UNNECESSARY);
    return sign == 0x4000 ? v.negate() : v;
  }
}
