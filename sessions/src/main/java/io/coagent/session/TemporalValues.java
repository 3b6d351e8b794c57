package io.coagent.session;

import io.coagent.engine.SqlState;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.HexFormat;

/**
 * The JDBC boundary of the date, time and binary types (the embedded driver's getters and setters,
 * and the server's wire encoding, which reads values as those getters do). Inside the session and
 * SQL layers every temporal value is UTC: a TIMESTAMP is a {@code Timestamp} whose epoch millis read as UTC give
 * its wall-clock fields, a DATE a {@code java.sql.Date} at UTC midnight, a TIME a {@code Time} of
 * UTC millis of the day, a TIMESTAMP WITH TIME ZONE a {@code Timestamp} of its instant. Only
 * here does the JVM's default time zone (or a getter's or setter's {@link Calendar}) enter, as
 * H2's and PostgreSQL's drivers use it: {@code setTimestamp(Timestamp.valueOf("2026-01-01
 * 10:00:00"))} stores the wall clock 10:00 and {@code getTimestamp} gives back a Timestamp whose
 * {@code toString()} is 10:00 in any zone. java.time values need no zone at all.
 */
public final class TemporalValues {
  private static final long DAY = 86_400_000L;

  private TemporalValues() {}

  // ---- reading: v is a materialized value, jdbcType its result column's type ----

