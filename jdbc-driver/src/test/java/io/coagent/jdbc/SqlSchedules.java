package io.coagent.jdbc;

import io.coagent.jdbc.SqlWorkload.AgentProgram;
import io.coagent.jdbc.SqlWorkload.Step;
import io.coagent.jdbc.SqlWorkload.Workload;
import io.coagent.session.JdbcUrl;
import io.coagent.session.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link Workload} concurrently (interleaved, {@link SqlAgent}s repairing on
 * notifications) or serially in rank order (the oracle), each on a {@link Session}.
 *
 * <p>A session is a store with open connections that are reused from one schedule to the next:
 * a statement is planned once per connection and SQL text, and planning (Calcite) costs far more
 * than running a schedule, so a fresh store per schedule would allow only a few dozen schedules
 * in CI time. Between schedules the session compacts history ({@code SYS.COMPACT_HISTORY}, so
 * that {@code SYS.VERIFY} checks only the new schedule) and a setup agent replaces every row with
 * the schedule's seed rows in a committed trajectory; the agents' next trajectories rank above it.
 */
final class SqlSchedules {
  private static final AtomicLong STORES = new AtomicLong();

  private SqlSchedules() {}

  /** What a run ended with. */
  static final class Outcome {
    final Workload w;
    final List<String> trace = new ArrayList<>();
    List<String> t;
    List<String> c;
    /** Per agent index: the result of each step, as its surviving execution saw it. */
    final Map<Integer, List<String>> results = new HashMap<>();
    String verify;
    String error;
    String rankMode;
    int notifications;
    int repairs;
    int refusals;

    Outcome(Workload w) {
      this.w = w;
    }
  }

  /** A connection and its prepared statements (by SQL text). */
  record Handle(Connection conn, Map<String, PreparedStatement> cache) {}

  /** A store and the connections that schedules on it reuse. */
  static final class Session implements AutoCloseable {
    final String url = "jdbc:coagent:mem:sqlrandom-" + STORES.incrementAndGet() + "-"
        + System.nanoTime();
    private final Connection operator;
    private final Handle setup;
    private final Map<String, Handle> agents = new HashMap<>();
    /** False once a schedule failed half-way: the store may hold active trajectories. */
    boolean usable = true;

    Session() throws SQLException {
      operator = DriverManager.getConnection(url);
      try (Statement st = operator.createStatement()) {
        st.execute("CREATE TABLE T (K INTEGER PRIMARY KEY, G VARCHAR, V INTEGER, S VARCHAR)");
        st.execute("CREATE TABLE C (A INTEGER NOT NULL, B INTEGER NOT NULL, W INTEGER, "
            + "PRIMARY KEY (A, B))");
      }
      setup = new Handle(DriverManager.getConnection(url + ";agent=setup"), new HashMap<>());
    }

    Handle agent(String name) throws SQLException {
      Handle h = agents.get(name);
      if (h == null) {
        h = new Handle(DriverManager.getConnection(url + ";agent=" + name), new HashMap<>());
        agents.put(name, h);
      }
      return h;
    }

    /** Replaces the agent's connection by one that begins its trajectory at {@code rank}. */
    Handle agentAtRank(String name, long rank) throws SQLException {
      Handle old = agents.remove(name);
      if (old != null) {
        closeQuietly(old);
      }
      Handle h = new Handle(DriverManager.getConnection(url + ";agent=" + name + ";rank=" + rank),
          new HashMap<>());
      agents.put(name, h);
      return h;
    }

    /** Forgets old history, then commits the seed rows in a setup trajectory; its rank. */
    long reset(Workload w) throws SQLException {
      try (PreparedStatement ps = operator.prepareStatement("CALL SYS.COMPACT_HISTORY(?)")) {
        ps.setTimestamp(1, new Timestamp(System.currentTimeMillis()));
        ps.execute();
      }
      Connection s = setup.conn();
      try (Statement st = s.createStatement()) {
        st.executeUpdate("DELETE FROM T");
        st.executeUpdate("DELETE FROM C");
      }
      insert(setup, "INSERT INTO T VALUES (?, ?, ?, ?)", w.tRows());
      insert(setup, "INSERT INTO C VALUES (?, ?, ?)", w.cRows());
      long rank = s.unwrap(CoAgentConnection.class).rank().orElseThrow();
      s.commit();
      return rank;
    }

