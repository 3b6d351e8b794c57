package io.coagent.sql.internal.sys;

import io.coagent.engine.CoStore;
import io.coagent.engine.TableDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.schema.Table;

/**
 * The per-table history relations of the {@code SYS} schema, resolved by name on each lookup
 * (so they follow DDL): {@code <T>_HISTORY} (public, documented; no {@code $}, which the parser
 * takes only in quoted names), and three internal names the front end generates —
 * {@code <T>$AS_OF$<epoch ms>} (the target {@code FOR SYSTEM_TIME AS OF} is rewritten to;
 * {@code <T>$AS_OF$P<i>} for {@code AS OF ?}, whose time is parameter {@code i}, see
 * {@link AsOfTimes}),
 * {@code <T>$AT_RANK$<rank>} ({@code CALL SYS.AT_RANK}) and
 * {@code <T>$DIFF$<from ms>$<to ms>} ({@code CALL SYS.DIFF}). Encoding the point in the name
 * keeps each a plain scannable table, which Calcite plans like any other (its own snapshot
 * operator has no executable implementation).
 *
 * <p>Calcite resolves a schema's tables through a name list it loads per statement ({@code
 * getNames}), so a relation must be listed to be found: {@link #names} lists the history relation
 * of every table, and the generated names most recently handed out ({@link #GENERATED}, bounded),
 * which are always planned right after they are generated.
 */
final class HistoryRelations {
  private static final Pattern HISTORY = Pattern.compile("(?s)(.+)_HISTORY");
  private static final Pattern AS_OF = Pattern.compile("(?s)(.+)\\$AS_OF\\$(-?\\d+)");
  private static final Pattern AS_OF_PARAM = Pattern.compile("(?s)(.+)\\$AS_OF\\$P(\\d+)");
  private static final Pattern AT_RANK = Pattern.compile("(?s)(.+)\\$AT_RANK\\$(\\d+)");
  private static final Pattern DIFF = Pattern.compile("(?s)(.+)\\$DIFF\\$(-?\\d+)\\$(-?\\d+)");

  /** Internal names recently generated, most recent last; at most {@link #KEEP}. */
  private static final Map<String, Boolean> GENERATED = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > KEEP;
        }
      });
  private static final int KEEP = 1024;

  private HistoryRelations() {}

  /** Names to list in the SYS schema besides its fixed tables. */
  static Set<String> names(CoStore store) {
    Set<String> names = new TreeSet<>();
    for (TableDef d : store.tables()) {
      names.add(d.name() + "_HISTORY");
    }
    List<String> generated;
    synchronized (GENERATED) {
      generated = new ArrayList<>(GENERATED.keySet());
    }
    for (String g : generated) {
      if (lookup(store, g) != null) {
        names.add(g);
      }
    }
    return names;
  }

  /** The relation named {@code name} (case-insensitive), or null. */
  static Table lookup(CoStore store, String name) {
    String up = name.toUpperCase(Locale.ROOT);
    Matcher m = DIFF.matcher(up);
    if (m.matches()) {
      return table(store, name, m).map(d -> (Table) new DiffTable(store, d,
          Instant.ofEpochMilli(Long.parseLong(m.group(2))),
          Instant.ofEpochMilli(Long.parseLong(m.group(3))))).orElse(null);
    }
    Matcher p = AS_OF_PARAM.matcher(up);
    if (p.matches()) {
      int index = Integer.parseInt(p.group(2));
      return table(store, name, p).map(d -> (Table) new SnapshotTable(d,
          r -> store.scanAsOf(d.name(), r, AsOfTimes.time(index)))).orElse(null);
    }
    Matcher a = AS_OF.matcher(up);
    if (a.matches()) {
      Instant t = Instant.ofEpochMilli(Long.parseLong(a.group(2)));
      return table(store, name, a).map(d -> (Table) new SnapshotTable(d,
          r -> store.scanAsOf(d.name(), r, t))).orElse(null);
    }
    Matcher r = AT_RANK.matcher(up);
    if (r.matches()) {
      long rank = Long.parseLong(r.group(2));
      return table(store, name, r).map(d -> (Table) new SnapshotTable(d,
          k -> store.scanAtRank(d.name(), k, rank))).orElse(null);
    }
    Matcher h = HISTORY.matcher(up);
    if (h.matches()) {
      return table(store, name, h).map(d -> (Table) new HistoryTable(store, d)).orElse(null);
    }
    return null;
  }

  /** {@code SYS."<T>$AS_OF$<ms>"} for the store table {@code def}. */
  static String asOf(TableDef def, Instant t) {
    return quoted(def.name() + "$AS_OF$" + t.toEpochMilli());
  }

  /** {@code SYS."<T>$AS_OF$P<i>"}: the table as of the time bound to parameter {@code i}. */
  static String asOfParameter(TableDef def, int index) {
    return quoted(def.name() + "$AS_OF$P" + index);
  }

  static String atRank(TableDef def, long rank) {
    return quoted(def.name() + "$AT_RANK$" + rank);
  }

  static String diff(TableDef def, Instant from, Instant to) {
    return quoted(def.name() + "$DIFF$" + from.toEpochMilli() + "$" + to.toEpochMilli());
  }

  private static String quoted(String name) {
    GENERATED.put(name, Boolean.TRUE);
    return SysSchema.NAME + ".\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** The store table the first group names, matched case-insensitively. */
  private static Optional<TableDef> table(CoStore store, String original, Matcher m) {
    String t = original.substring(0, m.end(1));
    return store.table(t).or(() -> store.tables().stream()
        .filter(d -> d.name().equalsIgnoreCase(t)).findFirst());
  }
}
