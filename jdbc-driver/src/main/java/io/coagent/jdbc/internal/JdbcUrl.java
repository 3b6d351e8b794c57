package io.coagent.jdbc.internal;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed {@code jdbc:coagent:mem:NAME} or {@code jdbc:coagent:file:PATH} URL with its properties
 * ({@code ;key=value} after the location, then {@code Properties}, which win). Known properties:
 * {@code agent}, {@code rank}, {@code isolation}, {@code lease_timeout} (the store setting, applied
 * by the connection that opens the store; normalised, e.g. {@code 30s}), plus {@code user}/{@code password}, which tools
 * always pass and which are ignored. Anything else is an error naming it (SQLState 08001 for the
 * URL, HY024 for a property value, 0A000 for an unknown property).
 */
public record JdbcUrl(String kind, String location, String agent, Long rank, String isolation,
    String leaseTimeout) {
  public static final String PREFIX = "jdbc:coagent:";
  private static final Set<String> KNOWN =
      Set.of("agent", "rank", "isolation", "lease_timeout", "user", "password");

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  public static JdbcUrl parse(String url, Properties info) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException("not a CoAgent URL: " + url + " (expected " + PREFIX
          + "mem:NAME or " + PREFIX + "file:PATH)", SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.code());
    }
    String[] parts = url.substring(PREFIX.length()).split(";");
    String head = parts[0];
    int colon = head.indexOf(':');
    String kind = colon < 0 ? "" : head.substring(0, colon);
    String location = colon < 0 ? "" : head.substring(colon + 1);
    if (!kind.equals("mem") && !kind.equals("file") || location.isBlank()) {
      throw new SQLException("bad CoAgent URL " + url + ": the location must be mem:NAME or "
          + "file:PATH (network URLs are not supported yet)", SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.code());
    }
    Map<String, String> props = new TreeMap<>();
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isBlank()) {
        continue;
      }
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new SQLException("bad CoAgent URL " + url + ": property '" + parts[i]
            + "' is not key=value", SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.code());
      }
      props.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT),
          parts[i].substring(eq + 1).trim());
    }
    if (info != null) {
      for (String k : info.stringPropertyNames()) {
        props.put(k.toLowerCase(Locale.ROOT), info.getProperty(k));
      }
    }
    for (String k : props.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new SQLException("unknown connection property '" + k + "' in " + url
            + "; known: agent, rank, isolation, lease_timeout", SqlState.FEATURE_NOT_SUPPORTED.code());
      }
    }
    String agent = blankToNull(props.get("agent"));
    Long rank = null;
    if (props.get("rank") != null) {
      try {
        rank = Long.parseLong(props.get("rank"));
      } catch (NumberFormatException e) {
        throw new SQLException("property rank='" + props.get("rank")
            + "' is not a 64-bit integer", SqlState.INVALID_ATTRIBUTE_VALUE.code(), e);
      }
      if (agent == null) {
        throw new SQLException("property rank needs property agent: only agents have ranks",
            SqlState.INVALID_ATTRIBUTE_VALUE.code());
      }
    }
    String iso = blankToNull(props.get("isolation"));
    if (iso != null) {
      iso = iso.toLowerCase(Locale.ROOT);
      if (!Set.of("mtpo", "serializable", "occ", "read_committed").contains(iso)) {
        throw new SQLException("property isolation='" + props.get("isolation")
            + "' is not one of mtpo, serializable, occ, read_committed", SqlState.INVALID_ATTRIBUTE_VALUE.code());
      }
    }
    String lease = blankToNull(props.get("lease_timeout"));
    if (lease != null) {
      try {
        lease = io.coagent.engine.LeaseTimeout.format(io.coagent.engine.LeaseTimeout.parse(lease));
      } catch (io.coagent.engine.CoAgentException e) {
        throw new SQLException("property " + e.getMessage(), SqlState.INVALID_ATTRIBUTE_VALUE.code(),
            e);
      }
    }
    return new JdbcUrl(kind, location, agent, rank, iso, lease);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
