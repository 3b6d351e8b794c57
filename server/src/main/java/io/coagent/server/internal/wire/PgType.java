package io.coagent.server.internal.wire;

import io.coagent.engine.SqlState;
import io.coagent.session.Conversions;
import io.coagent.session.SessionErrors;
import io.coagent.session.TemporalValues;
import io.coagent.sql.SqlColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

  /** The type of a result column: by its JDBC type, and {@code uuid} by its name. */
  public static PgType of(SqlColumn c) {
    int jdbc = c.jdbcType();
    return jdbc == Types.OTHER && "UUID".equalsIgnoreCase(c.typeName()) ? UUID : ofJdbc(jdbc);
  }

  public static PgType ofOid(int oid) {
    for (PgType t : values()) {
      if (t.oid == oid) {
        return t;
      }
    }
    return null;
  }

  /**
   * Value {@code v} of result column {@code c} in this type's text format, or null for SQL NULL.
   * Values are read as the JDBC getters read them ({@link Conversions}, {@link TemporalValues}).
   */
  public byte[] text(Object v, SqlColumn c) throws SQLException {
    if (v == null) {
      return null;
    }
    String s = switch (this) {
      case BOOL -> Conversions.bool(v) ? "t" : "f";
      case INT2, INT4, INT8 -> Long.toString(Conversions.integral(v, "BIGINT", Long.MIN_VALUE,
          Long.MAX_VALUE));
      case FLOAT4, FLOAT8 -> floatText(Conversions.number(v, "DOUBLE").doubleValue());
      case NUMERIC -> Conversions.decimal(v).toPlainString();
      case BYTEA -> "\\x" + HexFormat.of().formatHex(TemporalValues.bytes(v));
      case DATE -> TemporalValues.date(v, null).toLocalDate().toString();
      case TIME -> TemporalValues.time(v, null).toLocalTime().toString();
      case TIMESTAMP -> timestampText(TemporalValues.timestamp(v, c.jdbcType(), null)
          .toLocalDateTime());
      // the session TimeZone is UTC
      case TIMESTAMPTZ -> timestampText(utc(offset(v, c))) + "+00";
      default -> TemporalValues.string(v, c.jdbcType());
    };
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static OffsetDateTime offset(Object v, SqlColumn c) throws SQLException {
    return SessionErrors.guard("read " + c.label() + " as timestamptz",
        () -> Conversions.object(v, c.jdbcType(), OffsetDateTime.class));
  }

  /** Value {@code v} of result column {@code c} in binary format; text-like types send UTF-8. */
  public byte[] binary(Object v, SqlColumn c) throws SQLException {
    if (v == null) {
      return null;
    }
    ByteBuffer b = size > 0 ? ByteBuffer.allocate(size) : null;
    return switch (this) {
      case BOOL -> new byte[] {(byte) (Conversions.bool(v) ? 1 : 0)};
      case INT2 -> b.putShort((short) Conversions.integral(v, "SMALLINT", Short.MIN_VALUE,
          Short.MAX_VALUE)).array();
      case INT4 -> b.putInt((int) Conversions.integral(v, "INTEGER", Integer.MIN_VALUE,
          Integer.MAX_VALUE)).array();
      case INT8 -> b.putLong(Conversions.integral(v, "BIGINT", Long.MIN_VALUE, Long.MAX_VALUE))
          .array();
      case FLOAT4 -> b.putFloat(Conversions.number(v, "REAL").floatValue()).array();
      case FLOAT8 -> b.putDouble(Conversions.number(v, "DOUBLE").doubleValue()).array();
      case BYTEA -> TemporalValues.bytes(v);
      case DATE -> b.putInt((int) ChronoUnit.DAYS.between(PG_EPOCH,
          TemporalValues.date(v, null).toLocalDate())).array();
      case TIME -> b.putLong(TemporalValues.time(v, null).toLocalTime().toNanoOfDay() / 1000)
          .array();
      case TIMESTAMP -> b.putLong(ChronoUnit.MICROS.between(PG_EPOCH.atStartOfDay(),
          TemporalValues.timestamp(v, c.jdbcType(), null).toLocalDateTime())).array();
      case TIMESTAMPTZ -> b.putLong(ChronoUnit.MICROS.between(PG_EPOCH.atStartOfDay(),
          utc(offset(v, c)))).array();
      case UUID -> {
        java.util.UUID u = SessionErrors.guard("read " + c.label() + " as uuid",
            () -> Conversions.object(v, c.jdbcType(), java.util.UUID.class));
        yield b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
      }
      case NUMERIC -> numericBinary(Conversions.decimal(v));
      default -> text(v, c);
    };
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
