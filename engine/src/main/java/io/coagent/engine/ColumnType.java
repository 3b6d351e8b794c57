package io.coagent.engine;

import java.math.BigDecimal;

/**
 * Column types of the engine and the Java class that carries each value.
 *
 * <p>{@code TIMESTAMP} is carried as a {@code Long} of milliseconds since the epoch (UTC), the
 * representation Calcite uses internally; {@code JSON} is a document carried as its text.
 */
public enum ColumnType {
  INTEGER(Integer.class),
  BIGINT(Long.class),
  DOUBLE(Double.class),
  DECIMAL(BigDecimal.class),
  VARCHAR(String.class),
  BOOLEAN(Boolean.class),
  TIMESTAMP(Long.class),
  JSON(String.class);

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
