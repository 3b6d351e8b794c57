package io.coagent.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL uses it: the verifier kept on disk
 * ({@code SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey}, PostgreSQL's own format) and the
 * server side of the exchange. The password never reaches the server's disk and never crosses the
 * wire; the server proves it holds the verifier with its final signature.
 *
 * <p>Not done: SASLprep normalization of passwords (passwords are taken as their UTF-8 bytes, which
 * equals SASLprep for ASCII), and channel binding: {@code SCRAM-SHA-256-PLUS} is not offered,
 * even over TLS, so clients send {@code n} or {@code y}.
 */
final class Scram {
  static final String MECHANISM = "SCRAM-SHA-256";
  static final int ITERATIONS = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Scram() {}

  /** The verifier for {@code password}, with a fresh random salt. */
  static String verifier(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] salted = pbkdf2(password, salt, ITERATIONS);
    byte[] clientKey = hmac(salted, "Client Key");
    byte[] serverKey = hmac(salted, "Server Key");
    Base64.Encoder b = Base64.getEncoder();
    return MECHANISM + "$" + ITERATIONS + ":" + b.encodeToString(salt) + "$"
        + b.encodeToString(sha256(clientKey)) + ":" + b.encodeToString(serverKey);
  }

  /** A parsed verifier. */
  record Verifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    static Verifier parse(String v) {
      String[] parts = v.split("\\$");
      if (parts.length != 3 || !parts[0].equals(MECHANISM)) {
        throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
      }
      String[] is = parts[1].split(":");
      String[] keys = parts[2].split(":");
      Base64.Decoder d = Base64.getDecoder();
      return new Verifier(Integer.parseInt(is[0]), d.decode(is[1]), d.decode(keys[0]),
          d.decode(keys[1]));
    }
  }

  /** One server-side exchange: first message in, challenge out, final message in, proof out. */
  static final class Exchange {
    private final Verifier verifier;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String gs2;

    Exchange(Verifier verifier) {
      this.verifier = verifier;
    }

    /** Handles client-first-message; returns server-first-message, or null if malformed. */
    String first(String clientFirst) {
      // gs2-header: "n,," or "y,," (channel binding is not offered), then the bare message.
      int comma = clientFirst.indexOf(',');
      int second = comma < 0 ? -1 : clientFirst.indexOf(',', comma + 1);
      if (second < 0 || !(clientFirst.startsWith("n,") || clientFirst.startsWith("y,"))) {
        return null;
      }
      gs2 = clientFirst.substring(0, second + 1);
      clientFirstBare = clientFirst.substring(second + 1);
      String clientNonce = attribute(clientFirstBare, 'r');
      if (clientNonce == null || clientNonce.isEmpty()) {
        return null;
      }
      byte[] n = new byte[18];
      RANDOM.nextBytes(n);
      nonce = clientNonce + Base64.getEncoder().encodeToString(n);
      serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt())
          + ",i=" + verifier.iterations();
      return serverFirst;
    }

    /** Handles client-final-message; returns server-final-message if the proof is right. */
    String last(String clientFinal) {
      int p = clientFinal.lastIndexOf(",p=");
      if (p < 0 || serverFirst == null) {
        return null;
      }
      String withoutProof = clientFinal.substring(0, p);
      String binding = attribute(clientFinal, 'c');
      String expectedBinding = Base64.getEncoder().encodeToString(
          gs2.getBytes(StandardCharsets.UTF_8));
      if (!expectedBinding.equals(binding) || !nonce.equals(attribute(clientFinal, 'r'))) {
        return null;
      }
      byte[] proof;
      try {
        proof = Base64.getDecoder().decode(clientFinal.substring(p + 3));
      } catch (IllegalArgumentException e) {
        return null;
      }
      String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
      byte[] signature = hmac(verifier.storedKey(), authMessage);
      if (proof.length != signature.length) {
        return null;
      }
      byte[] clientKey = new byte[proof.length];
      for (int i = 0; i < proof.length; i++) {
        clientKey[i] = (byte) (proof[i] ^ signature[i]);
      }
      if (!MessageDigest.isEqual(sha256(clientKey), verifier.storedKey())) {
        return null;
      }
      return "v=" + Base64.getEncoder().encodeToString(hmac(verifier.serverKey(), authMessage));
    }
  }

  private static String attribute(String message, char name) {
    for (String part : message.split(",")) {
      if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
        return part.substring(2);
      }
    }
    return null;
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", e);
    }
  }
}
