package io.coagent.engine.internal;

import io.coagent.engine.Key;
import io.coagent.engine.TableDef;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A table's rows (key to version chain, sorted for range scans), its registered scans and its
 * secondary indexes.
 *
 * <p>Concurrency: {@code rows} and {@code scans} are concurrent collections; each chain is guarded
 * by its own monitor. A scan registers in {@code scans} before it iterates; a writer inserts its
 * version before it reads {@code scans}. With both sides linearizable, a scan that the writer
 * does not see started after the version existed and therefore reads it (no missed notification).
 * Secondary indexes follow the same order: {@link #add} puts a version's index entries in place
 * with the version, before the writer reads {@code scans} ({@link SecondaryIndex}).
 */
final class TableData {
  final long id;
  /** Replaced by ALTER TABLE (under the store's table lock); rows are padded to it. */
  private volatile TableDef def;
  /**
   * Per column position, the value a row written before that column existed reads as (ALTER
   * TABLE ADD COLUMN); null while no column was added. Replaced together with {@link #def}.
   */
  private volatile Object[] fills;
  final ConcurrentSkipListMap<Key, VersionChain> rows = new ConcurrentSkipListMap<>();
  final Set<ReadRecord> scans = ConcurrentHashMap.newKeySet();
  final AtomicLong nextRowId = new AtomicLong(1);
  volatile boolean dropped;
  /** Secondary indexes by upper-case name; see {@link SecondaryIndex} for their invariant. */
  final Map<String, SecondaryIndex> indexes = new ConcurrentHashMap<>();

  TableData(long id, TableDef def) {
    this.id = id;
    this.def = def;
  }

  TableDef def() {
    return def;
  }

  Object[] fills() {
    return fills;
  }

  /** Recovery and ALTER TABLE: the definition and fill values ({@code fills} null: none). */
  void define(TableDef def, Object[] fills) {
    this.fills = fills;
    this.def = def;
  }

  /**
   * {@code row} as a row of the current definition: a row written before ALTER TABLE ADD COLUMN
   * is shorter, and gets each added column's fill value. Null (a tombstone) stays null.
   */
  Object[] pad(Object[] row) {
    TableDef d = def;
    if (row == null || row.length >= d.columns().size()) {
      return row;
    }
    Object[] f = fills;
    Object[] out = java.util.Arrays.copyOf(row, d.columns().size());
    for (int i = row.length; i < out.length; i++) {
      out[i] = f == null ? null : f[i];
    }
    return out;
  }

  /** The chain for {@code key}, created empty if absent. Callers must check it is not retired. */
  VersionChain chain(Key key) {
    return rows.computeIfAbsent(key, k -> new VersionChain());
  }

  /**
   * Adds a version to its chain and its entries to every secondary index. Call while holding
   * {@code chain}'s monitor, before looking for footprints to notify ({@link SecondaryIndex}).
   */
  void add(VersionChain chain, Key key, Version v) {
    chain.add(v);
    for (SecondaryIndex ix : indexes.values()) {
      ix.add(key, v.values);
    }
  }

  /** Drops an empty chain with no readers, so reads of absent keys do not accumulate. */
  void retire(Key key, VersionChain chain) {
    synchronized (chain) {
      if (chain.retireIfUnused()) {
        rows.remove(key, chain);
      }
    }
  }
}
