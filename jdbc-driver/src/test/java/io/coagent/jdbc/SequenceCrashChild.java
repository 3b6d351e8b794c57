package io.coagent.jdbc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The process {@link SequenceDurabilityTest} kills with {@code kill -9}: on a file store, loops
 * auto-commit {@code INSERT ... RETURNING id} into an identity table and {@code NEXTVAL('S')},
 * printing each value ({@code I v}, {@code N v}) only after the statement returned, flushed.
 * Args: the store file.
 */
public final class SequenceCrashChild {
  private SequenceCrashChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
        true, StandardCharsets.UTF_8);
    try (Connection c = DriverManager.getConnection("jdbc:coagent:file:" + args[0]);
        Statement s = c.createStatement()) {
      out.println("READY");
      while (true) {
        try (ResultSet rs = s.executeQuery("INSERT INTO t (v) VALUES ('x') RETURNING id")) {
          rs.next();
          out.println("I " + rs.getLong(1));
        }
        try (ResultSet rs = s.executeQuery("SELECT NEXTVAL('s')")) {
          rs.next();
          out.println("N " + rs.getLong(1));
        }
      }
    }
  }
}
