package io.coagent.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coagent.engine.Notification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON a PostgreSQL client receives as the payload of a NotificationResponse on channel
 * {@code coagent}: every field of spec rule 5 (who wrote, what, the value the reader saw and the
 * value now, which of the reader's operations read it). Values are JSON numbers, strings, booleans
 * or null; bytes are hex strings; other types their SQL text.
 */
final class NotificationPayload {
  static final String CHANNEL = "coagent";
  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationPayload() {}

  static String json(Notification n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("table", n.table());
    m.put("key", values(n.key().toArray()));
    m.put("cause", n.cause().name());
    m.put("writer", ordered("agent", n.writerAgent(), "rank", n.writerRank(),
        "operation", n.writerOperation()));
    m.put("reader", ordered("agent", n.readerAgent(), "rank", n.readerRank(),
        "trajectory", n.readerTrajectory()));
    m.put("readOperations", n.readOperations());
    m.put("seen", n.seen() == null ? null : values(n.seen()));
    m.put("now", n.now() == null ? null : values(n.now()));
    m.put("time", n.time().toString());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("notification " + n.id() + " is not serializable", e);
    }
  }

  /** The human-readable line psql prints and pgjdbc turns into an SQLWarning. */
  static String notice(Notification n) {
    return "MTPO notification " + n.id() + ": " + n.table() + " key "
        + key(n.key().toArray()) + " was changed by "
        + n.writerAgent() + " (rank " + n.writerRank() + ", operation " + n.writerOperation()
        + ", " + n.cause() + ") below your rank " + n.readerRank() + "; it affects your operations "
        + n.readOperations() + ". Repair (CALL SYS.UNDO(op) and redo) or CALL SYS.ACK("
        + n.id() + ")";
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A key as the JDBC API's {@code Row} prints it: one value bare, several in brackets. */
  private static String key(Object[] k) {
    return k.length == 1 ? String.valueOf(k[0]) : Arrays.deepToString(k);
  }

  private static List<Object> values(Object[] vs) {
    List<Object> out = new ArrayList<>(vs.length);
    for (Object v : vs) {
      if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
        out.add(v);
      } else if (v instanceof byte[] b) {
        out.add("\\x" + HexFormat.of().formatHex(b));
      } else {
        out.add(v.toString());
      }
    }
    return out;
  }
}
