package io.coagent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as PostgreSQL clients use it: SSLRequest answered {@code S}, the handshake, then the whole
 * session encrypted; certificate verification by pgjdbc's verify-full; TLS-required refusing clear
 * connections; and psql over TLS.
 */
class ServerTlsTest {
  private static final char[] PASSWORD = "changeit-tls".toCharArray();
  @TempDir static Path keys;
  private static Path keystore;
  private static Path cert;

  @TempDir Path dir;
  private CoAgentServer server;

  /** A self-signed key for 127.0.0.1/localhost, made with the JDK's keytool. */
  @BeforeAll
  static void makeKeys() throws Exception {
    keystore = keys.resolve("server.p12");
    cert = keys.resolve("server.crt");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(List.of(keytool.toString(), "-genkeypair", "-alias", "coagent", "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext",
        "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore",
        keystore.toString(), "-storepass", new String(PASSWORD)));
    run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "coagent", "-keystore",
        keystore.toString(), "-storepass", new String(PASSWORD), "-file", cert.toString()));
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), cmd + ": " + out);
    assertEquals(0, p.exitValue(), cmd + ": " + out);
    return out;
  }

  private void start(boolean required) throws IOException {
    server = CoAgentServer.start(ServerConfig.of(dir).withPort(0)
        .withTls(ServerConfig.Tls.keystore(keystore, PASSWORD, required)));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Connection connect(String user, String ssl) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
        + "/default?user=" + user + "&" + ssl);
  }

  private String verifyFull() {
    return "sslmode=verify-full&sslrootcert=" + cert;
  }

  @Test
  void verifyFull_connectsOverTls_andTheSessionWorksAcrossIdlePauses() throws Exception {
    start(false);
    try (Connection c = connect("operator", verifyFull()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR)");
      for (int i = 0; i < 3; i++) {
        Thread.sleep(120); // several idle polls: the server's read times out on the TLS socket
        assertEquals(1, s.executeUpdate("INSERT INTO notes VALUES (" + i + ", 'n" + i + "')"));
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM notes")) {
        assertTrue(rs.next());
        assertEquals(3, rs.getInt(1));
      }
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO notes VALUES (9, 'in a block')");
      c.rollback();
    }
  }

  /**
   * A quick client sends its ClientHello the moment it reads 'S': the server's check for clear
   * bytes must not count it (it once did, checking after the answer: one handshake in a few failed).
   */
  @Test
  void manyHandshakesInARow_allSucceed() throws Exception {
    start(false);
    for (int i = 0; i < 60; i++) {
      try (Connection c = connect("operator", verifyFull())) {
        assertTrue(c.isValid(5), "connection " + i);
      }
    }
  }

  @Test
  void verifyFull_againstAnotherCertificate_isRefusedByTheClient() throws Exception {
    start(false);
    Path other = keys.resolve("other.crt");
    Path otherStore = keys.resolve("other.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(List.of(keytool.toString(), "-genkeypair", "-alias", "x", "-keyalg", "RSA", "-dname",
        "CN=localhost", "-storetype", "PKCS12", "-keystore", otherStore.toString(), "-storepass",
        "otherpass"));
    run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "x", "-keystore",
        otherStore.toString(), "-storepass", "otherpass", "-file", other.toString()));
    SQLException e = assertThrows(SQLException.class,
        () -> connect("operator", "sslmode=verify-full&sslrootcert=" + other).close());
    assertTrue(e.getMessage().toLowerCase().contains("ssl"), e.getMessage());
    try (Connection c = connect("operator", verifyFull())) { // the server is unaffected
      assertTrue(c.isValid(5));
    }
  }

  @Test
  void tlsRequired_refusesAClearConnection_with28000_andAcceptsTls() throws Exception {
    start(true);
    SQLException e = assertThrows(SQLException.class,
        () -> connect("operator", "sslmode=disable").close());
    assertEquals("28000", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("requires TLS"), e.getMessage());
    try (Connection c = connect("operator", "sslmode=require")) {
      assertTrue(c.isValid(5));
    }
  }

  @Test
  void clearDataAfterSslRequest_isRefused_andTheServerStaysUp() throws Exception {
    start(false);
    try (Socket raw = new Socket("127.0.0.1", server.port())) {
      raw.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(raw.getOutputStream());
      java.io.ByteArrayOutputStream msg = new java.io.ByteArrayOutputStream();
      DataOutputStream m = new DataOutputStream(msg);
      m.writeInt(8);
      m.writeInt(80877103); // SSLRequest
      byte[] startup = "\0\3\0\0user\0operator\0\0".getBytes(StandardCharsets.US_ASCII);
      m.writeInt(4 + startup.length); // a clear startup message in the same write
      m.write(startup);
      out.write(msg.toByteArray());
      out.flush();
      DataInputStream in = new DataInputStream(raw.getInputStream());
      // The clear bytes are refused instead of answering 'S', with an error saying why (in clear,
      // since no TLS session exists), and nothing is authenticated.
      String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(rest.startsWith("E") && rest.contains("08P01")
          && rest.contains("unencrypted data after the SSLRequest"), rest);
    }
    try (Connection c = connect("operator", verifyFull())) {
      assertTrue(c.isValid(5));
    }
  }

  @Test
  void psql_overTls_runsStatements() throws Exception {
    ExternalClients.require("psql", ExternalClients.psqlPresent());
    start(true);
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/psql", "host=127.0.0.1 port=" + server.port()
        + " user=operator dbname=default sslmode=verify-full sslrootcert=" + cert,
        "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", "CREATE TABLE t (k INTEGER PRIMARY KEY)",
        "-c", "INSERT INTO t VALUES (42)", "-c", "SELECT k FROM t");
    pb.environment().put("PGCONNECT_TIMEOUT", "10");
    String out = run(pb.command());
    assertTrue(out.contains("42"), out);
  }

  @Test
  void badKeystore_failsAtStartNamingTheFile() throws Exception {
    IOException wrong = assertThrows(IOException.class,
        () -> ServerConfig.Tls.keystore(keystore, "wrong".toCharArray(), false));
    assertTrue(wrong.getMessage().contains(keystore.toString()), wrong.getMessage());
    Path missing = dir.resolve("missing.p12");
    IOException absent = assertThrows(IOException.class,
        () -> ServerConfig.Tls.keystore(missing, PASSWORD, false));
    assertTrue(absent.getMessage().contains("cannot be read"), absent.getMessage());
    Path trustOnly = dir.resolve("trust.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(List.of(keytool.toString(), "-importcert", "-noprompt", "-alias", "ca", "-file",
        cert.toString(), "-storetype", "PKCS12", "-keystore", trustOnly.toString(), "-storepass",
        "trustpass"));
    IOException noKey = assertThrows(IOException.class,
        () -> ServerConfig.Tls.keystore(trustOnly, "trustpass".toCharArray(), false));
    assertTrue(noKey.getMessage().contains("no private key"), noKey.getMessage());
    assertTrue(Files.exists(trustOnly));
  }
}
