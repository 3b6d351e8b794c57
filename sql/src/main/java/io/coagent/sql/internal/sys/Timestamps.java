package io.coagent.sql.internal.sys;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.apache.calcite.util.TimestampString;

/**
 * Points in time given to history statements: a TIMESTAMP literal (UTC, like every TIMESTAMP of
 * the store), a {@code java.sql.Timestamp} parameter (the wall clock the caller bound, read as UTC), an
 * {@code Instant} or {@code OffsetDateTime}, or a string {@code 'yyyy-MM-dd HH:mm:ss[.SSS]'}
 * (UTC) or ISO-8601 with an offset ({@code 2026-01-01T12:00:00Z}). Anything else fails with
 * 22007 (invalid datetime format) or 42804 (not a time at all), naming {@code what}.
 */
final class Timestamps {
  static final String EXAMPLE = "TIMESTAMP '2026-01-01 12:00:00' (UTC)";

  private Timestamps() {}

  static Instant of(Object v, String what) throws SQLException {
    if (v instanceof TimestampString t) {
      return Instant.ofEpochMilli(t.getMillisSinceEpoch());
    }
    if (v instanceof java.sql.Timestamp t) {
      // the driver's UTC form: epoch millis are the wall clock read as UTC, in any JVM zone
      return Instant.ofEpochSecond(Math.floorDiv(t.getTime(), 1000), t.getNanos());
    }
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof java.time.LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof String s) {
      String t = s.strip();
      try {
        String iso = t.replace(' ', 'T');
        return iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")
            ? OffsetDateTime.parse(iso).toInstant()
            : java.time.LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new SQLException(what + " is not a valid timestamp: '" + s + "'; write e.g. "
            + EXAMPLE + " or '2026-01-01T12:00:00Z'", SqlState.INVALID_DATETIME_FORMAT.code(), e);
      }
    }
    throw new SQLException(what + " must be a TIMESTAMP, got " + v + " ("
        + (v == null ? "NULL" : v.getClass().getSimpleName()) + "); write e.g. " + EXAMPLE,
        v == null ? SqlState.NULL_VALUE_NOT_ALLOWED.code() : SqlState.DATATYPE_MISMATCH.code());
  }
}
