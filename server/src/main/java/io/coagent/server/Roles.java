package io.coagent.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The server's roles: who may log in, and as which agent. A role maps to exactly one agent name
 * or is an operator; the login proves the role's password with SCRAM-SHA-256, and the connection
 * then acts as that agent and no other. A role may also hold one bearer token (the MCP endpoint's
 * credential, {@link #newToken}). Kept in {@code DATA/roles.json}; only SCRAM verifiers and
 * SHA-256 hashes of tokens are stored, never passwords or tokens.
 *
 * <p>Concurrency and recovery: every change rewrites the file into a temporary file and moves it
 * over the old one atomically, so a crash leaves either the old or the new roles, never a torn file.
 * A running server reads the file at each login, so {@code coagent role add} takes effect at once.
 */
public final class Roles {
  static final String FILE = "roles.json";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.@-]{0,62}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One role: its agent name (null for an operator), its SCRAM verifier and the SHA-256 hash of
   * its bearer token (hex; null: no token).
   */
  public record Role(String name, String agent, String verifier, String tokenHash) {
    public Role(String name, String agent, String verifier) {
      this(name, agent, verifier, null);
    }

    public boolean operator() {
      return agent == null;
    }
  }

  private static final String TOKEN_PREFIX = "coagent_";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Path file;

  private Roles(Path file) {
    this.file = file;
  }

  public static Roles in(Path dataDir) {
    return new Roles(dataDir.resolve(FILE));
  }

  /** Adds or replaces role {@code name}; {@code agent} null makes it an operator. */
  public synchronized void put(String name, String agent, char[] password) throws IOException {
    check(name, "role");
    if (agent != null) {
      check(agent, "agent");
    }
    if (password.length == 0) {
      throw new IllegalArgumentException("an empty password is not allowed for role " + name);
    }
    Map<String, Role> all = load();
    Role old = all.get(name);
    all.put(name, new Role(name, agent, io.coagent.server.internal.ServerImpl.verifier(password),
        old == null ? null : old.tokenHash()));
    save(all);
  }

  /**
   * Gives role {@code name} a fresh bearer token, replacing its previous one (which stops working
   * at once), and returns it; only its SHA-256 hash is stored, so it is shown this once.
   */
  public synchronized String newToken(String name) throws IOException {
    Map<String, Role> all = load();
    Role r = all.get(name);
    if (r == null) {
      throw new IllegalArgumentException("no role " + name + ": add it first with 'coagent role "
          + "add --data DIR --agent AGENT " + name + "'");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = TOKEN_PREFIX
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    all.put(name, new Role(r.name(), r.agent(), r.verifier(), hash(token)));
    save(all);
    return token;
  }

  /** The role whose bearer token is {@code token}, compared by hash in constant time. */
  public synchronized Optional<Role> byToken(String token) throws IOException {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] want = hash(token).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Role found = null;
    for (Role r : load().values()) {
      if (r.tokenHash() != null && java.security.MessageDigest.isEqual(want,
          r.tokenHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  private static String hash(String token) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public synchronized boolean remove(String name) throws IOException {
    Map<String, Role> all = load();
    boolean had = all.remove(name) != null;
    save(all);
    return had;
  }

  public synchronized List<Role> list() throws IOException {
    return new ArrayList<>(load().values());
  }

  public synchronized Optional<Role> find(String name) throws IOException {
    return Optional.ofNullable(load().get(name));
  }

  private static void check(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid " + what + " name '" + name + "': use 1 to 63 "
          + "letters, digits, '_', '.', '@' or '-', starting with a letter or '_'");
    }
  }

  private Map<String, Role> load() throws IOException {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    List<Role> roles = JSON.readValue(file.toFile(), new TypeReference<List<Role>>() {});
    Map<String, Role> m = new TreeMap<>();
    for (Role r : roles) {
      m.put(r.name(), r);
    }
    return m;
  }

  private void save(Map<String, Role> all) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new ArrayList<>(all.values()));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