    static void insert(Handle h, String sql, List<Object[]> rows) throws SQLException {
      PreparedStatement ps = h.cache().get(sql);
      if (ps == null) {
        ps = h.conn().prepareStatement(sql);
        h.cache().put(sql, ps);
      }
      for (Object[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          ps.setObject(i + 1, r[i]);
        }
        ps.executeUpdate();
      }
    }

    /** At quiescence: SYS.VERIFY's report, then every table's rows in key order. */
    void finish(Outcome out) throws SQLException {
      out.verify = String.join("\n", SysFixtures.rows(operator, "CALL SYS.VERIFY()"));
      out.t = SysFixtures.rows(operator, "SELECT K, G, V, S FROM T ORDER BY K");
      out.c = SysFixtures.rows(operator, "SELECT A, B, W FROM C ORDER BY A, B");
    }

    static void closeQuietly(Handle h) {
      try {
        for (PreparedStatement ps : h.cache().values()) {
          ps.close();
        }
        h.conn().close();
      } catch (SQLException ignored) {
        // closing a pipe; the store stays
      }
    }

    @Override
    public void close() {
      for (Handle h : agents.values()) {
        closeQuietly(h);
      }
      closeQuietly(setup);
      try {
        operator.close();
        Stores.close(JdbcUrl.parse(url, new Properties()).address());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The concurrent run: agents interleaved by a seeded random, with or without repair. Ranks are
   * reserved by {@code SYS.LAUNCH} (agents begin in index order), taken by dynamic join (agents
   * begin in rank order) or given as {@code rank=N} in the URL of new connections.
   */
  static Outcome runConcurrent(Session session, Workload w, boolean repair) {
    Outcome out = new Outcome(w);
    try {
      long setupRank = session.reset(w);
      Random r = new Random(w.seed() * 0x9E3779B97F4A7C15L + 17);
      int n = w.agents().size();
      SqlAgent[] agents = new SqlAgent[n];
      if (w.rankMode() == 2) {
        out.rankMode = "explicit rank=N";
        TreeSet<Long> ranks = new TreeSet<>();
        while (ranks.size() < n) {
          ranks.add(setupRank + 1 + r.nextInt(40));
        }
        List<Long> sorted = new ArrayList<>(ranks);
        for (int i = 0; i < n; i++) {
          AgentProgram p = w.agents().get(w.rankOrder().get(i));
          agents[p.index()] = new SqlAgent(p, session.agentAtRank(p.name(), sorted.get(i)),
              repair, out.trace);
        }
      } else if (w.rankMode() == 0) {
        out.rankMode = "SYS.LAUNCH";
        StringBuilder names = new StringBuilder();
        for (int i : w.rankOrder()) {
          names.append(names.length() == 0 ? "" : ",").append(w.agents().get(i).name());
        }
        try (Statement st = session.operator.createStatement()) {
          st.execute("CALL SYS.LAUNCH('" + names + "')");
        }
        for (AgentProgram p : w.agents()) {
          agents[p.index()] = new SqlAgent(p, session.agent(p.name()), repair, out.trace);
        }
      } else {
        out.rankMode = "dynamic join";
        for (int i : w.rankOrder()) {
          AgentProgram p = w.agents().get(i);
          agents[i] = new SqlAgent(p, session.agent(p.name()), repair, out.trace);
        }
      }
      for (int i = 1; i < n; i++) {
        if (agents[w.rankOrder().get(i)].rank <= agents[w.rankOrder().get(i - 1)].rank) {
          throw new AssertionError("ranks are not in the intended order " + w.rankOrder() + " ("
              + out.rankMode + "): " + Arrays.stream(agents).map(SqlAgent::who).toList());
        }
      }
      int maxTurns = 3_000;
      int turns = 0;
      List<SqlAgent> all = List.of(agents);
      while (all.stream().anyMatch(a -> !a.committed)) {
        if (++turns > maxTurns) {
          throw new AssertionError("no quiescence after " + maxTurns + " turns");
        }
        List<SqlAgent> open = all.stream().filter(a -> !a.committed).toList();
        SqlAgent a = open.get(r.nextInt(open.size()));
        boolean lowerDone = all.stream().allMatch(o -> o.committed || o.rank >= a.rank);
        if (a.hasSteps() || lowerDone) {
          a.turn();
        } else if (!a.program.eagerCommit()) {
          a.drain(); // done with its steps, waits for lower ranks: only listens
        }
      }
      for (SqlAgent a : agents) {
        out.results.put(a.program.index(), Arrays.asList(a.results));
        out.notifications += a.notifications;
        out.repairs += a.repairsDone;
        out.refusals += a.commitRefusals;
      }
      session.finish(out);
    } catch (SQLException | RuntimeException | AssertionError e) {
      session.usable = false;
      out.error = "exception: " + e + stack(e);
    }
    return out;
  }

  /** The oracle: each agent's program alone, one agent after another in rank order. */
  static Outcome runSerial(Session session, Workload w) {
    Outcome out = new Outcome(w);
    try {
      session.reset(w);
      for (int i : w.rankOrder()) {
        AgentProgram p = w.agents().get(i);
        Handle h = session.agent(p.name());
        List<String> results = new ArrayList<>();
        long memory = 0;
        for (Step s : p.steps()) {
          String result = SqlAgent.execute(h.conn(), h.cache(), s, memory);
          out.trace.add(p.name() + " " + s.sql() + " " + s.resolve(memory) + " -> " + result);
          memory = SqlAgent.remember(memory, result);
          results.add(result);
        }
        h.conn().commit();
        out.results.put(i, results);
      }
      session.finish(out);
    } catch (SQLException | RuntimeException e) {
      session.usable = false;
      out.error = "serial run: exception: " + e + stack(e);
    }
    return out;
  }

  /** An H2 database with the same tables: the reference SQL engine, independent of ours. */
  static final class Reference implements AutoCloseable {
    private final Handle h2;

    Reference() throws SQLException {
      Connection c = DriverManager.getConnection("jdbc:h2:mem:sqlrandom-"
          + STORES.incrementAndGet());
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE T (K INTEGER PRIMARY KEY, G VARCHAR, V INTEGER, S VARCHAR)");
        st.execute("CREATE TABLE C (A INTEGER NOT NULL, B INTEGER NOT NULL, W INTEGER, "
            + "PRIMARY KEY (A, B))");
      }
      h2 = new Handle(c, new HashMap<>());
    }

    /**
     * The programs serially in rank order on H2 (auto-commit). A SQL result of ours that differs
     * from H2's in a serial run is a query bug that the concurrent-versus-serial comparison
     * cannot see, e.g. a compiled predicate that filters the scan too narrowly.
     */
    Outcome run(Workload w) {
      Outcome out = new Outcome(w);
      try (Statement st = h2.conn().createStatement()) {
        st.executeUpdate("DELETE FROM T");
        st.executeUpdate("DELETE FROM C");
        Session.insert(h2, "INSERT INTO T VALUES (?, ?, ?, ?)", w.tRows());
        Session.insert(h2, "INSERT INTO C VALUES (?, ?, ?)", w.cRows());
        for (int i : w.rankOrder()) {
          AgentProgram p = w.agents().get(i);
          List<String> results = new ArrayList<>();
          long memory = 0;
          for (Step s : p.steps()) {
            String result = SqlAgent.execute(h2.conn(), h2.cache(), s, memory);
            out.trace.add(p.name() + " " + s.sql() + " " + s.resolve(memory) + " -> " + result);
            memory = SqlAgent.remember(memory, result);
            results.add(result);
          }
          out.results.put(i, results);
        }
        out.t = SysFixtures.rows(h2.conn(), "SELECT K, G, V, S FROM T ORDER BY K");
        out.c = SysFixtures.rows(h2.conn(), "SELECT A, B, W FROM C ORDER BY A, B");
      } catch (SQLException | RuntimeException e) {
        out.error = "H2 reference run: exception: " + e + stack(e);
      }
      return out;
    }

    @Override
    public void close() {
      Session.closeQuietly(h2);
    }
  }

  static String stack(Throwable e) {
    StringBuilder b = new StringBuilder();
    StackTraceElement[] st = e.getStackTrace();
    for (int i = 0; i < Math.min(12, st.length); i++) {
      b.append("\n    at ").append(st[i]);
    }
    return b.toString();
  }
}
