package io.coagent.sql.internal.schema;

import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.RowPredicate;
import java.util.BitSet;

/**
 * How one table scan reads the engine: a point read when every key column is bound by equality,
 * else a key-range scan; {@code predicate} is a superset filter (never rejects a row the query
 * would keep) handed to the engine so the read footprint has predicate precision.
 *
 * @param point the key of a point read, or null
 * @param range the key range of a scan (ignored for a point read)
 * @param predicate the pushed filter, re-evaluated by the engine on later writes
 * @param filterColumns columns referenced by any filter of the scan
 * @param index the secondary index to scan instead of the key range, or null
 * @param indexRange the range over the index's column values (with {@code index})
 */
public record ScanPlan(Key point, KeyRange range, RowPredicate predicate, BitSet filterColumns,
    String index, KeyRange indexRange) {}
