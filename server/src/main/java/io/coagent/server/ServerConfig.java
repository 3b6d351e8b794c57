package io.coagent.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * How a {@link CoAgentServer} runs: where its stores live, where it listens, and its limits.
 *
 * @param dataDir directory holding one store per database name ({@code NAME.coagent})
 * @param bind address to bind; loopback unless set
 * @param port TCP port; 0 picks a free one ({@link CoAgentServer#port()} tells which)
 * @param auth how logins are checked
 * @param maxConnections sessions served at once; one more is refused with 53300
 * @param maxMessageBytes largest frontend message accepted; a larger length prefix is refused
 *     before anything is allocated (SQLState 54000) and ends that connection
 * @param authTimeoutMillis time a new connection has to complete its startup
 * @param idleTimeoutMillis an idle session outside a transaction block is closed after this
 *     (0: never)
 * @param durability when the server's stores write to disk (docs/design/engine.md, Durability)
 * @param tls TLS for clients that ask for it (SSLRequest); null: none, SSLRequest is answered
 *     {@code N}
 */
public record ServerConfig(Path dataDir, String bind, int port, Auth auth, int maxConnections,
    int maxMessageBytes, int authTimeoutMillis, long idleTimeoutMillis, Durability durability,
    Tls tls) {

  /**
   * TLS as PostgreSQL offers it: a client sends SSLRequest, the server answers {@code S} and the
   * TLS handshake follows on the same connection, then the startup message, encrypted.
   *
   * @param context the server's TLS context (its key and certificate chain)
   * @param required whether a client that does not ask for TLS is refused (28000) at startup
   */
  public record Tls(SSLContext context, boolean required) {
    public Tls {
      Objects.requireNonNull(context, "context");
    }

    /**
     * TLS with the key and certificate chain of a keystore file (PKCS#12 or JKS, detected).
     *
     * @throws IOException naming the file and the fix, if it cannot be read, the password is
     *     wrong, or it holds no private key
     */
    public static Tls keystore(Path file, char[] password, boolean required) throws IOException {
      if (!Files.isReadable(file)) {
        throw new IOException("TLS keystore " + file + " cannot be read: give a PKCS#12 or JKS "
            + "file holding the server's private key and certificate");
      }
      try {
        KeyStore ks = KeyStore.getInstance(file.toFile(), password); // type detected
        boolean key = false;
        for (String alias : Collections.list(ks.aliases())) {
          key |= ks.isKeyEntry(alias);
        }
        if (!key) {
          throw new IOException("TLS keystore " + file + " holds no private key: create one with"
              + " keytool -genkeypair (see docs/server.md, TLS)");
        }
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new Tls(ctx, required);
      } catch (GeneralSecurityException | IOException e) {
        if (e instanceof IOException io && io.getMessage() != null
            && io.getMessage().startsWith("TLS keystore")) {
          throw io;
        }
        throw new IOException("TLS keystore " + file + " cannot be used (" + e.getMessage()
            + "): check the file and its password", e);
      }
    }
  }

  /** When an acknowledged call reaches the disk; the stores' {@code durability} property. */
  public enum Durability {
    /** Written and fsynced before each acknowledgement: survives power loss (the default). */
    SYNC,
    /**
     * Written to the OS before each acknowledgement, not fsynced: survives a crash of the server
     * process (kill -9 included); on power loss the newest acknowledged calls may be missing, never
     * part of one.
     */
    FLUSH
  }

  /** Login checking. */
  public enum Auth {
    /**
     * Development only, loopback only: the login user name is the agent name; {@code operator}
     * logs in as an operator.
     */
    TRUST,
    /** SCRAM-SHA-256 against the server's {@link Roles}; each role acts as its one agent. */
    SCRAM
  }

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(durability, "durability");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
    if (maxConnections < 1 || maxConnections > 10_000) {
      throw new IllegalArgumentException("maxConnections " + maxConnections
          + " is not in 1..10000");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes
          + " is below 1024");
    }
  }

  /**
   * Defaults: 127.0.0.1, port 5433, trust, 100 connections, 64 MiB messages, 10 s startup, SYNC
   * durability.
   */
  public static ServerConfig of(Path dataDir) {
    return new ServerConfig(dataDir, "127.0.0.1", 5433, Auth.TRUST, 100, 64 << 20, 10_000, 0,
        Durability.SYNC, null);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(dataDir, bind, p, auth, maxConnections, maxMessageBytes,
        authTimeoutMillis, idleTimeoutMillis, durability, tls);
  }

  public ServerConfig withBind(String b) {
    return new ServerConfig(dataDir, b, port, auth, maxConnections, maxMessageBytes,
        authTimeoutMillis, idleTimeoutMillis, durability, tls);
  }

  public ServerConfig withMaxConnections(int n) {
    return new ServerConfig(dataDir, bind, port, auth, n, maxMessageBytes, authTimeoutMillis,
        idleTimeoutMillis, durability, tls);
  }

  public ServerConfig withMaxMessageBytes(int n) {
    return new ServerConfig(dataDir, bind, port, auth, maxConnections, n, authTimeoutMillis,
        idleTimeoutMillis, durability, tls);
  }

  public ServerConfig withAuth(Auth a) {
    return new ServerConfig(dataDir, bind, port, a, maxConnections, maxMessageBytes,
        authTimeoutMillis, idleTimeoutMillis, durability, tls);
  }

  public ServerConfig withTimeouts(int authMillis, long idleMillis) {
    return new ServerConfig(dataDir, bind, port, auth, maxConnections, maxMessageBytes,
        authMillis, idleMillis, durability, tls);
  }

  public ServerConfig withDurability(Durability d) {
    return new ServerConfig(dataDir, bind, port, auth, maxConnections, maxMessageBytes,
        authTimeoutMillis, idleTimeoutMillis, d, tls);
  }

  /** TLS for clients that ask for it; null turns it off. */
  public ServerConfig withTls(Tls t) {
    return new ServerConfig(dataDir, bind, port, auth, maxConnections, maxMessageBytes,
        authTimeoutMillis, idleTimeoutMillis, durability, t);
  }
}
