package io.coagent.samples.memory;

import io.coagent.engine.SqlState;
import io.coagent.jdbc.CoAgentConnection;
import io.coagent.jdbc.Notification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A shared blackboard memory for an agent framework, on CoAgent through plain JDBC: the memory
 * store one agent's tools call ({@code recall}, {@code remember}), with MTPO underneath.
 *
 * <p>Each agent opens its own {@code BlackboardMemory} at its rank in the team's serial order.
 * Writes take effect at once (a higher-rank agent sees them immediately); when an agent earlier
 * in the order changes a topic this agent already recalled, {@link #changes()} (or the
 * {@link #onChange} callback) reports it with the old and new content, so the framework can put it
 * in the agent's context and let it revise. {@link #commit()} finishes the agent's turn; it waits
 * for the agents before it and fails with SQLState MT004 while a change is unacknowledged.
 *
 * <p>Table: {@code MEMORY(TOPIC VARCHAR PRIMARY KEY, CONTENT VARCHAR, AUTHOR VARCHAR)}.
 */
public final class BlackboardMemory implements AutoCloseable {
  /** A topic an agent recalled was changed by an agent earlier in the order. */
  public record Change(long id, String topic, String before, String after, String author) {}

  private final Connection connection;
  private final CoAgentConnection co;
  private final String agent;

  private BlackboardMemory(Connection connection, String agent) throws SQLException {
    this.connection = connection;
    this.co = connection.unwrap(CoAgentConnection.class);
    this.agent = agent;
  }

  /** Creates the MEMORY table in the store at {@code url} unless it exists. */
  public static void createIfMissing(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE MEMORY (TOPIC VARCHAR PRIMARY KEY, CONTENT VARCHAR, "
          + "AUTHOR VARCHAR)");
    } catch (SQLException e) {
      if (!SqlState.TABLE_EXISTS.code().equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** Opens the memory of {@code agent} at {@code rank} (lower ranks come first). */
  public static BlackboardMemory open(String url, String agent, long rank) throws SQLException {
    return new BlackboardMemory(
        DriverManager.getConnection(url + ";agent=" + agent + ";rank=" + rank), agent);
  }

  /** The content of {@code topic} as this agent's place in the order sees it. */
  public Optional<String> recall(String topic) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT CONTENT FROM MEMORY WHERE TOPIC = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Every topic this agent can see, by name. */
  public Map<String, String> recallAll() throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT TOPIC, CONTENT FROM MEMORY")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Writes {@code topic}; visible at once to the agents after this one in the order. */
  public void remember(String topic, String content) throws SQLException {
    try (PreparedStatement up = connection.prepareStatement(
        "UPDATE MEMORY SET CONTENT = ?, AUTHOR = ? WHERE TOPIC = ?")) {
      up.setString(1, content);
      up.setString(2, agent);
      up.setString(3, topic);
      if (up.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement in = connection.prepareStatement("INSERT INTO MEMORY VALUES (?, ?, ?)")) {
      in.setString(1, topic);
      in.setString(2, content);
      in.setString(3, agent);
      in.executeUpdate();
    }
  }

  /** Changes not yet handed out, oldest first (each must be {@link #acknowledge}d). */
  public List<Change> changes() throws SQLException {
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Optional<Notification> n = co.poll();
      if (n.isEmpty()) {
        break;
      }
      out.add(change(n.get()));
    }
    return out;
  }

  /** Waits up to {@code timeout} for the next change. */
  public Optional<Change> awaitChange(Duration timeout) throws SQLException, InterruptedException {
    return co.await(timeout).map(BlackboardMemory::change);
  }

  /** Calls {@code listener} (on the store's dispatcher thread) for every new change. */
  public void onChange(Consumer<Change> listener) throws SQLException {
    co.setNotificationListener(n -> listener.accept(change(n)));
  }

  /** The agent has taken the change into account. */
  public void acknowledge(Change change) throws SQLException {
    co.acknowledge(change.id());
  }

  /** Ends the agent's turn: waits for earlier agents; MT004 if a change is unacknowledged. */
  public void commit() throws SQLException {
    connection.commit();
  }

  private static Change change(Notification n) {
    String key = n.key().size() == 1 ? String.valueOf(n.key().get(0)) : n.key().toString();
    return new Change(n.id(), key, content(n.seen()), content(n.now()), n.writerAgent());
  }

  private static String content(List<Object> row) {
    return row == null ? null : (String) row.get(1);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
