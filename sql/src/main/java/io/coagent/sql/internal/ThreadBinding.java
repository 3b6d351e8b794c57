package io.coagent.sql.internal;

/**
 * A value bound to the running thread for the extent of a try-with-resources block. Calcite runs a
 * statement's table scans on the thread that executes it, so this is how per-execution context
 * (the statement's engine operation, the times of {@code AS OF ?}) reaches code that Calcite calls
 * from a cached plan. Bindings nest: closing a scope restores the binding it replaced, so a
 * statement run from inside another (a procedure) leaves the outer one intact.
 */
public final class ThreadBinding<T> {
  private final ThreadLocal<T> current = new ThreadLocal<>();

  /** A binding's extent; closing it restores the previous value and never fails. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Binds {@code value} to this thread until the returned scope is closed. */
  public Scope bind(T value) {
    T previous = current.get();
    current.set(value);
    return () -> {
      if (previous == null) {
        current.remove();
      } else {
        current.set(previous);
      }
    };
  }

  /** The value bound to this thread, or null outside every scope. */
  public T get() {
    return current.get();
  }
}
