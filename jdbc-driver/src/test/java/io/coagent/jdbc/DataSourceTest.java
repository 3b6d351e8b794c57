package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** CoAgentDataSource: bean properties, HikariCP's dataSourceClassName, errors that name the fix. */
class DataSourceTest {
  @Test
  void hikariDataSourceClassName_connectsAsTheConfiguredAgent() throws SQLException {
    String url = SysFixtures.newStore("ds");
    HikariConfig cfg = new HikariConfig();
    cfg.setDataSourceClassName(CoAgentDataSource.class.getName());
    cfg.addDataSourceProperty("url", url);
    cfg.addDataSourceProperty("agent", "planner");
    cfg.addDataSourceProperty("user", "sa");
    cfg.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(cfg)) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        assertEquals("planner", c.unwrap(CoAgentConnection.class).agent());
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        s.executeUpdate("INSERT INTO t VALUES (1)");
        c.commit();
      }
    }
    CoAgentDataSource operator = new CoAgentDataSource();
    operator.setUrl(url);
    try (Connection c = operator.getConnection(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM t")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
      assertEquals(null, c.unwrap(CoAgentConnection.class).agent());
    }
  }

  @Test
  void missingForeignOrMisspelledConfiguration_failsWithTheFix() {
    CoAgentDataSource ds = new CoAgentDataSource();
    SQLException none = assertThrows(SQLException.class, ds::getConnection);
    assertEquals("08001", none.getSQLState());
    assertTrue(none.getMessage().contains("setUrl"), none.getMessage());
    ds.setUrl("jdbc:h2:mem:x");
    SQLException foreign = assertThrows(SQLException.class, ds::getConnection);
    assertTrue(foreign.getMessage().contains("not a CoAgent URL"), foreign.getMessage());
    ds.setUrl("jdbc:coagent:mem:ds-bad;agnet=x");
    SQLException typo = assertThrows(SQLException.class, ds::getConnection);
    assertTrue(typo.getMessage().contains("agnet"), typo.getMessage());
    assertThrows(SQLException.class, () -> ds.unwrap(String.class));
    assertTrue(ds.isWrapperFor(javax.sql.DataSource.class));
  }
}
