package io.coagent.sql.internal.sys;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.SqlState;
import io.coagent.engine.Trajectory;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.engine.TrajectoryState;
import io.coagent.engine.VersionInfo;
import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlColumn;
import io.coagent.sql.SqlResult;
import io.coagent.sql.internal.SqlErrors;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The outbox of irreversible effects (an email, a payment, a deploy): {@code CALL
 * SYS.OUTBOX_PUT(tool, payload)} records one in the agent's trajectory, {@code SYS.OUTBOX} shows the
 * entries with their state, and an operator takes a released entry with {@code CALL
 * SYS.OUTBOX_TAKE(id)} and performs it.
 *
 * <p>Invariant: an entry is released exactly when it can no longer be undone. It is a row of the
 * store's table {@link CoStore#OUTBOX_TABLE} (keyed by the writing operation's id) written by an
 * ordinary operation of the agent's trajectory, so undo, rollback to a savepoint, rollback, abort
 * (a lease, {@code SYS.ABORT}) and crash recovery (which aborts what was active) discard it as they
 * do any write. Its state is never stored; it is computed on every read from the row's version and
 * its writer: {@code HELD} while the writer is active, {@code RELEASED} once the writer committed
 * (rule 8: after every lower rank has ended, so no notification can reach it any more and nothing
 * can undo it), {@code DISCARDED} if the version was undone or its writer aborted, and
 * {@code CONSUMED} once taken. Releasing before the writer's own commit would let the agent's own
 * rollback orphan an effect that is already out in the world.
 *
 * <p>Exactly once: {@link #take} checks the state and records the take under one lock, and the
 * record is a durable store setting ({@value #TAKEN}{@code <id>}, value: the time) synced before
 * take returns, so two operators never both take an entry and a taken entry stays taken across a
 * restart. What the consumer does after the take is its own: the store promises at most one take.
 * The setting costs one small entry of memory per taken entry (store settings are memory-resident).
 *
 * <p>Only agents put (an operator's auto-commit statement is re-run on repair, which would make a
 * second entry) and only operators take. The table is invisible to SQL ({@link CoStore#table}
 * hides it), so no statement can write an entry except through {@code OUTBOX_PUT}.
 */
final class Outbox {
  /** Prefix of the settings that record taken entries. */
  static final String TAKEN = "outbox.taken.";
  /** Bounds on what an entry holds, so one call cannot grow the store without limit. */
  static final int MAX_TOOL = 128;
  static final int MAX_PAYLOAD = 64 * 1024;
  private static final Object TAKE_LOCK = new Object();

  /** One entry: its id and its newest version (the entry's only write). */
  record Entry(long id, VersionInfo version, String state, Instant released, String taken) {}

  private Outbox() {}

  /** {@code CALL SYS.OUTBOX_PUT(tool, payload)}: an UPDATE-kind statement of the trajectory. */
  static PreparedSql put(String sql, CallArgs args, String agent) {
    return new PreparedSql() {
      @Override
      public String sql() {
        return sql;
      }

      @Override
      public Kind kind() {
        return Kind.UPDATE;
      }

      @Override
      public int parameterCount() {
        return args.parameterCount();
      }

      @Override
      public SqlResult execute(Trajectory t, List<Object> parameters) throws SQLException {
        List<Object> a = args.bind(parameters);
        String tool = (String) a.get(0);
        String payload = (String) a.get(1);
        if (agent == null) {
          throw SqlState.INSUFFICIENT_PRIVILEGE.exception("SYS.OUTBOX_PUT records an agent's "
              + "irreversible effect, held until its trajectory commits; an operator statement "
              + "commits by itself, so perform the effect directly, or connect as an agent");
        }
        if (tool == null || tool.isBlank() || tool.length() > MAX_TOOL) {
          throw SqlState.INVALID_PARAMETER_VALUE.exception("SYS.OUTBOX_PUT needs a tool name of 1 "
              + "to " + MAX_TOOL + " characters, got " + (tool == null ? "NULL" : tool.length()
              + " characters"));
        }
        if (payload == null || payload.length() > MAX_PAYLOAD) {
          throw SqlState.INVALID_PARAMETER_VALUE.exception("SYS.OUTBOX_PUT needs a payload (the "
              + "effect's arguments, e.g. JSON) of at most " + MAX_PAYLOAD + " characters, got "
              + (payload == null ? "NULL" : payload.length()));
        }
        if (t == null) {
          throw SqlState.INVALID_TRANSACTION_STATE.exception("SYS.OUTBOX_PUT needs the agent's "
              + "trajectory: " + sql);
        }
        try (Operation op = t.begin(OpKind.INSERT, sql)) {
          op.insert(CoStore.OUTBOX_TABLE, new Object[] {op.id(), tool, payload});
          op.complete();
          return SqlResult.count(1);
        } catch (CoAgentException | IllegalStateException e) {
          throw SqlErrors.translate(e, sql);
        }
      }
    };
  }

  /** {@code SYS.OUTBOX}: every entry whose writer {@code visible} accepts, oldest first. */
  static SysTable<Entry> table(CoStore store, Predicate<String> visible) {
    List<SysTable.Column<Entry>> cols = List.of(
        col("ID", SqlTypeName.BIGINT, Entry::id),
        col("AGENT", SqlTypeName.VARCHAR, e -> e.version().agent()),
        col("RANK", SqlTypeName.BIGINT, e -> e.version().rank()),
        col("TRAJECTORY_ID", SqlTypeName.BIGINT, e -> e.version().trajectory()),
        col("TOOL", SqlTypeName.VARCHAR, e -> value(e, 1)),
        col("PAYLOAD", SqlTypeName.VARCHAR, e -> value(e, 2)),
        col("STATE", SqlTypeName.VARCHAR, Entry::state),
        col("CREATED", SqlTypeName.TIMESTAMP, e -> millis(e.version().created())),
        col("RELEASED", SqlTypeName.TIMESTAMP, e -> millis(e.released())),
        col("TAKEN", SqlTypeName.TIMESTAMP,
            e -> e.taken() == null ? null : millis(Instant.parse(e.taken()))));
    return new SysTable<>(cols, () -> entries(store).stream()
        .filter(e -> visible.test(e.version().agent())).toList());
  }

  /** Every entry, in id order. */
  static List<Entry> entries(CoStore store) {
    Map<Long, VersionInfo> newest = new LinkedHashMap<>();
    for (VersionInfo v : store.history(CoStore.OUTBOX_TABLE)) {
      long id = ((Number) v.key().part(0)).longValue();
      VersionInfo seen = newest.get(id);
      if (seen == null || v.versionId() > seen.versionId()) {
        newest.put(id, v);
      }
    }
    Map<Long, TrajectoryInfo> trajectories = store.trajectories().stream()
        .collect(Collectors.toMap(TrajectoryInfo::id, Function.identity(), (a, b) -> a));
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<Long, VersionInfo> e : newest.entrySet()) {
      out.add(entry(store, e.getKey(), e.getValue(), trajectories));
    }
    out.sort(Comparator.comparingLong(Entry::id));
    return out;
  }

  private static Entry entry(CoStore store, long id, VersionInfo v,
      Map<Long, TrajectoryInfo> trajectories) {
    String taken = store.setting(TAKEN + id).orElse(null);
    if (v.undone() != null || v.isDelete()
        || v.trajectoryState() == TrajectoryState.ABORTED) {
      return new Entry(id, v, "DISCARDED", null, taken);
    }
    if (v.trajectoryState() != TrajectoryState.COMMITTED) {
      return new Entry(id, v, "HELD", null, taken);
    }
    TrajectoryInfo t = trajectories.get(v.trajectory());
    return new Entry(id, v, taken == null ? "RELEASED" : "CONSUMED", t == null ? null : t.ended(),
        taken);
  }

  /**
   * Operators: takes a released entry, exactly once; one row (ID, TOOL, PAYLOAD, AGENT, RANK,
   * TAKEN, an ISO-8601 instant). An unknown id is 42704; a held, discarded or taken entry is 55000 saying why.
   */
  static SqlResult take(CoStore store, String agent, long id) throws SQLException {
    if (agent != null) {
      throw SqlState.INSUFFICIENT_PRIVILEGE.exception("SYS.OUTBOX_TAKE is for the operator "
          + "process that performs released effects; agent " + agent + " cannot take entry " + id
          + ": connect as an operator (no agent)");
    }
    synchronized (TAKE_LOCK) {
      Entry e = entries(store).stream().filter(x -> x.id() == id).findFirst().orElseThrow(
          () -> SqlState.UNDEFINED_OBJECT.exception("outbox entry " + id + " does not exist; "
              + "list the released ones with SELECT ID, TOOL, PAYLOAD FROM SYS.OUTBOX WHERE STATE "
              + "= 'RELEASED'"));
      VersionInfo w = e.version();
      String who = "trajectory " + w.trajectory() + " of agent " + w.agent() + " (rank "
          + w.rank() + ")";
      switch (e.state()) {
        case "HELD" -> throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception("outbox entry "
            + id + " is held: " + who + " has not committed (it can commit only once every lower "
            + "rank has ended); take it when SYS.OUTBOX shows it RELEASED");
        case "DISCARDED" -> throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception("outbox "
            + "entry " + id + " was discarded (" + who + " undid it, rolled back or was aborted): "
            + "it will never be released; do not perform it");
        case "CONSUMED" -> throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception("outbox "
            + "entry " + id + " was already taken at " + e.taken() + "; an entry is taken once");
        default -> { }
      }
      String now = Instant.now().toString();
      try {
        store.putSetting(TAKEN + id, now);
      } catch (CoAgentException x) {
        throw SqlErrors.translate(x, "CALL SYS.OUTBOX_TAKE(" + id + ")");
      }
      List<Object[]> rows = new ArrayList<>();
      rows.add(new Object[] {id, value(e, 1), value(e, 2), w.agent(), w.rank(), now});
      return SqlResult.rows(List.of(column("ID", Types.BIGINT, "BIGINT", Long.class),
          column("TOOL", Types.VARCHAR, "VARCHAR", String.class),
          column("PAYLOAD", Types.VARCHAR, "VARCHAR", String.class),
          column("AGENT", Types.VARCHAR, "VARCHAR", String.class),
          column("RANK", Types.BIGINT, "BIGINT", Long.class),
          column("TAKEN", Types.VARCHAR, "VARCHAR", String.class)), rows);
    }
  }

  private static Object value(Entry e, int column) {
    Object[] v = e.version().values();
    return v == null || v.length <= column ? null : v[column];
  }

  private static SysTable.Column<Entry> col(String name, SqlTypeName type,
      Function<Entry, Object> value) {
    return new SysTable.Column<>(name, type, value);
  }

  private static Object millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static SqlColumn column(String name, int type, String typeName, Class<?> cls) {
    return new SqlColumn(name, "", type, typeName, type == Types.VARCHAR ? 65536 : 19, 0, true,
        cls.getName());
  }
}
