package io.coagent.engine.internal;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.ErrorCode;
import io.coagent.engine.IndexDef;
import io.coagent.engine.Isolation;
import io.coagent.engine.Key;
import io.coagent.engine.KeyRange;
import io.coagent.engine.Notification;
import io.coagent.engine.NotificationInfo;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.Row;
import io.coagent.engine.RowPredicate;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.VerifyReport;
import io.coagent.engine.VersionInfo;
import io.coagent.engine.internal.storage.Backend;
import io.coagent.engine.internal.storage.MvBackend;
import io.coagent.engine.internal.storage.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store: tables, the rank order, the notification log, and the durable backend.
 *
 * <p>Design: the working set is memory-resident (version chains per key in a concurrent skip
 * list per table); the MVStore file is the durable copy, written at each acknowledged operation
 * and read back whole at open ({@link Recovery}). See docs/design/engine.md.
 *
 * <p>Concurrency: no global lock on the statement path. Tables and trajectories live in concurrent
 * maps; row access locks one chain at a time; {@link RankOrder} has the only store-wide lock, taken
 * to begin, commit or abort a trajectory. Listener callbacks run on one dispatcher thread with a
 * bounded queue.
 *
 * <p>Liveness: every trajectory and reservation holds a lease ({@code lease_timeout}, a durable
 * setting this class validates and caches), renewed by its statements and heartbeats; one
 * reaper thread per store ({@link Leases}) aborts or drops what expired, so a dead or idle agent
 * holds the order back for one lease at most. Agent names starting with {@code $} are refused:
 * they are the store's internal names ({@link #beginOperator}).
 */
public final class StoreImpl implements CoStore {
  final StoreConfig config;
  final Backend backend;
  final Listeners listeners = new Listeners();
  final RankOrder order = new RankOrder(this, listeners::runCommitCompletion);
  final Notifier notifier = new Notifier(this);
  final LockManager locks = new LockManager();
  private final History history = new History(this);
  final ConcurrentHashMap<String, TableData> tables = new ConcurrentHashMap<>();
  final ConcurrentSkipListMap<Long, TrajectoryImpl> trajectories = new ConcurrentSkipListMap<>();
  final ConcurrentSkipListMap<Long, NotificationState> notifications =
      new ConcurrentSkipListMap<>();
  /** Store settings (name to text), durable; see {@link #setting} and {@link #putSetting}. */
  final ConcurrentHashMap<String, String> settings = new ConcurrentHashMap<>();
  /** Views (upper-case name to query text), durable; guarded by {@link #tables} for writes. */
  final ConcurrentHashMap<String, String> views = new ConcurrentHashMap<>();
  final AtomicLong nextTableId = new AtomicLong(1);
  private final AtomicLong catalogVersion = new AtomicLong();
  final AtomicLong nextTrajectoryId = new AtomicLong(1);
  final AtomicLong nextOpId = new AtomicLong(1);
  final AtomicLong nextVersionId = new AtomicLong(1);
  final AtomicLong nextNotificationId = new AtomicLong(1);
  /**
   * The latest history-compaction cutoff (epoch ms; MIN_VALUE: never compacted), durable. The
   * reads of a trajectory that ended by it are out of the rule-10 check: compaction may have
   * removed the versions they saw ({@link Compactor}), live or in the file.
   */
  volatile long compactedThrough = Long.MIN_VALUE;
  private volatile boolean closed;
  final Leases leases = new Leases(this);
  /** Automatic history compaction ({@code history_retention}); idle unless the setting is on. */
  private final AutoRetention retention = new AutoRetention(this);
  /** Serializes history compaction passes. */
  private final Object compactionLock = new Object();
  /** The parsed lease_timeout; null until read from the settings (and after a change). */
  private volatile java.time.Duration leaseTimeout;
  /** Operator names: unique to this store instance, so never one recovered from an earlier run. */
  private final String operatorNames = OPERATOR_PREFIX
      + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
  private final AtomicLong nextOperator = new AtomicLong(1);

