package io.coagent.session;

import io.coagent.engine.SqlState;
import io.coagent.engine.StoreConfig;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A parsed, fully validated CoAgent JDBC URL with its properties: the one grammar of a store's
 * URL, for the embedded JDBC driver and for the front ends that take the same URL without going
 * through JDBC (the MCP server's stdio endpoint). Grammar (docs/reference/jdbc.md, "URL grammar"):
 *
 * <pre>
 *   url      = "jdbc:coagent:" ( "mem:" NAME | "file:" PATH ) *( ";" key "=" value )
 *   NAME     = 1 to 128 letters, digits, '_', '-', '.'
 *   PATH     = a file system path without ';', '?', control characters or surrounding spaces
 * </pre>
 *
 * Keys are case-insensitive and each appears at most once in the URL; {@link Properties} passed
 * to {@code connect} add to the URL's, and a key in both must have the same value there. Values
 * have no surrounding spaces. The properties are declared once each, in {@link Property}: name,
 * type, default, description and parser (to add one, add a constant there and a component here).
 *
 * <p>Everything is checked here, before the driver touches {@link io.coagent.session.Stores}: a
 * refused URL never opens, changes or wedges a store. Refusals are SQLExceptions whose message names what is
 * wrong and shows a correct URL: SQLState 08001 for a URL that cannot be used (prefix, mode,
 * location, syntax, unknown or repeated key), 22023 for a bad property value (type, range, choice,
 * a value that conflicts with another).
 */
public record JdbcUrl(String kind, String location, String agent, Long rank, String isolation,
    String leaseTimeout, String durability, String historyRetention) {
  public static final String PREFIX = "jdbc:coagent:";
  /** The largest explicit rank: far below Long.MAX_VALUE so that no URL can exhaust the order. */
  public static final long MAX_RANK = (1L << 53) - 1;
  private static final int MAX_NAME = 128;
  private static final String FORMS = PREFIX + "mem:NAME or " + PREFIX + "file:PATH, then "
      + "optional ;key=value properties (" + Property.names() + "), e.g. " + PREFIX
      + "mem:shop;agent=planner;rank=1";
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password\\s*=)[^;]*");

  /** The isolation level the URL asks for (MTPO if it names none). */
  public io.coagent.engine.Isolation isolationLevel() {
    return isolation == null ? io.coagent.engine.Isolation.MTPO
        : io.coagent.engine.Isolation.valueOf(isolation.toUpperCase(Locale.ROOT));
  }

  /** The store this URL names, with the settings its opener applies; only for mem: and file:. */
  public StoreAddress address() {
    return new StoreAddress(kind.equals("mem"), location, "flush".equals(durability)
        ? StoreConfig.Durability.FLUSH : null, leaseTimeout, historyRetention);
  }

  /** A value parser: {@code raw} is a String (URL, Properties) or another Properties value. */
  @FunctionalInterface
  private interface Parser {
    Object parse(Property p, Object raw) throws BadValue;
  }

  /** A property value refused: the reason and an example of a correct value. */
  private static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The connection properties, one declaration each. */
  public enum Property {
    AGENT("agent", "name (1 to 128 characters, not starting with '$')",
        "none: an operator connection",
        "the agent whose trajectory the connection works in", "agent=planner",
        JdbcUrl::agentName, false),
    RANK("rank", "integer 0.." + MAX_RANK, "none: the next rank above every rank in use",
        "explicit rank of the agent's first trajectory; needs agent", "rank=1",
        JdbcUrl::rankValue, false),
    ISOLATION("isolation", "mtpo, occ, serializable or read_committed (any case)", "mtpo",
        "isolation level of the connection's trajectories", "isolation=occ",
        JdbcUrl::isolationValue, false),
    LEASE_TIMEOUT("lease_timeout", "duration (500ms, 30s, 5m, 2h; 10ms..30d)",
        "the store's setting (5m for a new store)",
        "the store's lease_timeout, set by the connection that opens the store",
        "lease_timeout=30s", JdbcUrl::leaseValue, false),
    DURABILITY("durability", "sync or flush (any case)", "sync",
        "file: stores, set by the connection that opens the store: sync fsyncs every "
            + "acknowledged write before the call returns (survives power loss); flush writes it "
            + "to the OS and fsyncs in the background every 200 ms (survives a process crash; "
            + "power loss may lose the acknowledged writes of about the last 200 ms, never part of "
            + "one)", "durability=flush",
        JdbcUrl::durabilityValue, false),
    HISTORY_RETENTION("history_retention", "off or a duration (7d, 12h; 1s..36500d)",
        "the store's setting (off for a new store)",
        "the store's history_retention (history older than it is compacted automatically), set "
            + "by the connection that opens the store", "history_retention=7d",
        JdbcUrl::retentionValue, false),
    USER("user", "string", "none", "accepted and ignored (tools always pass it)", "user=sa",
        JdbcUrl::anyString, false),
    PASSWORD("password", "string", "none", "accepted and ignored (tools always pass it)",
        "password=", JdbcUrl::anyString, true);

    private final String key;
    private final String type;
    private final String defaultValue;
    private final String description;
    private final String example;
    private final Parser parser;
    private final boolean secret;

    Property(String key, String type, String defaultValue, String description, String example,
        Parser parser, boolean secret) {
      this.key = key;
      this.type = type;
      this.defaultValue = defaultValue;
      this.description = description;
      this.example = example;
      this.parser = parser;
      this.secret = secret;
    }

    public String key() {
      return key;
    }

    public String type() {
      return type;
    }

    public String defaultValue() {
      return defaultValue;
    }

    public String description() {
      return description;
    }

    /** The values a tool may offer as choices, or null for free input. */
    public String[] choices() {
      return this == ISOLATION ? new String[] {"mtpo", "occ", "serializable", "read_committed"}
          : this == DURABILITY ? new String[] {"sync", "flush"} : null;
    }

    static Property of(String key) {
      for (Property p : values()) {
        if (p.key.equals(key)) {
          return p;
        }
      }
      return null;
    }

    static String names() {
      StringJoiner j = new StringJoiner(", ");
      for (Property p : values()) {
        j.add(p.key);
      }
      return j.toString();
    }
  }

  /** Whether {@code url} is a CoAgent URL at all (the driver answers only those; null is not). */
  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /** {@code url} with the value of any password property replaced, for messages. */
  public static String masked(String url) {
    return url == null ? null : PASSWORD.matcher(url).replaceAll("$1***");
  }

  public static JdbcUrl parse(String url, Properties info) throws SQLException {
    if (url == null) {
      throw badUrl(null, "the URL is null");
    }
    if (!accepts(url)) {
      throw badUrl(url, "it does not start with " + PREFIX);
    }
    for (int i = 0; i < url.length(); i++) {
      if (Character.isISOControl(url.charAt(i))) {
        throw badUrl(url, "it contains a control character (code " + (int) url.charAt(i)
            + ") at position " + i);
      }
    }
    if (!url.strip().equals(url)) {
      throw badUrl(url, "it has spaces before or after it");
    }
    String[] parts = url.substring(PREFIX.length()).split(";", -1);
    String head = parts[0];
    int colon = head.indexOf(':');
    String kind = colon < 0 ? head : head.substring(0, colon);
    String location = colon < 0 ? null : head.substring(colon + 1);
    checkMode(url, kind, location);
    if (kind.equals("mem")) {
      checkName(url, location);
    } else {
      checkPath(url, location);
    }
    Map<Property, Object> values = new EnumMap<>(Property.class);
    for (int i = 1; i < parts.length; i++) {
      urlProperty(url, parts[i], values);
    }
    if (info != null) {
      for (Map.Entry<Object, Object> e : info.entrySet()) {
        infoProperty(url, e.getKey(), e.getValue(), values);
      }
    }
    String agent = (String) values.get(Property.AGENT);
    Long rank = (Long) values.get(Property.RANK);
    if (rank != null && agent == null) {
      throw badValue(url, Property.RANK, rank, "rank needs an agent: only agents have ranks "
          + "(add ;agent=NAME, or drop the rank for an operator connection)");
    }
    return new JdbcUrl(kind, location, agent, rank, (String) values.get(Property.ISOLATION),
        (String) values.get(Property.LEASE_TIMEOUT), (String) values.get(Property.DURABILITY),
        (String) values.get(Property.HISTORY_RETENTION));
  }

  private static void checkMode(String url, String kind, String location) throws SQLException {
    if (kind.equals("mem") || kind.equals("file")) {
      if (location == null || location.isEmpty()) {
        throw badUrl(url, "the " + (kind.equals("mem") ? "store name" : "path") + " after "
            + kind + ": is empty");
      }
      return;
    }
    if (kind.isEmpty() && location == null) {
      throw badUrl(url, "the mode and location are missing");
    }
    if (kind.startsWith("//") || kind.equals("tcp") || kind.equals("ssl")
        || kind.equals("remote") || kind.equals("postgresql")) {
      throw badUrl(url, "network URLs are written jdbc:coagent://HOST:PORT/DB?user=ROLE (a "
          + "CoAgent server); the embedded modes are mem: and file:");
    }
    if (kind.equalsIgnoreCase("mem") || kind.equalsIgnoreCase("file")) {
      throw badUrl(url, "mode '" + kind + "' must be written in lowercase: mem: or file:");
    }
    throw badUrl(url, "mode '" + kind + "' is not known; the modes are mem: (in memory) and "
        + "file: (durable)");
  }

  private static void checkName(String url, String name) throws SQLException {
    if (name.length() > MAX_NAME) {
      throw badUrl(url, "the store name has " + name.length() + " characters; at most "
          + MAX_NAME);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        throw badUrl(url, "character '" + c + "' in the store name '" + name + "' is not "
            + "allowed (use letters, digits, '_', '-', '.')"
            + (c == '?' || c == '&' || c == ' ' ? "; properties follow ';', not '" + c + "'" : ""));
      }
    }
  }

  private static void checkPath(String url, String path) throws SQLException {
    if (!path.strip().equals(path)) {
      throw badUrl(url, "the path '" + path + "' has spaces before or after it");
    }
    if (path.indexOf('?') >= 0) {
      throw badUrl(url, "the path contains '?'; properties follow ';', not '?'");
    }
    if (path.startsWith("~")) {
      throw badUrl(url, "the path starts with '~', which Java does not expand; give the home "
          + "directory in full");
    }
    try {
      Path.of(path);
    } catch (InvalidPathException e) {
      throw badUrl(url, "the path is not valid: " + e.getReason());
    }
  }

  private static void urlProperty(String url, String part, Map<Property, Object> values)
      throws SQLException {
    if (part.isEmpty()) {
      throw badUrl(url, "it has an empty property (';;' or a trailing ';')");
    }
    int eq = part.indexOf('=');
    if (eq < 0) {
      throw badUrl(url, "property '" + part + "' has no value; write key=value");
    }
    String rawKey = part.substring(0, eq);
    if (rawKey.isEmpty()) {
      throw badUrl(url, "property '" + part + "' has no key; write key=value");
    }
    if (!rawKey.strip().equals(rawKey)) {
      throw badUrl(url, "property key '" + rawKey + "' has spaces around it");
    }
    Property p = known(url, rawKey);
    if (values.containsKey(p)) {
      throw badUrl(url, "property " + p.key + " appears more than once; give it once");
    }
    values.put(p, value(url, p, part.substring(eq + 1)));
  }

  private static void infoProperty(String url, Object rawKey, Object raw,
      Map<Property, Object> values) throws SQLException {
    if (!(rawKey instanceof String key)) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("connection Properties key " + rawKey
          + " is a " + rawKey.getClass().getSimpleName() + ", not a String, for '" + masked(url)
          + "'; the keys are " + Property.names() + ", e.g. " + PREFIX
          + "mem:shop;agent=planner");
    }
    Property p = known(url, key);
    Object v = value(url, p, raw);
    Object before = values.get(p);
    if (before != null && !before.equals(v) && !p.secret && p != Property.USER) {
      throw badValue(url, p, raw, "the URL gives " + p.key + "=" + before + " and the "
          + "Properties " + p.key + "=" + raw + "; give it in one place");
    }
    values.put(p, v);
  }

  private static Property known(String url, String rawKey) throws SQLException {
    String key = rawKey.toLowerCase(Locale.ROOT);
    Property p = Property.of(key);
    if (p == null) {
      String near = nearest(key);
      throw badUrl(url, "connection property '" + rawKey + "' is not known"
          + (near == null ? "" : " (did you mean " + near + "?)") + "; the properties are "
          + Property.names());
    }
    return p;
  }

  private static Object value(String url, Property p, Object raw) throws SQLException {
    if (raw instanceof String s && !p.secret && p != Property.USER) {
      if (s.isEmpty()) {
        throw badValue(url, p, s, "the value is empty; give one (" + p.example
            + ") or leave the property out");
      }
      if (!s.strip().equals(s)) {
        throw badValue(url, p, s, "the value has spaces around it");
      }
    }
    try {
      return p.parser.parse(p, raw);
    } catch (BadValue e) {
      throw badValue(url, p, raw, e.getMessage());
    }
  }

  // ---- value parsers (one per property, named in Property) ----

  private static String string(Property p, Object raw) throws BadValue {
    if (!(raw instanceof String s)) {
      throw new BadValue("the value is a " + raw.getClass().getSimpleName() + "; "
          + p.key + " takes a String");
    }
    return s;
  }

  private static Object anyString(Property p, Object raw) throws BadValue {
    return string(p, raw);
  }

  private static Object agentName(Property p, Object raw) throws BadValue {
    String s = string(p, raw);
    String problem = Session.agentNameProblem(s);
    if (problem != null) {
      throw new BadValue(problem);
    }
    return s;
  }

  private static Object rankValue(Property p, Object raw) throws BadValue {
    BigInteger v;
    if (raw instanceof Long || raw instanceof Integer || raw instanceof Short
        || raw instanceof Byte) {
      v = BigInteger.valueOf(((Number) raw).longValue());
    } else if (raw instanceof BigInteger b) {
      v = b;
    } else if (raw instanceof String s && s.matches("-?[0-9]{1,30}")) {
      v = new BigInteger(s);
    } else if (raw instanceof String) {
      throw new BadValue("the rank is not a whole number in decimal digits");
    } else {
      throw new BadValue("the value is a " + raw.getClass().getSimpleName() + "; rank takes "
          + "a String of digits or an integer");
    }
    if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(MAX_RANK)) > 0) {
      throw new BadValue("the rank is outside 0.." + MAX_RANK);
    }
    return v.longValueExact();
  }

  /** A lease length, normalised (30000ms becomes 30s) by the engine's own parser. */
  private static Object leaseValue(Property p, Object raw) throws BadValue {
    try {
      return io.coagent.engine.LeaseTimeout.format(io.coagent.engine.LeaseTimeout.parse(
          string(p, raw)));
    } catch (io.coagent.engine.CoAgentException e) {
      throw new BadValue(e.getMessage());
    }
  }

  /** A history retention, normalised ({@code 168h} becomes {@code 7d}, any case of off). */
  private static Object retentionValue(Property p, Object raw) throws BadValue {
    try {
      return io.coagent.engine.HistoryRetention.parse(string(p, raw))
          .map(io.coagent.engine.LeaseTimeout::format).orElse("off");
    } catch (io.coagent.engine.CoAgentException e) {
      throw new BadValue(e.getMessage());
    }
  }

  private static Object isolationValue(Property p, Object raw) throws BadValue {
    String s = string(p, raw).toLowerCase(Locale.ROOT);
    for (String c : p.choices()) {
      if (c.equals(s)) {
        return s;
      }
    }
    throw new BadValue("the level is not one of mtpo, occ, serializable, read_committed");
  }

  private static Object durabilityValue(Property p, Object raw) throws BadValue {
    String s = string(p, raw).toLowerCase(Locale.ROOT);
    if (s.equals("sync") || s.equals("flush")) {
      return s;
    }
    throw new BadValue("the mode is not one of sync, flush");
  }

  // ---- errors ----

  private static SQLException badUrl(String url, String what) {
    return SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("bad CoAgent URL "
        + (url == null ? "null" : "'" + masked(url) + "'") + ": " + what
        + ". A correct URL is " + FORMS);
  }

  private static SQLException badValue(String url, Property p, Object raw, String why) {
    String shown = p.secret ? "***" : String.valueOf(raw);
    return SqlState.INVALID_PARAMETER_VALUE.exception("bad connection property " + p.key + "='"
        + shown + "' for '" + masked(url) + "': " + why + ". " + p.key + " takes " + p.type
        + ", e.g. " + PREFIX + "mem:shop;" + (p == Property.RANK ? "agent=planner;" : "")
        + p.example);
  }

  /** The known key within edit distance 2 of {@code key}, for "did you mean". */
  private static String nearest(String key) {
    String best = null;
    int bestDistance = 3;
    for (Property p : Property.values()) {
      int d = distance(key, p.key);
      if (d < bestDistance) {
        best = p.key;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
