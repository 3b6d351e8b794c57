package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** A statement served by the key-lookup fast path describes itself like the planned one. */
class KeyLookupMetadataTest {
  @Test
  void keyLookupQuery_reportsResultAndParameterMetadata_beforeExecution() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:coagent:mem:klmeta")) {
      c.createStatement().execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, val VARCHAR)");
      try (PreparedStatement ps = c.prepareStatement("SELECT val, id FROM kv WHERE id = ?")) {
        ResultSetMetaData md = ps.getMetaData();
        assertEquals(2, md.getColumnCount());
        assertEquals("VAL", md.getColumnLabel(1));
        assertEquals(Types.INTEGER, md.getColumnType(2));
        ParameterMetaData pmd = ps.getParameterMetaData();
        assertEquals(1, pmd.getParameterCount());
        assertEquals(Types.INTEGER, pmd.getParameterType(1));
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE kv SET val = ? WHERE id = ?")) {
        assertEquals(2, ps.getParameterMetaData().getParameterCount());
      }
    }
  }
}
