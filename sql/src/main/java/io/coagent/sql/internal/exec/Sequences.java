package io.coagent.sql.internal.exec;

import io.coagent.engine.CoStore;
import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The sequences of one store ({@code CREATE SEQUENCE}, identity and SERIAL columns), kept as
 * durable store settings named {@code coagent.sequence.NAME}.
 *
 * <p>Rule (PostgreSQL's): a sequence is not transactional. {@link #next} hands out each value
 * exactly once, atomically across every connection, agent and rank of the store; no rollback,
 * undo or repair gives a value back, so gaps are normal. Durability: before a value is handed out,
 * a high-water mark {@link #CACHE} values ahead is synced to the store ({@code putSetting} syncs
 * before it returns); after a crash or a reopen the sequence resumes at that mark, so a value is
 * never handed out twice, at the price of skipping at most {@code CACHE} values.
 *
 * <p>Concurrency: one instance per store object (all SQL engines over a store share it); every
 * method is synchronized on it, so {@code next} is a short critical section that touches the disk
 * once per {@code CACHE} values. A dropped sequence is stored as an empty setting (settings cannot
 * be removed); {@link #def} treats it as absent.
 */
public final class Sequences {
  /** Setting name prefix. */
  public static final String PREFIX = "coagent.sequence.";
  /** Values reserved per durable write of the high-water mark. */
  static final long CACHE = 32;

  private static final Map<CoStore, Sequences> BY_STORE =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * One sequence as stored: {@code owner} is {@code TABLE.COLUMN} for the sequence of an identity
   * or SERIAL column (dropped with its table), else null; {@code identity} is 'a' (GENERATED
   * ALWAYS), 'd' (BY DEFAULT), or ' ' (a SERIAL column or a free sequence).
   */
  public record Def(String name, long start, long increment, String owner, char identity) {}

  private final CoStore store;
  /** Per loaded sequence: {next value, reserved limit (exclusive)}. */
  private final Map<String, long[]> state = new HashMap<>();
  private final Map<String, Long> last = new HashMap<>();

  private Sequences(CoStore store) {
    this.store = store;
  }

  public static Sequences of(CoStore store) {
    return BY_STORE.computeIfAbsent(store, Sequences::new);
  }

  /** The sequence named {@code name}, if it exists. */
  public synchronized Optional<Def> def(String name) {
    return stored(name).map(f -> parse(name, f));
  }

  /** Every sequence of the store, by name. */
  public synchronized List<Def> all() {
    List<Def> out = new ArrayList<>();
    store.settings().forEach((k, v) -> {
      if (k.startsWith(PREFIX) && !v.isEmpty()) {
        out.add(parse(k.substring(PREFIX.length()), v));
      }
    });
    out.sort(java.util.Comparator.comparing(Def::name));
    return out;
  }

  /** Creates a sequence; false if it exists and {@code ifNotExists}, else 42710 if it exists. */
  public synchronized boolean create(Def d, boolean ifNotExists) throws SQLException {
    if (stored(d.name()).isPresent()) {
      if (ifNotExists) {
        return false;
      }
      throw SqlState.DUPLICATE_OBJECT.exception("sequence " + d.name() + " already exists; "
          + "choose another name, DROP SEQUENCE " + d.name() + " first, or use IF NOT EXISTS");
    }
    if (d.increment() == 0) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("sequence " + d.name()
          + ": INCREMENT BY must not be zero");
    }
    state.remove(d.name());
    last.remove(d.name());
    store.putSetting(PREFIX + d.name(), format(d, d.start()));
    return true;
  }

  /** Drops a sequence; false if it does not exist and {@code ifExists}, else 42704. */
  public synchronized boolean drop(String name, boolean ifExists) throws SQLException {
    if (stored(name).isEmpty()) {
      if (ifExists) {
        return false;
      }
      throw SqlState.UNDEFINED_OBJECT.exception("sequence " + name + " does not exist; check "
          + "the name (SELECT * FROM information_schema.sequences) or use IF EXISTS");
    }
    state.remove(name);
    last.remove(name);
    store.putSetting(PREFIX + name, "");
    return true;
  }

  /** Drops the sequences owned by a column of {@code table} (its identity and SERIAL columns). */
  public synchronized void dropOwnedBy(String table) throws SQLException {
    for (Def d : all()) {
      if (d.owner() != null && d.owner().startsWith(table + ".")) {
        drop(d.name(), true);
      }
    }
  }

  /** The next value of {@code name}: handed out once, never returned (see the class comment). */
  public synchronized long next(String name) throws SQLException {
    Def d = def(name).orElseThrow(() -> SqlState.UNDEFINED_OBJECT.exception("sequence " + name
        + " does not exist; CREATE SEQUENCE " + name + " first"));
    long[] s = state.get(name);
    if (s == null) {
      long mark = Long.parseLong(field(stored(name).orElseThrow(), "reserved"));
      s = new long[] {mark, mark};
      state.put(name, s);
    }
    if (s[0] == s[1]) {
      long limit;
      try {
        limit = Math.addExact(s[0], Math.multiplyExact(CACHE, d.increment()));
      } catch (ArithmeticException e) {
        limit = d.increment() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
      }
      if (limit == s[0]) {
        throw SqlState.SEQUENCE_GENERATOR_LIMIT_EXCEEDED.exception("sequence " + name
            + " reached its limit " + s[0] + "; create a new sequence");
      }
      store.putSetting(PREFIX + name, format(d, limit)); // durable before any value is used
      s[1] = limit;
    }
    long v = s[0];
    s[0] = d.increment() > 0 ? Math.min(s[1], v + d.increment()) : Math.max(s[1], v + d.increment());
    last.put(name, v);
    return v;
  }

  /** The value {@code next} last returned for {@code name} in this store's life (55000 if none). */
  public synchronized long current(String name) throws SQLException {
    Long v = last.get(name);
    if (v == null) {
      throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception("currval of sequence " + name
          + " is not yet defined; call NEXTVAL('" + name + "') first");
    }
    return v;
  }

  /**
   * The identity sequence of column {@code column} of {@code table}: the sequence its DEFAULT
   * {@code NEXTVAL('s')} names, when that sequence is owned by the column and is an identity.
   */
  public synchronized Optional<Def> identity(String table, String column, String defaultSql) {
    String seq = sequenceOf(defaultSql);
    if (seq == null) {
      return Optional.empty();
    }
    return def(seq).filter(d -> (table + "." + column).equals(d.owner()) && d.identity() != ' ');
  }

  /** The sequence a DEFAULT {@code NEXTVAL('s')} names, or null if it is no such call. */
  public static String sequenceOf(String defaultSql) {
    if (defaultSql == null) {
      return null;
    }
    java.util.regex.Matcher m = NEXTVAL.matcher(defaultSql.strip());
    return m.matches() ? m.group(1).toUpperCase(java.util.Locale.ROOT) : null;
  }

  private static final java.util.regex.Pattern NEXTVAL = java.util.regex.Pattern.compile(
      "(?i)[`\"]?NEXTVAL[`\"]?\\s*\\(\\s*'([A-Za-z_][A-Za-z0-9_$]*)'\\s*\\)");

  private Optional<String> stored(String name) {
    return store.setting(PREFIX + name).filter(v -> !v.isEmpty());
  }

  private static String format(Def d, long reserved) {
    return "start=" + d.start() + ";increment=" + d.increment() + ";reserved=" + reserved
        + ";owner=" + (d.owner() == null ? "" : d.owner()) + ";identity=" + d.identity();
  }

  private static Def parse(String name, String text) {
    String owner = field(text, "owner");
    String identity = field(text, "identity");
    return new Def(name, Long.parseLong(field(text, "start")),
        Long.parseLong(field(text, "increment")), owner.isEmpty() ? null : owner,
        identity.isEmpty() ? ' ' : identity.charAt(0));
  }

  private static String field(String text, String name) {
    for (String part : text.split(";", -1)) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    return "";
  }
}