  /** A notification and whether it was acknowledged. */
  static final class NotificationState {
    final Notification notification;
    volatile boolean acknowledged;

    NotificationState(Notification n, boolean acknowledged) {
      this.notification = n;
      this.acknowledged = acknowledged;
    }
  }

  private StoreImpl(StoreConfig config, Backend backend) {
    this.config = config;
    this.backend = backend;
  }

  public static StoreImpl open(StoreConfig config) {
    return open(config, config.inMemoryOnly() ? Backend.none()
        : MvBackend.open(config.path(), config.durability() == StoreConfig.Durability.SYNC));
  }

  /** A store over {@code b} (tests observe what reaches the backend, and in which order). */
  static StoreImpl open(StoreConfig config, Backend b) {
    StoreImpl s = new StoreImpl(config, b);
    try {
      new Recovery(s).run(b.load());
      s.views.putAll(b.views());
      s.createSystemTables();
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    s.leases.wake();
    s.retention.reschedule();
    return s;
  }

  // ---- tables ----

  @Override
  public void createTable(TableDef def) {
    checkOpen();
    refuseSystemName(def.name(), "create");
    define(def);
  }

  /**
   * The store's own tables ({@link CoStore#SYSTEM_TABLE_PREFIX}), created at open when missing (a
   * store written before one existed gets it at its next open). One today, the outbox.
   */
  private void createSystemTables() {
    if (!tables.containsKey(OUTBOX_TABLE)) {
      define(TableDef.of(OUTBOX_TABLE, List.of(
          io.coagent.engine.ColumnDef.notNull("ID", io.coagent.engine.ColumnType.BIGINT),
          io.coagent.engine.ColumnDef.notNull("TOOL", io.coagent.engine.ColumnType.VARCHAR),
          io.coagent.engine.ColumnDef.notNull("PAYLOAD", io.coagent.engine.ColumnType.VARCHAR)),
          0));
    }
  }

  private static boolean isSystemName(String name) {
    return name != null && name.toUpperCase(Locale.ROOT).startsWith(SYSTEM_TABLE_PREFIX);
  }

  private static void refuseSystemName(String name, String verb) {
    if (isSystemName(name)) {
      throw new CoAgentException(ErrorCode.RESERVED_NAME, "cannot " + verb + " table " + name
          + ": names starting with " + SYSTEM_TABLE_PREFIX + " are the store's own tables (the "
          + "outbox is SYS.OUTBOX); choose a name without that prefix");
    }
  }

  private void define(TableDef def) {
    String name = def.name().toUpperCase(Locale.ROOT);
    synchronized (tables) {
      if (tables.containsKey(name)) {
        throw new CoAgentException(ErrorCode.TABLE_EXISTS,
            "table " + def.name() + " already exists; drop it first or choose another name");
      }
      if (views.containsKey(name)) {
        throw new CoAgentException(ErrorCode.TABLE_EXISTS, "a view named " + def.name()
            + " already exists; drop the view (DROP VIEW) or choose another name");
      }
      TableData td = new TableData(nextTableId.getAndIncrement(), def);
      backend.putTable(Infos.tableRecord(td));
      backend.putNextTableId(nextTableId.get());
      sync();
      tables.put(name, td);
      catalogVersion.incrementAndGet();
    }
  }

  // ---- secondary indexes ----

  @Override
  public void createIndex(IndexDef def) {
    checkOpen();
    synchronized (tables) {
      TableData td = tableData(def.table());
      refuseSystemName(td.def().name(), "index");
      String name = def.name().toUpperCase(Locale.ROOT);
      if (findIndex(name) != null) {
        throw new CoAgentException(ErrorCode.INDEX_EXISTS, "index " + def.name()
            + " already exists; drop it first (DROP INDEX) or choose another name");
      }
      for (int c : def.columns()) {
        if (c < 0 || c >= td.def().columns().size()) {
          throw new CoAgentException(ErrorCode.UNKNOWN_COLUMN, "index " + def.name()
              + ": table " + td.def().name() + " has no column at position " + c);
        }
        io.coagent.engine.ColumnDef col = td.def().columns().get(c);
        if (col.type() == io.coagent.engine.ColumnType.BINARY) {
          throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "index " + def.name()
              + ": column " + col.name() + " of " + td.def().name() + " is BINARY, whose values "
              + "have no order an index can keep; index another column");
        }
      }
      IndexDef canonical = new IndexDef(def.name(), td.def().name(), def.columns(), def.unique());
      SecondaryIndex ix = new SecondaryIndex(canonical);
      // maintained by writers from here on; built over what the chains already hold
      td.indexes.put(name, ix);
      try {
        ix.build(td);
        if (def.unique()) {
          UniqueChecks.refuseExisting(td, ix);
        }
        backend.putIndex(new Records.Index(canonical.name(), td.id, canonical.columns(),
            canonical.unique()));
        sync();
      } catch (RuntimeException e) {
        td.indexes.remove(name);
        throw e;
      }
      ix.ready = true;
      catalogVersion.incrementAndGet();
    }
  }

