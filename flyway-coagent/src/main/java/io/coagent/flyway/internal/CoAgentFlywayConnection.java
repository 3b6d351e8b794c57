package io.coagent.flyway.internal;

import org.flywaydb.core.internal.database.base.Connection;

/** A JDBC connection to a store, as Flyway's {@link Connection}: its schema is {@code COAGENT}. */
public final class CoAgentFlywayConnection extends Connection<CoAgentFlywayDatabase> {
  CoAgentFlywayConnection(CoAgentFlywayDatabase database, java.sql.Connection connection) {
    super(database, connection);
  }

  @Override
  protected String getCurrentSchemaNameOrSearchPath() throws java.sql.SQLException {
    return getJdbcConnection().getSchema();
  }

  @Override
  public CoAgentFlywaySchema getSchema(String name) {
    return new CoAgentFlywaySchema(jdbcTemplate, database, name);
  }
}
