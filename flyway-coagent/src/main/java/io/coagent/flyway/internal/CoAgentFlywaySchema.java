package io.coagent.flyway.internal;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.database.base.Schema;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;

/**
 * A schema of the store, as Flyway's {@link Schema}: {@code COAGENT} holds every table; it cannot
 * be created or dropped (a store has one namespace of tables), and its tables are listed through
 * {@code DatabaseMetaData}.
 */
public final class CoAgentFlywaySchema extends Schema<CoAgentFlywayDatabase, CoAgentFlywayTable> {
  CoAgentFlywaySchema(JdbcTemplate jdbcTemplate, CoAgentFlywayDatabase database, String name) {
    super(jdbcTemplate, database, name);
  }

  @Override
  protected boolean doExists() throws SQLException {
    try (ResultSet rs = metaData().getSchemas(null, name)) {
      return rs.next();
    }
  }

  @Override
  protected boolean doEmpty() throws SQLException {
    return doAllTables().length == 0;
  }

  @Override
  protected void doCreate() {
    throw new FlywayException("schema " + name + " does not exist and CoAgent cannot create it: "
        + "a store has one schema of tables, COAGENT; configure Flyway's schemas as COAGENT (or "
        + "leave them unset)");
  }

  @Override
  protected void doDrop() {
    throw new FlywayException("schema " + name + " cannot be dropped: a store has one schema of "
        + "tables; flyway clean empties it instead");
  }

  /** Drops every view, then every table (their identity sequences go with them). */
  @Override
  protected void doClean() throws SQLException {
    for (String view : names("VIEW")) {
      jdbcTemplate.execute("DROP VIEW " + database.quote(name, view));
    }
    for (CoAgentFlywayTable t : doAllTables()) {
      t.drop();
    }
  }

  @Override
  protected CoAgentFlywayTable[] doAllTables() throws SQLException {
    List<String> tables = names("TABLE");
    CoAgentFlywayTable[] out = new CoAgentFlywayTable[tables.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new CoAgentFlywayTable(jdbcTemplate, database, this, tables.get(i));
    }
    return out;
  }

  @Override
  public CoAgentFlywayTable getTable(String tableName) {
    return new CoAgentFlywayTable(jdbcTemplate, database, this, tableName);
  }

  DatabaseMetaData metaData() throws SQLException {
    return jdbcTemplate.getConnection().getMetaData();
  }

  private List<String> names(String type) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = metaData().getTables(null, name, "%", new String[] {type})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }
}