  @Override
  public void dropIndex(String name) {
    checkOpen();
    synchronized (tables) {
      TableData td = findIndex(name.toUpperCase(Locale.ROOT));
      if (td == null) {
        throw new CoAgentException(ErrorCode.UNKNOWN_INDEX, "index " + name
            + " does not exist; check the name (DatabaseMetaData.getIndexInfo lists them)");
      }
      backend.removeIndex(name);
      sync();
      td.indexes.remove(name.toUpperCase(Locale.ROOT));
      catalogVersion.incrementAndGet();
    }
  }

  @Override
  public List<IndexDef> indexes() {
    List<IndexDef> out = new ArrayList<>();
    for (TableData td : tables.values()) {
      if (isSystemName(td.def().name())) {
        continue;
      }
      for (SecondaryIndex ix : td.indexes.values()) {
        if (ix.ready) {
          out.add(ix.def);
        }
      }
    }
    out.sort(java.util.Comparator.comparing(IndexDef::table).thenComparing(IndexDef::name));
    return out;
  }

  /** The table holding the index named {@code upperName}, or null. */
  private TableData findIndex(String upperName) {
    for (TableData td : tables.values()) {
      if (td.indexes.containsKey(upperName)) {
        return td;
      }
    }
    return null;
  }

  /** Index {@code name} of {@code td}, ready for scans; else UNKNOWN_INDEX naming the fix. */
  SecondaryIndex index(TableData td, String name) {
    SecondaryIndex ix = name == null ? null : td.indexes.get(name.toUpperCase(Locale.ROOT));
    if (ix == null || !ix.ready) {
      throw new CoAgentException(ErrorCode.UNKNOWN_INDEX, "table " + td.def().name()
          + " has no index " + name + "; create it (CREATE INDEX) or scan the table");
    }
    return ix;
  }

  @Override
  public long catalogVersion() {
    return catalogVersion.get();
  }

  @Override
  public void dropTable(String name) {
    checkOpen();
    refuseSystemName(name, "drop");
    synchronized (tables) {
      TableData td = tableData(name);
      backend.removeTable(td.id);
      for (SecondaryIndex ix : td.indexes.values()) {
        backend.removeIndex(ix.def.name());
      }
      sync();
      td.dropped = true;
      tables.remove(td.def().name().toUpperCase(Locale.ROOT));
      catalogVersion.incrementAndGet();
    }
  }

