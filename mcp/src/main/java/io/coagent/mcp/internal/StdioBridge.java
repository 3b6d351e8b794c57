package io.coagent.mcp.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coagent.engine.SqlState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code coagent mcp --url http://HOST:PORT/mcp}: MCP over stdio, bridged to a CoAgent server's
 * Streamable HTTP endpoint ({@link HttpEndpoint}), so a client that only spawns processes joins a
 * <em>shared</em> store. The bridge holds no MCP logic of its own: identity (the URL's
 * {@code ?agent=} in trust mode, or {@code Authorization: Bearer TOKEN}), the read-only
 * {@code query}, notifications and the store all stay in the server; the bridge moves messages.
 *
 * <p>Protocol (MCP Streamable HTTP, 2025-06-18): each stdin line is one JSON-RPC message, POSTed
 * as is with {@code Accept: application/json, text/event-stream}. A response is either one JSON
 * message or an SSE stream whose {@code data:} events are messages (server requests on the way
 * are forwarded too); the stream is left once the answer to the request arrived. Notifications
 * and responses expect 202. The {@code Mcp-Session-Id} of the initialize response, and the
 * negotiated {@code protocolVersion} as {@code MCP-Protocol-Version}, go on every later request.
 * No GET stream is opened: the CoAgent server sends nothing unsolicited (an agent's
 * notifications ride on its tool results). At stdin's end the bridge lets in-flight requests
 * answer, ends the session with DELETE and returns (exit 0); a SIGTERM ends it with DELETE too.
 *
 * <p>Failures never end the bridge: an HTTP refusal (400, 401, 403, 404, ...), an unreachable or
 * silent server, a line that is not JSON or is too long: each becomes a JSON-RPC error response
 * to that request's id on stdout (id null when there is none to read), naming the fix (token,
 * agent, URL), plus one line on stderr.
 *
 * <p>Concurrency: the caller's thread reads stdin. Initialize, notifications and responses are
 * forwarded on it, in order (initialize must set the session before anything else is sent); other
 * requests run on a pool of {@link #MAX_IN_FLIGHT} threads, and the reader blocks while all are
 * busy, so a client that floods the bridge is slowed, not buffered. Every stdout write is one whole
 * line under one lock; the session id and protocol version are volatile, written only by the
 * initialize exchange.
 */
public final class StdioBridge {
  /** Longest stdin line: the server's request body limit, so nothing longer could be served. */
  static final int MAX_LINE = HttpEndpoint.MAX_BODY;
  /**
   * Longest message read from the server. A tool result is at most 256 KiB of rows, twice
   * (structured and text) with its notifications; this bounds a misbehaving server's stream.
   */
  static final int MAX_MESSAGE = 4 * MAX_LINE;
  /**
   * Requests forwarded at once. A session's tool calls run one at a time in the server anyway;
   * the bound keeps a runaway client from holding unbounded threads and connections.
   */
  static final int MAX_IN_FLIGHT = 16;
  /** Reaching the server: a dead host fails this fast, not at the request timeout. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * One request's whole exchange: {@code commit} may wait up to 600 s (its {@code wait_seconds}
   * bound), plus a margin. A server silent longer than that is answered as timed out.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(660);
  /** Notifications, responses and the final DELETE: the server answers them at once. */
  static final Duration SHORT_TIMEOUT = Duration.ofSeconds(30);

  private static final String SESSION_HEADER = "Mcp-Session-Id";
  private static final String VERSION_HEADER = "MCP-Protocol-Version";
  /** JSON-RPC 2.0 error codes; -32001 is the server's for refused credentials. */
  private static final int PARSE_ERROR = -32700;
  private static final int INVALID_REQUEST = -32600;
  private static final int INTERNAL_ERROR = -32603;
  private static final int SERVER_REFUSED = -32001;
  /** Exact numbers: a result's DECIMAL passes through the bridge unchanged. */
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();
  /** The top-level id of a message too long to parse, at its end (as JS clients write it)... */
  private static final Pattern TAIL_ID =
      Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"[^\"\\\\]{0,200}\")\\s*}\\s*$");
  /** ... or at its start (as most others do). */
  private static final Pattern HEAD_ID = Pattern.compile(
      "^\\s*\\{\\s*\"jsonrpc\"\\s*:\\s*\"2\\.0\"\\s*,\\s*\"id\"\\s*:\\s*(-?\\d{1,18}|\"[^\"\\\\]{0,200}\")");

  /** The id of a message nothing waits an answer for (notifications, responses). */
  private static final JsonNode NO_REPLY = JsonNodeFactory.instance.missingNode();

  private final URI uri;
  private final String token;
  private final OutputStream out;
  private final PrintStream err;
  private final HttpClient http;
  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService timer;
  private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
  private final Object writeLock = new Object();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile String sessionId;
  private volatile String protocolVersion;
  private volatile boolean stdoutGone;

  private StdioBridge(URI uri, String token, OutputStream out, PrintStream err) {
    this.uri = uri;
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.out = out;
    this.err = err;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(MAX_IN_FLIGHT, MAX_IN_FLIGHT, 30, TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<>(), r -> daemon(r,
            "coagent-mcp-bridge-" + n.incrementAndGet()));
    this.pool.allowCoreThreadTimeOut(true);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
        "coagent-mcp-bridge-timer"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Bridges {@code in}/{@code out} to the MCP endpoint {@code url} until {@code in} ends.
   * {@code token}: the bearer token, or null (trust mode names the agent in the URL).
   * A URL that is not http(s)://HOST... is an SQLException before anything is read.
   */
  public static void run(String url, String token, InputStream in, OutputStream out,
      PrintStream err) throws SQLException, InterruptedException {
    StdioBridge bridge = new StdioBridge(endpoint(url), token, out, err);
    if (bridge.token != null && "http".equalsIgnoreCase(bridge.uri.getScheme())
        && !loopback(bridge.uri.getHost())) {
      err.println("coagent mcp: warning: the bearer token goes in clear text over http to "
          + bridge.uri.getHost() + "; use https for a server off this machine");
    }
    Thread hook = new Thread(bridge::endSession, "coagent-mcp-bridge-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      bridge.pump(in);
    } finally {
      bridge.pool.shutdown();
      // EOF means no more requests, not "drop the answers": a piped client still reads them.
      bridge.pool.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      bridge.endSession();
      bridge.timer.shutdownNow();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway; endSession is idempotent
      }
    }
  }

  static URI endpoint(String url) throws SQLException {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("--url " + url + " is not a URL ("
          + e.getReason() + "): use http://HOST:PORT/mcp?agent=NAME&db=NAME", e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("--url " + url + " is not an http(s) URL "
          + "with a host: use a CoAgent server's MCP endpoint, http://HOST:PORT/mcp");
    }
    return u;
  }

  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------- stdin

  private void pump(InputStream in) throws InterruptedException {
    Lines lines = new Lines(in, MAX_LINE);
    while (!stdoutGone) {
      byte[] line;
      try {
        line = lines.next();
      } catch (Lines.TooLong e) {
        fail(e.id(), INVALID_REQUEST, SqlState.PROGRAM_LIMIT_EXCEEDED, 0, "a message of "
            + e.length() + " bytes is longer than the " + MAX_LINE + " bytes the server accepts: "
            + "send less per call (fewer rows or params)");
        continue;
      } catch (IOException e) {
        err.println("coagent mcp: stdin failed (" + e.getMessage() + "); ending the session");
        return;
      }
      if (line == null) {
        return;
      }
      if (isBlank(line)) {
        continue;
      }
      JsonNode msg;
      try {
        msg = JSON.readTree(line);
      } catch (IOException e) {
        fail(null, PARSE_ERROR, SqlState.PROTOCOL_VIOLATION, 0, "a stdin line is not JSON ("
            + e.getMessage().lines().findFirst().orElse("") + "): send one JSON-RPC 2.0 message per line");
        continue;
      }
      if (msg == null || !msg.isObject()) {
        fail(null, INVALID_REQUEST, SqlState.PROTOCOL_VIOLATION, 0, "a stdin line must be one "
            + "JSON-RPC 2.0 object (batches are not supported)");
        continue;
      }
      boolean request = msg.path("method").isTextual() && msg.has("id");
      if (!request || "initialize".equals(msg.get("method").asText())) {
        forward(msg, line, request);
        continue;
      }
      slots.acquire();
      try {
        pool.execute(() -> {
          try {
            forward(msg, line, true);
          } finally {
            slots.release();
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        slots.release();
        throw e;
      }
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------- HTTP

  private HttpRequest.Builder request(Duration timeout, boolean initialize) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Accept", "application/json, text/event-stream");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    String sid = sessionId;
    String version = protocolVersion;
    if (!initialize && sid != null) {
      b.header(SESSION_HEADER, sid);
    }
    if (!initialize && version != null) {
      b.header(VERSION_HEADER, version);
    }
    return b;
  }

  /** POSTs one message; writes the answer (or an error naming the fix) to stdout. */
  private void forward(JsonNode msg, byte[] body, boolean request) {
    JsonNode id = request ? msg.get("id") : NO_REPLY;
    String method = msg.path("method").asText(request ? "?" : "a response");
    boolean initialize = request && "initialize".equals(method);
    HttpRequest post = request(request ? REQUEST_TIMEOUT : SHORT_TIMEOUT, initialize)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(post, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      unreachable(id, e);
      return;
    } catch (HttpTimeoutException e) {
      fail(id, INTERNAL_ERROR, SqlState.CONNECTION_FAILURE, 0, "the CoAgent server at " + uri
          + " did not answer " + method + " within " + (request ? REQUEST_TIMEOUT : SHORT_TIMEOUT)
          .toSeconds() + " s: check the server; the call may or may not have run");
      return;
    } catch (IOException e) {
      unreachable(id, e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(id, INTERNAL_ERROR, SqlState.QUERY_CANCELED, 0, method + " was cancelled: the bridge "
          + "is shutting down");
      return;
    }
    InputStream in = r.body();
    ScheduledFuture<?> guard = timer.schedule(() -> closeQuietly(in),
        (request ? REQUEST_TIMEOUT : SHORT_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    try (in) {
      int status = r.statusCode();
      if (status >= 300) {
        refused(id, method, status, r.headers().firstValue("Location").orElse(null),
            new String(in.readNBytes(64 << 10), StandardCharsets.UTF_8));
        return;
      }
      if (initialize && status == 200) {
        sessionId = r.headers().firstValue(SESSION_HEADER).orElse(null);
      }
      if (!request) {
        return; // 202 Accepted (or a 200 with nothing to say)
      }
      String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
      boolean answered = type.startsWith("text/event-stream") ? events(in, id, initialize)
          : status == 200 && type.startsWith("application/json") && answer(in.readNBytes(
              MAX_MESSAGE + 1), id, initialize);
      if (!answered) {
        fail(id, INTERNAL_ERROR, SqlState.PROTOCOL_VIOLATION, status, "the CoAgent server at "
            + uri + " answered " + method + " with HTTP " + status + " (" + type + ") but no "
            + "response: check that --url is a CoAgent MCP endpoint (http://HOST:PORT/mcp)");
      }
    } catch (IOException e) {
      fail(id, INTERNAL_ERROR, SqlState.CONNECTION_FAILURE, 0, "the answer to " + method
          + " from " + uri + " was cut off (" + e.getMessage() + "); if it took longer than "
          + REQUEST_TIMEOUT.toSeconds() + " s the bridge gave up: the call may or may not have "
          + "run");
    } finally {
      guard.cancel(false);
    }
  }

  private void unreachable(JsonNode id, IOException e) {
    fail(id, INTERNAL_ERROR, SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION, 0,
        "cannot reach the CoAgent server at " + uri + " (" + e + "): start it with 'coagent "
            + "server --mcp-port PORT', or fix HOST:PORT (and http or https) in --url");
  }

  /** Reads an SSE stream; true once the answer to {@code id} was written. */
  private boolean events(InputStream in, JsonNode id, boolean initialize) throws IOException {
    Lines lines = new Lines(in, MAX_MESSAGE);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    while (true) {
      byte[] line;
      try {
        line = lines.next();
      } catch (Lines.TooLong e) {
        throw new IOException("an event line of " + e.length() + " bytes exceeds " + MAX_MESSAGE);
      }
      if (line == null || line.length == 0 || (line.length == 1 && line[0] == '\r')) {
        if (data.size() > 0 && answer(data.toByteArray(), id, initialize)) {
          return true;
        }
        data.reset();
        if (line == null) {
          return false;
        }
        continue;
      }
      String field = new String(line, 0, Math.min(line.length, 5), StandardCharsets.US_ASCII);
      if (field.startsWith("data:")) {
        int from = line.length > 5 && line[5] == ' ' ? 6 : 5;
        int to = line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        if (data.size() > 0) {
          data.write('\n');
        }
        data.write(line, from, Math.max(0, to - from));
        if (data.size() > MAX_MESSAGE) {
          throw new IOException("an event of more than " + MAX_MESSAGE + " bytes");
        }
      } // event:, id:, retry: and comments carry nothing the client needs
    }
  }

  /** Writes one message from the server; true if it is the answer to {@code id}. */
  private boolean answer(byte[] message, JsonNode id, boolean initialize) throws IOException {
    if (message.length > MAX_MESSAGE) {
      throw new IOException("a message of more than " + MAX_MESSAGE + " bytes");
    }
    JsonNode m = JSON.readTree(message);
    if (m == null || !m.isObject()) {
      throw new IOException("the server sent something that is not a JSON-RPC message");
    }
    boolean mine = !m.has("method") && sameId(m.get("id"), id);
    if (mine && initialize) {
      JsonNode v = m.path("result").path("protocolVersion");
      protocolVersion = v.isTextual() ? v.asText() : null;
    }
    // One line on stdout: as sent when it is one line (exactly the server's bytes), else compact.
    boolean oneLine = true;
    for (byte b : message) {
      if (b == '\n' || b == '\r') {
        oneLine = false;
        break;
      }
    }
    write(oneLine ? message : JSON.writeValueAsBytes(m));
    return mine;
  }

  private static boolean sameId(JsonNode a, JsonNode b) {
    return a != null && b != null && a.isTextual() == b.isTextual()
        && a.asText().equals(b.asText());
  }

  /** An HTTP refusal as the JSON-RPC error the client sees, with the fix for this bridge. */
  private void refused(JsonNode id, String method, int status, String location, String body) {
    String said = body.strip();
    int code = SERVER_REFUSED;
    String state = null;
    try {
      JsonNode b = JSON.readTree(body);
      if (b != null && b.path("error").path("message").isTextual()) {
        said = b.path("error").path("message").asText();
        code = b.path("error").path("code").asInt(SERVER_REFUSED);
        state = b.path("error").path("data").path("sqlstate").asText(null);
      }
    } catch (IOException notJson) {
      said = said.length() > 300 ? said.substring(0, 300) + "..." : said;
    }
    String fix = switch (status) {
      case 401 -> token == null
          ? "set env COAGENT_TOKEN (or --token) to a token from 'coagent role token --data DIR "
              + "ROLE', or, on a server in --auth trust on loopback, name the agent in --url "
              + "(?agent=NAME)"
          : "the bearer token of COAGENT_TOKEN/--token is not the server's: issue a new one with "
              + "'coagent role token --data DIR ROLE' and set COAGENT_TOKEN to it";
      case 403 -> "use the token (or ?agent= in --url) of an agent role of your own, added "
          + "with 'coagent role add --agent NAME'";
      case 400, 413 -> "check ?agent=NAME and ?db=NAME in --url (letters, digits, '_', '-'), and "
          + "that the client sends JSON-RPC 2.0";
      case 404 -> sessionId != null && !said.contains("/mcp")
          ? "the server no longer knows this MCP session (restarted?): restart the client"
          : "--url must be the server's MCP endpoint, http://HOST:PORT/mcp";
      default -> status >= 300 && status < 400
          ? "use the URL it redirects to" + (location == null ? "" : ", " + location)
          : "check the server's log";
    };
    SqlState fallback = switch (status) {
      case 401 -> SqlState.INVALID_AUTHORIZATION_SPECIFICATION;
      case 403 -> SqlState.INSUFFICIENT_PRIVILEGE;
      default -> SqlState.CONNECTION_REJECTED;
    };
    fail(id, code, state == null ? fallback.code() : state, status, "the CoAgent server at "
        + uri + " refused " + method + " (HTTP " + status + "): " + said + ". Fix: " + fix);
  }

  private void fail(JsonNode id, int code, SqlState state, int status, String message) {
    fail(id, code, state.code(), status, message);
  }

  /**
   * One line on stderr and, unless {@code id} is {@link #NO_REPLY} (a failed notification or
   * response: nothing waits for it), an error response on stdout.
   */
  private void fail(JsonNode id, int code, String sqlstate, int status, String message) {
    err.println("coagent mcp: " + message);
    if (id == NO_REPLY) {
      return;
    }
    ObjectNode e = JSON.createObjectNode();
    e.put("jsonrpc", "2.0");
    e.set("id", id == null ? JSON.nullNode() : id);
    ObjectNode error = e.putObject("error");
    error.put("code", code);
    error.put("message", message);
    ObjectNode data = error.putObject("data");
    data.put("sqlstate", sqlstate);
    if (status > 0) {
      data.put("http_status", status);
    }
    try {
      write(JSON.writeValueAsBytes(e));
    } catch (IOException ex) {
      throw new IllegalStateException("cannot serialize an error response", ex);
    }
  }

  private void write(byte[] line) {
    synchronized (writeLock) {
      if (stdoutGone) {
        return;
      }
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        stdoutGone = true; // the client went away; stdin's end follows
        err.println("coagent mcp: stdout closed (" + e.getMessage() + "); ending");
      }
    }
  }

  /** DELETE the session once (stdin's end or SIGTERM), so the server closes the agent's. */
  private void endSession() {
    String sid = sessionId;
    if (sid == null || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      HttpResponse<Void> r = http.send(request(SHORT_TIMEOUT, false).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() >= 300 && r.statusCode() != 404 && r.statusCode() != 405) {
        err.println("coagent mcp: ending MCP session " + sid + " got HTTP " + r.statusCode()
            + "; the server closes it when idle");
      }
    } catch (IOException e) {
      err.println("coagent mcp: could not end MCP session " + sid + " (" + e + "); the server "
          + "closes it when idle");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closing is how a stalled stream is cut off; the reader reports it
    }
  }

  /** Bounded lines of bytes ({@code \n}-ended; a trailing {@code \r} is kept for the caller). */
  static final class Lines {
    private final InputStream in;
    private final int max;
    private final byte[] buf = new byte[64 << 10];
    private int pos;
    private int end;

    Lines(InputStream in, int max) {
      this.in = in;
      this.max = max;
    }

    /** A line too long to keep: skipped to its end; its id, if its ends show one. */
    static final class TooLong extends Exception {
      private static final long serialVersionUID = 1L;
      private final transient JsonNode id;
      private final long length;

      TooLong(JsonNode id, long length) {
        super(null, null, false, false);
        this.id = id;
        this.length = length;
      }

      JsonNode id() {
        return id;
      }

      long length() {
        return length;
      }
    }

    /** The next line without its {@code \n}, or null at the end of the stream. */
    byte[] next() throws IOException, TooLong {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] head = null;
      byte[] tail = new byte[1024];
      int tailLen = 0;
      long length = 0;
      while (true) {
        if (pos == end) {
          end = in.read(buf, 0, buf.length);
          pos = 0;
          if (end < 0) {
            end = 0;
            if (length == 0) {
              return null;
            }
            break; // a last line without its newline
          }
        }
        int nl = pos;
        while (nl < end && buf[nl] != '\n') {
          nl++;
        }
        int n = nl - pos;
        if (head == null && length + n > max) {
          head = Arrays.copyOf(line.toByteArray(), Math.min(line.size(), 1024));
          line = null;
        }
        if (line != null) {
          line.write(buf, pos, n);
        } else {
          // keep only the last 1 KiB, for the id
          int take = Math.min(n, tail.length);
          int keep = Math.min(tailLen, tail.length - take);
          System.arraycopy(tail, tailLen - keep, tail, 0, keep);
          System.arraycopy(buf, nl - take, tail, keep, take);
          tailLen = keep + take;
        }
        length += n;
        pos = nl;
        if (nl < end) {
          pos++; // past the newline
          break;
        }
      }
      if (line != null) {
        return line.toByteArray();
      }
      throw new TooLong(idOf(head, Arrays.copyOf(tail, tailLen)), length);
    }

    private static JsonNode idOf(byte[] head, byte[] tail) {
      for (Matcher m : new Matcher[] {
          TAIL_ID.matcher(new String(tail, StandardCharsets.UTF_8)),
          HEAD_ID.matcher(new String(head, StandardCharsets.UTF_8))}) {
        if (m.find()) {
          try {
            return JSON.readTree(m.group(1));
          } catch (IOException e) {
            return null;
          }
        }
      }
      return null;
    }
  }
}
