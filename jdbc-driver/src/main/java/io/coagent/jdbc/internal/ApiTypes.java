package io.coagent.jdbc.internal;

import io.coagent.engine.Key;
import io.coagent.engine.OperationInfo;
import io.coagent.engine.WriteInfo;
import io.coagent.jdbc.Notification;
import io.coagent.jdbc.NotificationListener;
import io.coagent.jdbc.Operation;
import io.coagent.jdbc.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine's notification and operation snapshots as the driver's API types: the public API
 * names no engine class, so the engine can change under it and a remote connection can build the
 * same types from the wire.
 */
final class ApiTypes {
  private ApiTypes() {}

  static Notification notification(io.coagent.engine.Notification n) {
    return new Notification(n.id(), n.readerTrajectory(), n.readerAgent(), n.readerRank(),
        n.table(), row(n.key()), n.readOperations(), Row.of(n.seen()), Row.of(n.now()),
        n.writerAgent(), n.writerRank(), n.writerOperation(),
        Notification.Cause.valueOf(n.cause().name()), n.time());
  }

  static Optional<Notification> notification(Optional<io.coagent.engine.Notification> n) {
    return n.map(ApiTypes::notification);
  }

  static List<Notification> notifications(List<io.coagent.engine.Notification> ns) {
    List<Notification> out = new ArrayList<>(ns.size());
    for (io.coagent.engine.Notification n : ns) {
      out.add(notification(n));
    }
    return List.copyOf(out);
  }

  static io.coagent.engine.NotificationListener listener(NotificationListener l) {
    return l == null ? null : n -> l.onNotification(notification(n));
  }

  static Operation operation(OperationInfo o) {
    List<Operation.Write> writes = new ArrayList<>(o.writes().size());
    for (WriteInfo w : o.writes()) {
      writes.add(new Operation.Write(w.table(), row(w.key()), Row.of(w.before()),
          Row.of(w.after())));
    }
    return new Operation(o.id(), o.trajectory(), o.agent(), o.rank(), o.seq(),
        Operation.Kind.valueOf(o.kind().name()), o.text(),
        Operation.State.valueOf(o.state().name()), o.rowsAffected(), o.time(), writes,
        o.annotation());
  }

  static List<Operation> operations(List<OperationInfo> ops) {
    List<Operation> out = new ArrayList<>(ops.size());
    for (OperationInfo o : ops) {
      out.add(operation(o));
    }
    return List.copyOf(out);
  }

  private static Row row(Key k) {
    return Row.of(k.toArray());
  }
}