  @Override
  public void alterTable(String name, TableDef changed, List<Object> added) {
    checkOpen();
    refuseSystemName(name, "alter");
    refuseSystemName(changed.name(), "rename to");
    synchronized (tables) {
      TableData td = tableData(name);
      TableDef old = td.def();
      int n = old.columns().size();
      int size = changed.columns().size();
      if (!old.primaryKey().equals(changed.primaryKey()) || size - n != added.size()) {
        throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "table " + old.name()
            + ": ALTER TABLE keeps the primary key and appends exactly the added columns");
      }
      for (int i = 0; i < n; i++) {
        if (!old.columns().get(i).storedType().equals(changed.columns().get(i).storedType())) {
          throw new CoAgentException(ErrorCode.INVALID_DEFINITION, "table " + old.name()
              + ": the type of column " + old.columns().get(i).name() + " cannot change; add a "
              + "new column and copy the values with UPDATE");
        }
      }
      String oldKey = old.name().toUpperCase(Locale.ROOT);
      String newKey = changed.name().toUpperCase(Locale.ROOT);
      if (!newKey.equals(oldKey) && (tables.containsKey(newKey) || views.containsKey(newKey))) {
        throw new CoAgentException(ErrorCode.TABLE_EXISTS, "cannot rename table " + old.name()
            + " to " + changed.name() + ": a table or view of that name exists; choose another");
      }
      Object[] fills = td.fills() == null ? new Object[size]
          : java.util.Arrays.copyOf(td.fills(), size);
      for (int j = 0; j < added.size(); j++) {
        io.coagent.engine.ColumnDef c = changed.columns().get(n + j);
        if (added.get(j) == null && !c.nullable()) {
          throw new CoAgentException(ErrorCode.NOT_NULL_VIOLATION, "column " + changed.name()
              + "." + c.name() + " is NOT NULL, so the existing rows need a value for it; give "
              + "it a DEFAULT or add it nullable");
        }
        fills[n + j] = Values.checkValue(changed, c, added.get(j));
      }
      TableDef before = old;
      Object[] beforeFills = td.fills();
      td.define(changed, fills);
      try {
        backend.putTable(Infos.tableRecord(td));
        sync();
      } catch (RuntimeException e) {
        td.define(before, beforeFills);
        throw e;
      }
      if (!newKey.equals(oldKey)) {
        tables.remove(oldKey);
        tables.put(newKey, td);
      }
      if (!added.isEmpty()) {
        for (VersionChain c : td.rows.values()) {
          synchronized (c) {
            for (Version v : c.versions()) {
              v.values = td.pad(v.values);
            }
          }
        }
      }
      catalogVersion.incrementAndGet();
    }
  }

  @Override
  public void createView(String name, String sql, boolean replace) {
    checkOpen();
    refuseSystemName(name, "create");
    java.util.Objects.requireNonNull(sql, "sql");
    String key = name.toUpperCase(Locale.ROOT);
    synchronized (tables) {
      if (tables.containsKey(key)) {
        throw new CoAgentException(ErrorCode.TABLE_EXISTS, "a table named " + name
            + " already exists; a view needs a name no table or view has");
      }
      if (!replace && views.containsKey(key)) {
        throw new CoAgentException(ErrorCode.TABLE_EXISTS, "view " + name + " already exists; "
            + "use CREATE OR REPLACE VIEW or DROP VIEW it first");
      }
      backend.putView(key, sql);
      sync();
      views.put(key, sql);
      catalogVersion.incrementAndGet();
    }
  }

  @Override
  public void dropView(String name) {
    checkOpen();
    String key = name.toUpperCase(Locale.ROOT);
    synchronized (tables) {
      if (!views.containsKey(key)) {
        throw new CoAgentException(ErrorCode.UNKNOWN_TABLE,
            "view " + name + " does not exist; check the name (DROP VIEW IF EXISTS skips it)");
      }
      backend.removeView(key);
      sync();
      views.remove(key);
      catalogVersion.incrementAndGet();
    }
  }

  @Override
  public Optional<String> view(String name) {
    return name == null ? Optional.empty()
        : Optional.ofNullable(views.get(name.toUpperCase(Locale.ROOT)));
  }

  @Override
  public java.util.SortedMap<String, String> views() {
    return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(views));
  }

  TableData tableData(String name) {
    TableData td = name == null ? null : tables.get(name.toUpperCase(Locale.ROOT));
    if (td == null) {
      throw new CoAgentException(ErrorCode.UNKNOWN_TABLE,
          "table " + name + " does not exist; create it with createTable (CREATE TABLE)");
    }
    return td;
  }

  @Override
  public Optional<TableDef> table(String name) {
    TableData td = name == null || isSystemName(name) ? null
        : tables.get(name.toUpperCase(Locale.ROOT));
    return td == null ? Optional.empty() : Optional.of(td.def());
  }

  @Override
  public List<TableDef> tables() {
    return tables.values().stream().map(TableData::def).filter(d -> !isSystemName(d.name()))
        .sorted((a, b) -> a.name().compareToIgnoreCase(b.name())).toList();
  }

  // ---- ranks and trajectories ----

  @Override
  public List<Long> launch(List<String> agents) {
    checkOpen();
    agents.forEach(StoreImpl::checkAgentName);
    List<Long> ranks = order.launch(agents);
    leases.wake();
    return ranks;
  }

  @Override
  public void cancelReservation(String agent) {
    checkOpen();
    order.cancelReservation(agent);
  }

  @Override
  public Trajectory begin(String agent) {
    checkOpen();
    checkAgentName(agent);
    return leased(order.begin(agent, null, null, false));
  }

  @Override
  public Trajectory begin(String agent, Isolation isolation) {
    checkOpen();
    checkAgentName(agent);
    return leased(order.begin(agent, null, java.util.Objects.requireNonNull(isolation,
        "isolation"), false));
  }

  @Override
  public Trajectory beginStatement(String agent) {
    checkOpen();
    checkAgentName(agent);
    return leased(order.begin(agent, null, null, true));
  }

  @Override
  public Trajectory begin(String agent, long rank) {
    checkOpen();
    checkAgentName(agent);
    return leased(order.begin(agent, rank, Isolation.MTPO, false));
  }

  @Override
  public Trajectory beginOperator(Isolation isolation) {
    checkOpen();
    String name = operatorNames + nextOperator.getAndIncrement();
    return leased(order.begin(name, null, java.util.Objects.requireNonNull(isolation,
        "isolation"), false));
  }

  private Trajectory leased(Trajectory t) {
    leases.wake();
    return t;
  }

  @Override
  public Optional<Trajectory> active(String agent) {
    return order.active(agent).map(t -> t);
  }

  @Override
  public List<io.coagent.engine.ReservationInfo> reservations() {
    return order.reservations();
  }

  @Override
  public Optional<java.time.Instant> heartbeat(String agent) {
    checkOpen();
    if (agent == null) {
      throw new CoAgentException(ErrorCode.UNKNOWN_AGENT, "heartbeat needs an agent name");
    }
    return order.heartbeat(agent);
  }

  @Override
  public Optional<CoAgentException> takeAbortNotice(String agent) {
    return agent == null ? Optional.empty() : order.takeNotice(agent);
  }

  @Override
  public int abortAgent(String agent) {
    checkOpen();
    if (agent == null || agent.isBlank()) {
      throw new CoAgentException(ErrorCode.UNKNOWN_AGENT, "SYS.ABORT needs an agent name; list "
          + "active ones in SYS.TRAJECTORIES (STATE = 'ACTIVE') and SYS.RESERVATIONS");
    }
    return order.abortAgent(agent);
  }

  @Override
  public java.time.Duration leaseTimeout() {
    java.time.Duration d = leaseTimeout;
    if (d == null) {
      String v = settings.get(io.coagent.engine.LeaseTimeout.NAME);
      try {
        d = v == null ? io.coagent.engine.LeaseTimeout.DEFAULT
            : io.coagent.engine.LeaseTimeout.parse(v);
      } catch (CoAgentException e) {
        d = io.coagent.engine.LeaseTimeout.DEFAULT; // a file from a release that did not check
      }
      leaseTimeout = d;
    }
    return d;
  }

  /**
   * Runs one lease-reaper pass now (the background reaper runs them anyway); returns how many
   * trajectories and reservations it ended. For tests with an injected clock.
   */
  public int expireLeases() {
    return leases.reap();
  }

  boolean isClosed() {
    return closed;
  }

  private static void checkAgentName(String agent) {
    if (agent == null || agent.isBlank() || agent.length() > 128) {
      throw new CoAgentException(ErrorCode.UNKNOWN_AGENT,
          "agent name '" + agent + "' is invalid; use 1 to 128 characters");
    }
    if (agent.startsWith("$")) {
      throw new CoAgentException(ErrorCode.RESERVED_NAME, "agent name '" + agent + "' is "
          + "reserved: names starting with '$' (such as " + OPERATOR_PREFIX + "...) are the "
          + "store's internal names for operator statements; choose a name without a leading $");
    }
  }

  void register(TrajectoryImpl t) {
    trajectories.put(t.id(), t);
  }

  CoAgentException foreignOrUnknownOperation(long opId, String agent) {
    for (TrajectoryImpl t : trajectories.values()) {
      if (t.ops().stream().anyMatch(o -> o.id == opId)) {
        return new CoAgentException(ErrorCode.NOT_OWN_OPERATION, "operation " + opId
            + " belongs to agent " + t.agent() + ", not to " + agent
            + "; an agent can only undo its own operations");
      }
    }
    return new CoAgentException(ErrorCode.UNKNOWN_OPERATION, "operation " + opId
        + " does not exist; list the agent's operations in SYS.OPERATIONS");
  }

  // ---- notifications ----

  long nextNotificationId() {
    return nextNotificationId.getAndIncrement();
  }

  /** Logs, persists and queues one notification, then wakes its reader. */
  void deliver(Notification n) {
    TrajectoryImpl reader = trajectories.get(n.readerTrajectory());
    if (reader == null || !reader.isActive()) {
      return;
    }
    notifications.put(n.id(), new NotificationState(n, false));
    backend.putNotification(Infos.notificationRecord(n, false));
    if (reader.inbox.add(n)) {
      listeners.dispatch(reader, n);
    }
    if (reader.committing) {
      order.signal();
    }
  }

  void acknowledge(TrajectoryImpl t, long id) {
    checkOpen();
    NotificationState st = notifications.get(id);
    if (st == null || st.notification.readerTrajectory() != t.id()) {
      String owner = st == null ? "" : " (it belongs to agent " + st.notification.readerAgent()
          + ")";
      throw new CoAgentException(ErrorCode.UNKNOWN_NOTIFICATION, "notification " + id
          + " is not a notification of agent " + t.agent() + owner
          + "; list them in SYS.NOTIFICATIONS");
    }
    if (t.inbox.acknowledge(id)) {
      st.acknowledged = true;
      backend.putNotification(Infos.notificationRecord(st.notification, true));
      sync();
    }
  }

  public void setNotificationsSuppressed(boolean suppressed) {
    notifier.suppressed = suppressed;
  }

  // ---- live reads and introspection ----

  @Override
  public Row readLive(String table, Key key) {
    checkOpen();
    VersionChain c = tableData(table).rows.get(key);
    Object[] v = c == null ? null : RowAccess.visibleValues(c, Long.MAX_VALUE, Long.MAX_VALUE);
    return v == null ? null : new Row(key, v.clone());
  }

  @Override
  public List<Row> scanLive(String table, KeyRange range, RowPredicate predicate) {
    checkOpen();
    return RowAccess.scanLive(tableData(table), range, predicate);
  }

  @Override
  public List<VersionInfo> history(String table, Key key) {
    checkOpen();
    return history.of(tableData(table), key);
  }

  @Override
  public List<VersionInfo> history(String table) {
    checkOpen();
    return history.of(tableData(table));
  }

  @Override
  public List<Row> scanAsOf(String table, KeyRange range, java.time.Instant time) {
    checkOpen();
    return history.asOf(tableData(table), range, time.toEpochMilli());
  }

  @Override
  public List<io.coagent.engine.RowDiff> diff(String table, java.time.Instant from,
      java.time.Instant to) {
    checkOpen();
    return history.diff(tableData(table), from.toEpochMilli(), to.toEpochMilli());
  }

  @Override
  public List<Row> scanSerial(String table, KeyRange range, long rank, long seq) {
    checkOpen();
    return history.serial(tableData(table), range, rank, seq << OperationImpl.POS_SHIFT);
  }

  @Override
  public List<Row> scanAtRank(String table, KeyRange range, long rank) {
    checkOpen();
    return history.atRank(tableData(table), range, rank);
  }

  @Override
  public io.coagent.engine.CompactionReport compactHistory(java.time.Instant cutoff) {
    checkOpen();
    synchronized (compactionLock) { // an operator's pass and the automatic one, one at a time
      return new Compactor(this).run(cutoff);
    }
  }

  /** Automatic passes run so far ({@code history_retention}); for tests. */
  public long automaticCompactions() {
    return retention.passes();
  }

  @Override
  public List<TrajectoryInfo> trajectories() {
    return trajectories.values().stream().map(t -> new TrajectoryInfo(t.id(), t.agent(),
        t.rank(), t.state, t.started, t.ended, t.isolation(), t.annotation(),
        t.isActive() ? t.leaseExpires() : null, t.endReason())).toList();
  }

  @Override
  public List<OperationInfo> operations() {
    return trajectories.values().stream().flatMap(t -> t.ops().stream()).map(this::info)
        .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
  }

  OperationInfo info(OperationImpl op) {
    return Infos.operation(op);
  }

  @Override
  public List<NotificationInfo> notifications() {
    return notifications.values().stream()
        .map(s -> new NotificationInfo(s.notification, s.acknowledged)).toList();
  }

  @Override
  public VerifyReport verify() {
    checkOpen();
    return new Verifier(this).run();
  }

  // ---- settings ----

  @Override
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  @Override
  public void putSetting(String name, String value) {
    checkOpen();
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(value, "value");
    boolean lease = name.equals(io.coagent.engine.LeaseTimeout.NAME);
    if (lease) {
      io.coagent.engine.LeaseTimeout.parse(value);
    }
    boolean history = name.equals(io.coagent.engine.HistoryRetention.NAME);
    if (history) {
      io.coagent.engine.HistoryRetention.parse(value);
    }
    synchronized (settings) {
      backend.putSetting(name, value);
      sync();
      settings.put(name, value);
      if (lease) {
        leaseTimeout = null;
      }
    }
    if (lease) {
      leases.kick(); // a shorter lease may have expired some already
    }
    if (history) {
      retention.reschedule(); // a pass now, then at the new interval
    }
  }

  @Override
  public java.util.Map<String, String> settings() {
    return java.util.Map.copyOf(settings);
  }

  // ---- ids, persistence, life cycle ----

  long nextTrajectoryId() {
    return nextTrajectoryId.getAndIncrement();
  }

  long nextOpId() {
    return nextOpId.getAndIncrement();
  }

  long nextVersionId() {
    return nextVersionId.getAndIncrement();
  }

  void persist(OperationImpl op) {
    if (op.trajectory.workspace != null) {
      return; // other levels' work becomes durable at commit, with their installed versions
    }
    backend.putOperation(Infos.operationRecord(op));
  }

  void persist(TrajectoryImpl t) {
    backend.putTrajectory(Infos.trajectoryRecord(t));
  }

  void sync() {
    backend.sync();
  }

  void checkOpen() {
    if (closed) {
      throw new CoAgentException(ErrorCode.STORE_CLOSED, "the store is closed; open it again");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    leases.shutdown();
    retention.shutdown();
    order.closeAsync();
    listeners.shutdown();
    backend.close();
  }

  /** Test hook: stops as a crash would, writing nothing not yet synced. */
  public void crashForTesting() {
    closed = true;
    leases.shutdown();
    retention.shutdown();
    listeners.shutdown();
    backend.closeImmediately();
  }
}
