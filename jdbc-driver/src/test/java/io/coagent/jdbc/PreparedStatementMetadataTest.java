package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PreparedStatement.getMetaData and getParameterMetaData, before any execution. */
class PreparedStatementMetadataTest {
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:coagent:mem:psmeta-" + UUID.randomUUID());
    c.createStatement().execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        + " price DECIMAL, doc JSON, ts TIMESTAMP)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test
  void queryMetadataDescribesResultColumnsWithoutExecuting() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, name AS label, price * 2 AS doubled, ts FROM items WHERE id = ?")) {
      ResultSetMetaData md = ps.getMetaData();
      assertEquals(4, md.getColumnCount());
      assertEquals("ID", md.getColumnLabel(1));
      assertEquals(Types.INTEGER, md.getColumnType(1));
      assertEquals("LABEL", md.getColumnLabel(2));
      assertEquals(Types.VARCHAR, md.getColumnType(2));
      assertEquals(ResultSetMetaData.columnNoNulls, md.isNullable(2));
      assertEquals(Types.DECIMAL, md.getColumnType(3));
      assertEquals(Types.TIMESTAMP, md.getColumnType(4));
      ParameterMetaData pm = ps.getParameterMetaData();
      assertEquals(1, pm.getParameterCount());
      assertEquals(Types.INTEGER, pm.getParameterType(1));
      assertEquals("07009", assertThrows(SQLException.class, () -> pm.getParameterType(2))
          .getSQLState());
    }
  }

  @Test
  void dmlHasNoResultMetadataButDescribesItsParameters() throws SQLException {
    try (PreparedStatement ins = c.prepareStatement(
        "INSERT INTO items (id, name, doc) VALUES (?, ?, ?)")) {
      assertNull(ins.getMetaData());
      ParameterMetaData pm = ins.getParameterMetaData();
      assertEquals(3, pm.getParameterCount());
      assertEquals(Types.INTEGER, pm.getParameterType(1));
      assertEquals(Types.VARCHAR, pm.getParameterType(2));
      assertEquals(ParameterMetaData.parameterNoNulls, pm.isNullable(2));
      assertEquals("JSON", pm.getParameterTypeName(3));
    }
    try (PreparedStatement upd = c.prepareStatement("UPDATE items SET price = ? WHERE id = ?")) {
      assertNull(upd.getMetaData());
      assertEquals(2, upd.getParameterMetaData().getParameterCount());
      assertEquals(Types.INTEGER, upd.getParameterMetaData().getParameterType(2));
    }
    c.createStatement().execute("CREATE TABLE memory (agent VARCHAR, k VARCHAR, v VARCHAR,"
        + " hits INTEGER, PRIMARY KEY (agent, k))");
    try (PreparedStatement merge = c.prepareStatement(MergeTest.REMEMBER)) {
      assertNull(merge.getMetaData());
      ParameterMetaData pm = merge.getParameterMetaData();
      assertEquals(3, pm.getParameterCount());
      assertEquals(Types.OTHER, pm.getParameterType(1), "MERGE parameters are untyped (ANY)");
    }
  }
}
