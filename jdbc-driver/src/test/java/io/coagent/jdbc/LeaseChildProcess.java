package io.coagent.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The agent process that {@link KillNineLeaseTest} kills with {@code kill -9}: opens the file store
 * given as its argument, leaves agent {@code crasher}'s trajectory active with two writes, reserves
 * a rank for agent {@code ghost}, prints READY, and waits to be killed.
 */
public final class LeaseChildProcess {
  private LeaseChildProcess() {}

  public static void main(String[] args) throws Exception {
    String url = "jdbc:coagent:file:" + args[0];
    Connection crasher = DriverManager.getConnection(url + ";agent=crasher");
    Connection operator = DriverManager.getConnection(url);
    try (Statement s = crasher.createStatement()) {
      s.executeUpdate("UPDATE stock SET qty = 0 WHERE id = 1");
      s.executeUpdate("INSERT INTO stock VALUES (2, 99)");
    }
    try (Statement s = operator.createStatement()) {
      s.execute("CALL SYS.LAUNCH('ghost')");
    }
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(600_000); // killed long before
  }
}
