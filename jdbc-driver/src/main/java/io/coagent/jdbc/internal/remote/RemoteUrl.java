package io.coagent.jdbc.internal.remote;

import io.coagent.engine.SqlState;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jdbc:coagent://HOST[:PORT]/DB[?key=value&...]}: a CoAgent server, reached over the
 * PostgreSQL wire protocol. Properties ({@code user}, {@code password}, {@code connectTimeout},
 * {@code socketTimeout}) come from the query string or {@link Properties} (which win); anything
 * else is refused, so a typo never silently changes a connection.
 */
record RemoteUrl(String host, int port, String database, Map<String, String> properties) {
  static final String PREFIX = "jdbc:coagent://";
  static final int DEFAULT_PORT = 5433;
  private static final Set<String> KNOWN =
      Set.of("user", "password", "connecttimeout", "sockettimeout");
  private static final Pattern FORM = Pattern.compile(
      "jdbc:coagent://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?/([A-Za-z0-9_][A-Za-z0-9_-]{0,62})(?:\\?(.*))?");
  private static final String EXAMPLE = "jdbc:coagent://127.0.0.1:5433/default?user=planner";

  static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  static RemoteUrl parse(String url, Properties info) throws SQLException {
    Matcher m = FORM.matcher(url);
    if (!m.matches()) {
      throw SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("bad CoAgent server "
          + "URL " + url + ": expected jdbc:coagent://HOST[:PORT]/DATABASE[?user=ROLE], e.g. "
          + EXAMPLE);
    }
    int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("bad port " + port
          + " in " + url + ": use 1..65535, e.g. " + EXAMPLE);
    }
    Map<String, String> props = new TreeMap<>();
    if (m.group(4) != null && !m.group(4).isEmpty()) {
      for (String kv : m.group(4).split("&")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.exception("bad CoAgent "
              + "server URL " + url + ": '" + kv + "' is not key=value, e.g. " + EXAMPLE);
        }
        props.put(kv.substring(0, eq).toLowerCase(Locale.ROOT),
            java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    if (info != null) {
      for (String k : info.stringPropertyNames()) {
        props.put(k.toLowerCase(Locale.ROOT), info.getProperty(k));
      }
    }
    for (String k : props.keySet()) {
      if (!KNOWN.contains(k)) {
        throw SqlState.INVALID_PARAMETER_VALUE.exception("unknown property '" + k + "' for a "
            + "CoAgent server URL; known: user, password, connectTimeout, socketTimeout, e.g. "
            + EXAMPLE);
      }
    }
    if (props.get("user") == null || props.get("user").isBlank()) {
      throw SqlState.INVALID_AUTHORIZATION_SPECIFICATION.exception("no user for " + url
          + ": pass user=ROLE (the role decides the agent), e.g. " + EXAMPLE);
    }
    return new RemoteUrl(m.group(1), port, m.group(3), props);
  }

  /** The pgjdbc URL and properties this URL stands for. */
  String pgUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  Properties pgProperties() {
    Properties p = new Properties();
    p.setProperty("user", properties.get("user"));
    if (properties.containsKey("password")) {
      p.setProperty("password", properties.get("password"));
    }
    p.setProperty("sslmode", "disable"); // the server answers SSLRequest with N (no TLS yet)
    p.setProperty("connectTimeout", properties.getOrDefault("connecttimeout", "10"));
    if (properties.containsKey("sockettimeout")) {
      p.setProperty("socketTimeout", properties.get("sockettimeout"));
    }
    p.setProperty("ApplicationName", "coagent-jdbc");
    return p;
  }
}
