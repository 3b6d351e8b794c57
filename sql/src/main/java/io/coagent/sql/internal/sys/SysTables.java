package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.Notification;
import io.coagent.engine.NotificationInfo;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.ReservationInfo;
import io.coagent.engine.TableDef;
import io.coagent.engine.TrajectoryInfo;
import io.coagent.sql.internal.sys.SysTable.Column;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The columns of {@code SYS.TRAJECTORIES}, {@code SYS.OPERATIONS} and {@code SYS.NOTIFICATIONS}
 * (spec section 5 and rule 5), each a function of an engine snapshot record. {@code visible}
 * selects the rows by agent name (the reader's agent for notifications). States are the engine's
 * enum names; a notification's STATE is PENDING or ACKNOWLEDGED. Trajectories show when their
 * lease expires (null once ended) and, for those the store aborted, why ({@code END_REASON});
 * {@code SYS.RESERVATIONS} lists the ranks reserved by {@code SYS.LAUNCH} and not yet taken.
 */
final class SysTables {
  private static final SqlTypeName BIGINT = SqlTypeName.BIGINT;
  private static final SqlTypeName INT = SqlTypeName.INTEGER;
  private static final SqlTypeName TEXT = SqlTypeName.VARCHAR;
  private static final SqlTypeName TIME = SqlTypeName.TIMESTAMP;

  private SysTables() {}

  static SysTable<TrajectoryInfo> trajectories(CoStore store, Predicate<String> visible) {
    List<Column<TrajectoryInfo>> cols = List.of(
        col("ID", BIGINT, TrajectoryInfo::id),
        col("AGENT", TEXT, TrajectoryInfo::agent),
        col("RANK", BIGINT, TrajectoryInfo::rank),
        col("ISOLATION", TEXT, t -> t.isolation().name()),
        col("STATE", TEXT, t -> t.state().name()),
        col("STARTED", TIME, t -> millis(t.started())),
        col("ENDED", TIME, t -> millis(t.ended())),
        col("LEASE_EXPIRES", TIME, t -> millis(t.leaseExpires())),
        col("END_REASON", TEXT, TrajectoryInfo::endReason));
    return new SysTable<>(cols, () -> store.trajectories().stream()
        .filter(t -> visible.test(t.agent()))
        .sorted(Comparator.comparingLong(TrajectoryInfo::id)).toList());
  }

  static SysTable<ReservationInfo> reservations(CoStore store) {
    List<Column<ReservationInfo>> cols = List.of(
        col("AGENT", TEXT, ReservationInfo::agent),
        col("RANK", BIGINT, ReservationInfo::rank),
        col("LEASE_EXPIRES", TIME, r -> millis(r.leaseExpires())));
    return new SysTable<>(cols, store::reservations);
  }

  static SysTable<OperationInfo> operations(CoStore store, Predicate<String> visible,
      UndoCache undo) {
    List<Column<OperationInfo>> cols = List.of(
        col("OP_ID", BIGINT, OperationInfo::id),
        col("TRAJECTORY_ID", BIGINT, OperationInfo::trajectory),
        col("AGENT", TEXT, OperationInfo::agent),
        col("RANK", BIGINT, OperationInfo::rank),
        col("SEQ", BIGINT, OperationInfo::seq),
        col("KIND", TEXT, o -> o.kind().name()),
        col("SQL_TEXT", TEXT, OperationInfo::text),
        col("UNDO_SQL", TEXT, undo::of),
        col("ROWS_AFFECTED", INT, OperationInfo::rowsAffected),
        col("STATE", TEXT, o -> o.state().name()),
        col("TIME", TIME, o -> millis(o.time())));
    return new SysTable<>(cols, () -> store.operations().stream()
        .filter(o -> visible.test(o.agent())).toList());
  }

  static SysTable<NotificationInfo> notifications(CoStore store, Predicate<String> visible) {
    Function<NotificationInfo, Notification> n = NotificationInfo::notification;
    List<Column<NotificationInfo>> cols = List.of(
        col("ID", BIGINT, i -> n.apply(i).id()),
        col("READER_AGENT", TEXT, i -> n.apply(i).readerAgent()),
        col("READER_RANK", BIGINT, i -> n.apply(i).readerRank()),
        col("TABLE_NAME", TEXT, i -> n.apply(i).table()),
        col("ROW_KEY", TEXT, i -> RowJson.key(def(store, i), n.apply(i).key())),
        col("READ_OPS", TEXT, i -> n.apply(i).readOperations().stream()
            .map(String::valueOf).collect(Collectors.joining(","))),
        col("SEEN", TEXT, i -> RowJson.row(def(store, i), n.apply(i).seen())),
        col("NOW", TEXT, i -> RowJson.row(def(store, i), n.apply(i).now())),
        col("WRITER_AGENT", TEXT, i -> n.apply(i).writerAgent()),
        col("WRITER_RANK", BIGINT, i -> n.apply(i).writerRank()),
        col("WRITER_OP", BIGINT, i -> n.apply(i).writerOperation()),
        col("CAUSE", TEXT, i -> n.apply(i).cause().name()),
        col("TIME", TIME, i -> millis(n.apply(i).time())),
        col("STATE", TEXT, i -> i.acknowledged() ? "ACKNOWLEDGED" : "PENDING"));
    return new SysTable<>(cols, () -> store.notifications().stream()
        .filter(i -> visible.test(i.notification().readerAgent()))
        .sorted(Comparator.comparingLong(i -> i.notification().id())).toList());
  }

  private static TableDef def(CoStore store, NotificationInfo i) {
    return store.table(i.notification().table()).orElse(null);
  }

  private static <R> Column<R> col(String name, SqlTypeName type, Function<R, Object> value) {
    return new Column<>(name, type, value);
  }

  private static Object millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }
}
