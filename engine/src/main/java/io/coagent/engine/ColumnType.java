package io.coagent.engine;

import java.math.BigDecimal;

/**
 * Column types of the engine and the Java class that carries each value.
 *
 * <p>The temporal types are carried in the representation Calcite uses internally: {@code
 * TIMESTAMP} (a wall-clock date and time, no zone) as a {@code Long} of milliseconds since the
 * epoch read as UTC; {@code TIMESTAMP_TZ} (an instant, PostgreSQL's {@code timestamptz}: no
 * offset is kept) as a {@code Long} of milliseconds since the epoch; {@code DATE} as an {@code
 * Integer} of days since 1970-01-01; {@code TIME} as an {@code Integer} of milliseconds since
 * midnight. {@code UUID} is a {@link java.util.UUID}; {@code BINARY} a {@code byte[]} that the
 * engine never mutates (rows compare and hash it by content); {@code JSON} is a document carried
 * as its text.
 */
public enum ColumnType {
  INTEGER(Integer.class),
  BIGINT(Long.class),
  DOUBLE(Double.class),
  DECIMAL(BigDecimal.class),
  VARCHAR(String.class),
  BOOLEAN(Boolean.class),
  TIMESTAMP(Long.class),
  JSON(String.class),
  DATE(Integer.class),
  TIME(Integer.class),
  TIMESTAMP_TZ(Long.class),
  UUID(java.util.UUID.class),
  BINARY(byte[].class);

  private final Class<?> javaClass;

  ColumnType(Class<?> javaClass) {
    this.javaClass = javaClass;
  }

  public Class<?> javaClass() {
    return javaClass;
  }

  /** Whether {@code value} (non-null) is a legal value of this type. */
  public boolean accepts(Object value) {
    return javaClass.isInstance(value);
  }
}
