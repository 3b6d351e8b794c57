package io.coagent.engine;

import io.coagent.engine.internal.StoreImpl;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A multi-version store whose isolation protocol is MTPO (see {@code docs/design/engine.md}).
 * Open with {@link #open(StoreConfig)}; thread-safe; close once.
 */
public interface CoStore extends AutoCloseable {
  /**
   * Prefix of the names the store gives operator trajectories ({@link #beginOperator}). Agent names
   * starting with {@code $} are reserved for such internal names and refused.
   */
  String OPERATOR_PREFIX = "$operator-";

  /**
   * The largest explicit rank ({@link #begin(String, long)}): 10^18. Ranks above it are kept for
   * dynamic joins and reservations, so that no agent can exhaust the rank space (about 8.2 * 10^18
   * dynamic ranks remain above the largest explicit one).
   */
  long MAX_EXPLICIT_RANK = 1_000_000_000_000_000_000L;

  /**
   * Prefix of the store's own tables. {@link #table}, {@link #tables} and therefore SQL do not see
   * them, and {@link #createTable}/{@link #dropTable} refuse the prefix, so no statement can read or
   * write them; the store creates them at open and its own layers write them through operations.
   */
  String SYSTEM_TABLE_PREFIX = "SYS$";

  /**
   * The outbox of irreversible effects, a store table ({@code ID BIGINT} key: the writing
   * operation's id; {@code TOOL VARCHAR}; {@code PAYLOAD VARCHAR}, JSON). An entry is a row written
   * in its agent's trajectory, so undo, rollback, abort and crash recovery discard it as they do any
   * write, and it is released exactly when its writer commits (by rule 8, after every lower rank has
   * ended). The SQL layer shows it as {@code SYS.OUTBOX}; see docs/design/protocol.md.
   */
  String OUTBOX_TABLE = SYSTEM_TABLE_PREFIX + "OUTBOX";

  static CoStore open(StoreConfig config) {
    return StoreImpl.open(config);
  }

  /**
   * Creates a table, visible to every trajectory at once. DDL is not versioned. Names starting with
   * {@link #SYSTEM_TABLE_PREFIX} are refused.
   */
  void createTable(TableDef def);

  void dropTable(String name);

  /**
   * ALTER TABLE: replaces the definition of table {@code name} by {@code changed}, which may
   * rename the table and its columns, change nullability and defaults, and append columns, but
   * keeps the primary key and each existing column's position and type. Every existing version of
   * every row (live, history, undone, in the log) reads {@code added.get(i)} in the i-th appended
   * column (null: NULL; refused for a NOT NULL column). Rows, history and the log follow the
   * table by its internal id, so a renamed table keeps them. Not versioned (like all DDL): visible
   * to every trajectory at once; bumps {@link #catalogVersion}. Durable in file mode.
   */
  void alterTable(String name, TableDef changed, List<Object> added);

  Optional<TableDef> table(String name);

  /**
   * Creates a secondary index on columns of a table, built over every row version the store holds
   * before this returns; the definition is durable (file stores), the entries are rebuilt at open.
   * Like tables, index DDL is not versioned. Index names are unique in the store (any table).
   * Refused: unknown table ({@link ErrorCode#UNKNOWN_TABLE}), a column position out of range,
   * a BINARY column ({@link ErrorCode#INVALID_DEFINITION}), a name in use
   * ({@link ErrorCode#INDEX_EXISTS}). A unique index over rows that already collide is refused
   * ({@link ErrorCode#DUPLICATE_KEY}).
   */
  void createIndex(IndexDef def);

  /** Drops an index; {@link ErrorCode#UNKNOWN_INDEX} if there is none by that name. */
  void dropIndex(String name);

  /** Every secondary index of every table, by table then name. */
  List<IndexDef> indexes();

  /** Increases with every CREATE or DROP of a table or index, so callers can drop plans made earlier. */
  long catalogVersion();

  List<TableDef> tables();

  /**
   * Creates a view: a name (stored upper-case) for a query text, which the engine stores with the
   * schema (durably) but never interprets; the SQL layer expands it. Tables and views share one
   * namespace. {@code replace}: an existing view of that name is replaced (CREATE OR REPLACE).
   * Not versioned, like every DDL; bumps {@link #catalogVersion}.
   */
  void createView(String name, String sql, boolean replace);

  /** Drops a view; fails with {@link ErrorCode#UNKNOWN_TABLE} if there is none of that name. */
  void dropView(String name);

  /** A view's query text, if {@code name} is a view. */
  Optional<String> view(String name);

  /** Every view, upper-case name to query text, sorted by name. */
  java.util.SortedMap<String, String> views();

  /**
   * Reserves ranks, in the given order, above every rank in use, for agents that will start later
   * (spec: pre-order at launch). Returns the reserved ranks.
   */
  List<Long> launch(List<String> agents);

  /** Withdraws an unused reservation so that higher ranks stop waiting for it. */
  void cancelReservation(String agent);

  /** Every reservation not yet taken, cancelled or expired, by rank. */
  List<ReservationInfo> reservations();

  /**
   * The agent's trajectory: its active one if any (join), else a new one at its reserved rank,
   * else a new one at the next rank above every rank in use (dynamic join).
   */
  Trajectory begin(String agent);

  /**
   * As {@link #begin(String)}, for one auto-commit statement that is committed or aborted before
   * anything of it is acknowledged. A new trajectory then costs one sync (at its end) instead of
   * three (begin, the statement's completion, the end): a crash before the end loses at most the
   * statement, which was never acknowledged. Joining an active trajectory is as
   * {@link #begin(String)}, and so is the trajectory once another connection joins it.
   */
  Trajectory beginStatement(String agent);

  /** As {@link #begin(String)} but at an explicit rank; refused if it conflicts. */
  Trajectory begin(String agent, long rank);

  /**
   * As {@link #begin(String)} at another isolation level. {@code MTPO} is the same as
   * {@link #begin(String)}; the other levels take a provisional rank now and install their writes
   * at commit. Joining an active trajectory of another level is refused.
   */
  Trajectory begin(String agent, Isolation isolation);

  /**
   * A new trajectory under a fresh internal name ({@link #OPERATOR_PREFIX}, unique for the store's
   * lifetime and across restarts), at the next free rank for MTPO: what an operator statement runs
   * in.
   */
  Trajectory beginOperator(Isolation isolation);

  Optional<Trajectory> active(String agent);

  /**
   * Renews the lease of the agent's active trajectory and of its reservation (see
   * {@link LeaseTimeout}); returns when the renewed lease expires, or empty if the agent holds
   * neither. If the store aborted the agent's last trajectory (lease expiry, operator) and has not
   * told the agent yet, fails with that news ({@link ErrorCode#LEASE_EXPIRED} or
   * {@link ErrorCode#ABORTED_BY_OPERATOR}) instead, once.
   */
  Optional<Instant> heartbeat(String agent);

  /**
   * The operator's stop: aborts the agent's active trajectory (as a rollback: writes undone, higher
   * readers notified) and drops its reservation. The agent learns of it at its next begin or
   * heartbeat ({@link ErrorCode#ABORTED_BY_OPERATOR}). Returns how many of the two it ended; fails
   * with {@link ErrorCode#UNKNOWN_AGENT} if neither exists.
   */
  int abortAgent(String agent);

  /**
   * Takes the news that the store ended the agent's work (lease expiry, {@link #abortAgent}) and
   * has not told it yet: the same exception its next begin or heartbeat would throw, which is then
   * not thrown. For a caller that reports it otherwise (a JDBC {@code commit()} of lost work).
   */
  Optional<CoAgentException> takeAbortNotice(String agent);

  /** The store's {@code lease_timeout} (its setting, or {@link LeaseTimeout#DEFAULT}). */
  java.time.Duration leaseTimeout();

  /** Reads the live (newest) state without a trajectory; registers no footprint. */
  Row readLive(String table, Key key);

  List<Row> scanLive(String table, KeyRange range, RowPredicate predicate);

  /**
   * Every version of one row, in serial-order position (undone ones included, flagged). Uses the
   * key index: cost O(log N + V), independent of the table's size.
   */
  List<VersionInfo> history(String table, Key key);

  /** Every version of every row of a table, by key, then position. */
  List<VersionInfo> history(String table);

  /**
   * The live view of a table as it was at wall-clock {@code time}: for each key, the newest version
   * by position among those written at or before {@code time} and not undone by then.
   */
  List<Row> scanAsOf(String table, KeyRange range, Instant time);

  /** Rows that differ between the live views at {@code from} and {@code to}, in key order. */
  List<RowDiff> diff(String table, Instant from, Instant to);

  /**
   * The serial run's view (rule 10): the rows that operation {@code seq} of the trajectory at
   * {@code rank} would read if every committed trajectory had run alone, in rank order. Only
   * committed, non-undone versions positioned strictly before that operation count (lower ranks',
   * other levels' commits placed below it, and the trajectory's own earlier operations). Records no footprint. This is what the
   * quiescence check compares each recorded read with; the SQL layer uses it to re-run a recorded
   * statement through a path of its own.
   */
  List<Row> scanSerial(String table, KeyRange range, long rank, long seq);

  /** What a trajectory of rank {@code rank} sees now (rule 1), without recording a footprint. */
  List<Row> scanAtRank(String table, KeyRange range, long rank);

  /**
   * Retention: removes history older than {@code cutoff} without changing any current answer (of
   * any rank, live or in a trajectory) or any {@link #scanAsOf} answer for a time at or after
   * {@code cutoff}. Removed: versions undone before the cutoff; versions hidden, for every rank that
   * can still read, by a newer committed MTPO version whose trajectory ended before the cutoff; and
   * the log, notifications and recorded reads of trajectories that ended before the cutoff (the
   * rule-10 check then covers the retained window only). Durable in file mode.
   */
  CompactionReport compactHistory(Instant cutoff);

  List<TrajectoryInfo> trajectories();

  List<OperationInfo> operations();

  List<NotificationInfo> notifications();

  /** A durable store setting by name, if set (see {@link #putSetting}). */
  Optional<String> setting(String name);

  /**
   * Sets a store setting durably (synced before the call returns). The engine stores names and
   * values as given, except its own settings ({@link LeaseTimeout#NAME}), which it validates;
   * whoever defines another setting validates its value before putting it.
   */
  void putSetting(String name, String value);

  /** Every store setting, by name. */
  java.util.Map<String, String> settings();

  /** Rule 10's quiescence check. */
  VerifyReport verify();

  @Override
  void close();
}