  /** {@code getObject(i)}: the value as the JDBC type table says (Timestamp in the JVM zone). */
  public static Object object(Object v, int jdbcType) {
    if (v instanceof Timestamp t) {
      return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE ? t.toInstant().atOffset(ZoneOffset.UTC)
          : Timestamp.valueOf(wallClock(t));
    }
    if (v instanceof java.sql.Date d) {
      return java.sql.Date.valueOf(localDate(d));
    }
    if (v instanceof Time t) {
      return time(localTime(t), ZoneId.systemDefault());
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    return v;
  }

  /** The text of a value: wall clocks and dates as stored, never shifted by the JVM zone. */
  public static String string(Object v, int jdbcType) {
    if (v instanceof Timestamp t) {
      return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE
          ? Timestamp.valueOf(wallClock(t)).toString() + "+00"
          : Timestamp.valueOf(wallClock(t)).toString();
    }
    if (v instanceof java.sql.Date d) {
      return localDate(d).toString();
    }
    if (v instanceof Time t) {
      return localTime(t).toString();
    }
    if (v instanceof byte[] b) {
      return "\\x" + HexFormat.of().formatHex(b);
    }
    return Conversions.string(v);
  }

  public static Timestamp timestamp(Object v, int jdbcType, Calendar cal) throws SQLException {
    if (v == null) {
      return null;
    }
    if (v instanceof Timestamp t && jdbcType == Types.TIMESTAMP_WITH_TIMEZONE) {
      return t;
    }
    LocalDateTime wall = v instanceof java.sql.Date d ? localDate(d).atStartOfDay()
        : wallClock(Conversions.timestamp(v));
    Timestamp out = Timestamp.from(wall.atZone(zone(cal)).toInstant());
    out.setNanos(wall.getNano());
    return out;
  }

  public static java.sql.Date date(Object v, Calendar cal) throws SQLException {
    if (v == null) {
      return null;
    }
    LocalDate d = v instanceof java.sql.Date x ? localDate(x) : wallClock(Conversions.timestamp(v))
        .toLocalDate();
    return new java.sql.Date(d.atStartOfDay(zone(cal)).toInstant().toEpochMilli());
  }

  public static Time time(Object v, Calendar cal) throws SQLException {
    if (v == null) {
      return null;
    }
    LocalTime t = v instanceof Time x ? localTime(x) : v instanceof String s ? LocalTime.parse(s)
        : wallClock(Conversions.timestamp(v)).toLocalTime();
    return time(t, zone(cal));
  }

  public static byte[] bytes(Object v) throws SQLException {
    if (v == null) {
      return null;
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    if (v instanceof String s) {
      return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    throw new SQLException("cannot read a " + v.getClass().getSimpleName() + " as bytes; "
        + "getBytes reads VARBINARY columns", SqlState.INVALID_CHARACTER_VALUE_FOR_CAST.code());
  }

  /** {@code getObject(i, type)} for the java.time classes, UUID and byte[]; null: not one. */
  public static Object as(Object v, int jdbcType, Class<?> type) throws SQLException {
    if (type == LocalDate.class) {
      return v instanceof java.sql.Date d ? localDate(d)
          : v instanceof String s ? LocalDate.parse(s.trim())
          : wallClock(Conversions.timestamp(v)).toLocalDate();
    }
    if (type == LocalTime.class) {
      return v instanceof Time t ? localTime(t) : v instanceof String s ? LocalTime.parse(s.trim())
          : wallClock(Conversions.timestamp(v)).toLocalTime();
    }
    if (type == LocalDateTime.class) {
      return v instanceof java.sql.Date d ? localDate(d).atStartOfDay()
          : wallClock(Conversions.timestamp(v));
    }
    if (type == OffsetDateTime.class) {
      return wallClock(Conversions.timestamp(v)).atOffset(ZoneOffset.UTC);
    }
    if (type == ZonedDateTime.class) {
      return wallClock(Conversions.timestamp(v)).atZone(ZoneOffset.UTC);
    }
    if (type == Instant.class) {
      return wallClock(Conversions.timestamp(v)).toInstant(ZoneOffset.UTC);
    }
    if (type == Timestamp.class) {
      return timestamp(v, jdbcType, null);
    }
    if (type == java.sql.Date.class) {
      return date(v, null);
    }
    if (type == Time.class) {
      return time(v, null);
    }
    if (type == java.util.UUID.class) {
      return v instanceof String s ? java.util.UUID.fromString(s.trim()) : null;
    }
    if (type == byte[].class) {
      return bytes(v);
    }
    if (type == String.class) {
      return string(v, jdbcType);
    }
    return null;
  }

  // ---- binding: a setter's value to the UTC form ----

  /** {@code setTimestamp(i, t[, cal])}: the wall clock {@code t} shows in the zone. */
  public static Timestamp bindTimestamp(Timestamp t, Calendar cal) {
    if (t == null) {
      return null;
    }
    LocalDateTime wall = LocalDateTime.ofInstant(t.toInstant(), zone(cal));
    return utc(wall);
  }

  public static java.sql.Date bindDate(java.util.Date d, Calendar cal) {
    if (d == null) {
      return null;
    }
    LocalDate day = d instanceof java.sql.Date s && cal == null ? s.toLocalDate()
        : Instant.ofEpochMilli(d.getTime()).atZone(zone(cal)).toLocalDate();
    return utc(day);
  }

  public static Time bindTime(java.util.Date t, Calendar cal) {
    if (t == null) {
      return null;
    }
    LocalTime lt = Instant.ofEpochMilli(t.getTime()).atZone(zone(cal)).toLocalTime();
    return utc(lt);
  }

  public static Timestamp utc(LocalDateTime wall) {
    Timestamp out = new Timestamp(wall.toInstant(ZoneOffset.UTC).toEpochMilli());
    out.setNanos(wall.getNano());
    return out;
  }

  public static java.sql.Date utc(LocalDate d) {
    return new java.sql.Date(d.toEpochDay() * DAY);
  }

  public static Time utc(LocalTime t) {
    return new Time(t.toNanoOfDay() / 1_000_000);
  }

  public static byte[] readAll(InputStream in, long length) throws SQLException {
    try {
      return length < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(length));
    } catch (IOException | ArithmeticException e) {
      throw new SQLException("cannot read the stream parameter: " + e.getMessage(),
          SqlState.DATA_EXCEPTION.code(), e);
    }
  }

  public static String readAll(Reader in, long length) throws SQLException {
    try {
      StringBuilder b = new StringBuilder();
      char[] buf = new char[8192];
      long left = length < 0 ? Long.MAX_VALUE : length;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        b.append(buf, 0, n);
        left -= n;
      }
      return b.toString();
    } catch (IOException e) {
      throw new SQLException("cannot read the character stream parameter: " + e.getMessage(),
          SqlState.DATA_EXCEPTION.code(), e);
    }
  }

  // ---- helpers ----

  /** The wall clock of a UTC-form Timestamp. */
  public static LocalDateTime wallClock(Timestamp t) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(t.getTime(), 1000), t.getNanos(),
        ZoneOffset.UTC);
  }

  private static LocalDate localDate(java.util.Date d) {
    return LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), DAY));
  }

  private static LocalTime localTime(java.util.Date t) {
    return LocalTime.ofNanoOfDay(Math.floorMod(t.getTime(), DAY) * 1_000_000L);
  }

  private static Time time(LocalTime t, ZoneId zone) {
    return new Time(LocalDate.of(1970, 1, 1).atTime(t).atZone(zone).toInstant().toEpochMilli());
  }

  private static ZoneId zone(Calendar cal) {
    return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
  }
}
