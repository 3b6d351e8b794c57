package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, truncated, oversized and random frontend messages from raw sockets: each ends its own
 * connection at worst (with a FATAL ErrorResponse where the server can still answer), while the
 * server and a concurrent correct session go on. Seeded; the seed is printed.
 */
class ProtocolFuzzTest {
  @TempDir Path dir;
  private CoAgentServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0).withMaxMessageBytes(1 << 20)
        .withTimeouts(2_000, 0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static byte[] startup(String user) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(body);
    d.writeInt(196608);
    for (String s : new String[] {"user", user, "database", "default", ""}) {
      d.write(s.getBytes(StandardCharsets.UTF_8));
      d.write(0);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    DataOutputStream a = new DataOutputStream(all);
    a.writeInt(body.size() + 4);
    a.write(body.toByteArray());
    return all.toByteArray();
  }

  /** Logs in and reads up to ReadyForQuery; returns the socket ready for messages. */
  private Socket login() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(5000);
    s.getOutputStream().write(startup("operator"));
    readUntil(s.getInputStream(), 'Z');
    return s;
  }

  /** Reads backend messages until one of type {@code type}; returns the types seen. */
  private static String readUntil(InputStream in, char type) throws IOException {
    DataInputStream d = new DataInputStream(in);
    StringBuilder seen = new StringBuilder();
    while (true) {
      int t = d.read();
      if (t < 0) {
        return seen.append('$').toString();
      }
      int len = d.readInt();
      d.readFully(new byte[len - 4]);
      seen.append((char) t);
      if (t == type) {
        return seen.toString();
      }
    }
  }

  @Test
  void oversizedLengthPrefix_isRefusedWithoutAllocating_andServerStaysUp() throws Exception {
    try (Socket s = login()) {
      DataOutputStream d = new DataOutputStream(s.getOutputStream());
      d.write('Q');
      d.writeInt(1 << 30); // a 1 GB message: refused at the prefix
      d.flush();
      String seen = readUntil(s.getInputStream(), 'E');
      assertTrue(seen.endsWith("E"), seen);
    }
    assertServerWorks();
  }

  @Test
  void unknownMessageType_endsThatConnectionOnly() throws Exception {
    try (Socket good = login(); Socket bad = login()) {
      DataOutputStream d = new DataOutputStream(bad.getOutputStream());
      d.write('!');
      d.writeInt(4);
      d.flush();
      assertTrue(readUntil(bad.getInputStream(), 'E').endsWith("E"));
      assertEquals('$', readUntil(bad.getInputStream(), 'Z').charAt(0), "connection closed");
      // The other session still answers.
      DataOutputStream g = new DataOutputStream(good.getOutputStream());
      byte[] q = "SELECT 1\0".getBytes(StandardCharsets.UTF_8);
      g.write('Q');
      g.writeInt(q.length + 4);
      g.write(q);
      g.flush();
      assertEquals("TDCZ", readUntil(good.getInputStream(), 'Z'));
    }
  }

  @Test
  void randomTruncatedAndGarbageMessages_neverTakeTheServerDown() throws Exception {
    long seed = Long.getLong("coagent.fuzz.seed", System.nanoTime());
    int rounds = Integer.getInteger("coagent.fuzz.rounds", 120);
    System.out.println("ProtocolFuzzTest seed=" + seed + " rounds=" + rounds
        + " (rerun with -Dcoagent.fuzz.seed=" + seed + ")");
    Random r = new Random(seed);
    char[] types = {'Q', 'P', 'B', 'D', 'E', 'S', 'H', 'C', 'X', 'F', 'd', 'p', '\0', 'Z'};
    for (int i = 0; i < rounds; i++) {
      try (Socket s = r.nextInt(4) == 0 ? new Socket("127.0.0.1", server.port()) : login()) {
        s.setSoTimeout(300);
        DataOutputStream d = new DataOutputStream(s.getOutputStream());
        try {
          int messages = 1 + r.nextInt(4);
          for (int m = 0; m < messages; m++) {
            byte[] body = new byte[r.nextInt(64)];
            r.nextBytes(body);
            if (r.nextBoolean() && body.length > 0) {
              body[body.length - 1] = 0; // often a plausible NUL-terminated string
            }
            d.write(types[r.nextInt(types.length)]);
            int len = switch (r.nextInt(5)) {
              case 0 -> body.length + 4;
              case 1 -> r.nextInt();
              case 2 -> body.length + 4 + r.nextInt(100); // claims more than it sends
              default -> body.length + 4;
            };
            d.writeInt(len);
            d.write(body);
          }
          d.flush();
          if (r.nextBoolean()) {
            s.shutdownOutput(); // truncation: the client stops mid-message
          }
          readUntil(s.getInputStream(), 'E');
        } catch (SocketTimeoutException | java.io.EOFException e) {
          // the server may wait for the rest of a message it was promised; it times out alone
        } catch (IOException e) {
          // reset or broken pipe: the server closed this connection after a fatal error
        }
      }
      if (i % 50 == 49) {
        assertServerWorks();
      }
    }
    assertServerWorks();
    // Every fuzzed connection was closed by the client: no session may linger.
    for (int i = 0; i < 500 && server.sessions() > 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(0, server.sessions(), "sessions left behind by closed connections");
  }

  private void assertServerWorks() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
        + server.port() + "/default?user=operator&sslmode=disable");
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    }
  }
}
