package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of JDBC calls over a small web of connections, statements, result sets and
 * metadata, so that objects get closed in every order (directly, by their connection, by a
 * re-execution) between calls. After each call: nothing but SQLExceptions with a SQLState escape,
 * and an object that reported {@code isClosed()} before a non-exempt call fails with its closed
 * state (08003 or 55000). The seed is printed; {@code -Dcoagent.seed=N} replays a run.
 */
class RandomMisuseTest {
  /** Calls that would legitimately block (rule 8) or change the connection's mode. */
  private static final Set<String> SKIPPED = Set.of("setAutoCommit", "await",
      "setTransactionIsolation", "setNetworkTimeout");

  private record Target(Object object, Class<?> iface) {}

  @Test
  void randomCallSequences_keepTheContract() throws Exception {
    long seed = Long.getLong("coagent.seed", new Random().nextLong());
    System.out.println("RandomMisuseTest seed " + seed);
    Random random = new Random(seed);
    String url = "jdbc:coagent:mem:misuse-" + UUID.randomUUID();
    try (Connection setup = DriverManager.getConnection(url); Statement s = setup.createStatement()) {
      s.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(20))");
      s.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, 'b')");
    }
    List<Target> web = new ArrayList<>();
    int calls = 0;
    int closedCalls = 0;
    for (int step = 0; step < 3000; step++) {
      if (web.isEmpty() || random.nextInt(12) == 0) {
        grow(web, url, random);
      }
      Target t = web.get(random.nextInt(web.size()));
      List<Method> methods = methods(t.iface());
      Method m = methods.get(random.nextInt(methods.size()));
      boolean wasClosed = closed(t.object());
      Throwable thrown = call(t.object(), m);
      calls++;
      String where = "seed " + seed + ", step " + step + ": " + t.iface().getSimpleName() + "."
          + m.getName() + (wasClosed ? " on a closed object" : "");
      if (thrown != null) {
        assertTrue(thrown instanceof SQLException, where + " threw " + thrown);
        assertNotNull(((SQLException) thrown).getSQLState(), where + ": " + thrown);
      }
      boolean exempt = JdbcContract.EXEMPT.contains(m.getName())
          || !JdbcContract.declaresSqlException(m);
      if (wasClosed && !exempt) {
        closedCalls++;
        assertNotNull(thrown, where + " succeeded");
        String state = ((SQLException) thrown).getSQLState();
        assertTrue(state.equals("08003") || state.equals("55000"), where + ": " + thrown);
        if (t.object() instanceof Connection) {
          assertEquals("08003", state, where);
        }
      }
    }
    for (Target t : web) {
      if (t.object() instanceof Connection c) {
        c.close();
      }
    }
    Stores.close(JdbcUrl.parse(url, null).address());
    assertEquals(3000, calls);
    System.out.println("RandomMisuseTest: " + closedCalls + " calls on closed objects");
    assertTrue(closedCalls >= 300, "too few calls on closed objects: " + closedCalls);
  }

  /** Adds a new object made from a random open connection (or a new connection). */
  private static void grow(List<Target> web, String url, Random random) throws SQLException {
    List<Connection> open = new ArrayList<>();
    for (Target t : web) {
      if (t.object() instanceof Connection c && !c.isClosed()) {
        open.add(c);
      }
    }
    if (open.isEmpty() || random.nextInt(4) == 0) {
      web.add(new Target(DriverManager.getConnection(url), Connection.class));
      return;
    }
    Connection c = open.get(random.nextInt(open.size()));
    switch (random.nextInt(4)) {
      case 0 -> web.add(new Target(c.createStatement(), Statement.class));
      case 1 -> {
        PreparedStatement p = c.prepareStatement("SELECT ID, NAME FROM T WHERE ID = ?");
        p.setInt(1, 1);
        web.add(new Target(p, PreparedStatement.class));
      }
      case 2 -> web.add(new Target(c.createStatement().executeQuery(JdbcContract.QUERY),
          ResultSet.class));
      default -> web.add(new Target(c.getMetaData(), DatabaseMetaData.class));
    }
  }

  private static boolean closed(Object o) throws SQLException {
    if (o instanceof Connection c) {
      return c.isClosed();
    } else if (o instanceof Statement s) {
      return s.isClosed();
    } else if (o instanceof ResultSet rs) {
      return rs.isClosed();
    } else if (o instanceof DatabaseMetaData md) {
      try {
        return md.getConnection().isClosed();
      } catch (SQLException e) {
        assertEquals("08003", e.getSQLState(), e.toString());
        return true; // the metadata of a closed connection is closed with it
      }
    }
    return false;
  }

  private static List<Method> methods(Class<?> iface) {
    return Arrays.stream(iface.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> !SKIPPED.contains(m.getName()))
        .sorted(Comparator.comparing(Method::toGenericString)).toList();
  }

  private static Throwable call(Object o, Method m) {
    Object[] args = JdbcContract.args(m);
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try {
        m.invoke(o, args);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }, () -> m + " did not return within 10 s");
  }
}
