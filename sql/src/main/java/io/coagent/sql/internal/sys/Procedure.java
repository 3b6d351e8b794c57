package io.coagent.sql.internal.sys;

import java.util.List;
import java.util.Locale;

/**
 * The SYS procedures (spec section 5, and the history procedures of {@link HistoryProcedures}):
 * their parameters and a usage example for messages.
 */
enum Procedure {
  LAUNCH("CALL SYS.LAUNCH('planner,coder,tester')", new Param("agents", Type.VARCHAR)),
  UNDO("CALL SYS.UNDO(42)", new Param("op_id", Type.BIGINT)),
  ACK("CALL SYS.ACK(7)", new Param("id", Type.BIGINT)),
  VERIFY("CALL SYS.VERIFY()"),
  AT_RANK("CALL SYS.AT_RANK('ORDERS', 2)", new Param("table_name", Type.VARCHAR),
      new Param("rank", Type.BIGINT)),
  DIFF("CALL SYS.DIFF('ORDERS', TIMESTAMP '2026-01-01 12:00:00', TIMESTAMP '2026-01-02 12:00:00')",
      new Param("table_name", Type.VARCHAR), new Param("from_time", Type.TIMESTAMP),
      new Param("to_time", Type.TIMESTAMP)),
  COMPACT_HISTORY("CALL SYS.COMPACT_HISTORY(TIMESTAMP '2026-01-01 00:00:00')",
      new Param("cutoff", Type.TIMESTAMP)),
  HEARTBEAT("CALL SYS.HEARTBEAT()"),
  ABORT("CALL SYS.ABORT('coder')", new Param("agent", Type.VARCHAR)),
  SET("CALL SYS.SET('lease_timeout', '30s')", new Param("name", Type.VARCHAR),
      new Param("value", Type.VARCHAR)),
  OUTBOX_PUT("CALL SYS.OUTBOX_PUT('send_email', '{\"to\": \"ops@example.com\"}')",
      new Param("tool", Type.VARCHAR), new Param("payload", Type.VARCHAR)),
  OUTBOX_TAKE("CALL SYS.OUTBOX_TAKE(12)", new Param("id", Type.BIGINT));

  /** Argument types a procedure takes. */
  enum Type {
    BIGINT,
    VARCHAR,
    TIMESTAMP
  }

  /** One parameter: its name (as messages show it) and type. */
  record Param(String name, Type type) {}

  private final String example;
  private final List<Param> params;

  Procedure(String example, Param... params) {
    this.example = example;
    this.params = List.of(params);
  }

  List<Param> params() {
    return params;
  }

  String example() {
    return example;
  }

  /** {@code SYS.UNDO(op_id BIGINT)}. */
  String signature() {
    StringBuilder b = new StringBuilder("SYS.").append(name()).append('(');
    for (int i = 0; i < params.size(); i++) {
      b.append(i > 0 ? ", " : "").append(params.get(i).name()).append(' ')
          .append(params.get(i).type());
    }
    return b.append(')').toString();
  }

  /** The procedure named {@code name} (case-insensitive), or null. */
  static Procedure named(String name) {
    for (Procedure p : values()) {
      if (p.name().equals(name.toUpperCase(Locale.ROOT))) {
        return p;
      }
    }
    return null;
  }

  /** Every signature, for messages about unknown procedures. */
  static String all() {
    StringBuilder b = new StringBuilder();
    for (Procedure p : values()) {
      b.append(b.length() > 0 ? ", " : "").append(p.signature());
    }
    return b.toString();
  }
}
