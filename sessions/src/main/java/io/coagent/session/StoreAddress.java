package io.coagent.session;

import io.coagent.engine.StoreConfig;
import java.util.Objects;

/**
 * Where a store lives and how the process that opens it configures it: a memory store by name or
 * a file store by path, the file's durability and the store's lease timeout and history retention. The settings count
 * only for the caller that opens the store ({@link Stores#open}); later callers share it as it is.
 *
 * @param memory true for a {@code mem:NAME} store (shared by name for the JVM's life), false for
 *     a {@code file:PATH} store
 * @param location the memory store's name or the file's path
 * @param durability a file store's durability, null for the default ({@code sync})
 * @param leaseTimeout the store's {@code lease_timeout} setting to put at open, null to keep it
 * @param historyRetention the store's {@code history_retention} setting to put at open, null to
 *     keep it
 */
public record StoreAddress(boolean memory, String location, StoreConfig.Durability durability,
    String leaseTimeout, String historyRetention) {
  public StoreAddress {
    Objects.requireNonNull(location, "location");
  }

  /** A memory store with the default settings. */
  public static StoreAddress memory(String name) {
    return new StoreAddress(true, name, null, null, null);
  }

  /** A file store with the default settings. */
  public static StoreAddress file(String path) {
    return new StoreAddress(false, path, null, null, null);
  }
}
