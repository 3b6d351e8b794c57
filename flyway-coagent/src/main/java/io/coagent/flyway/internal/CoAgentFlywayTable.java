package io.coagent.flyway.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;

/**
 * A table of the store, as Flyway's {@link Table}. {@link #doLock} takes no lock: CoAgent has
 * no table locks (under MTPO, readers are notified rather than blocked), so two migrators on one
 * store at once are not kept apart.
 */
public final class CoAgentFlywayTable extends Table<CoAgentFlywayDatabase, CoAgentFlywaySchema> {
  CoAgentFlywayTable(JdbcTemplate jdbcTemplate, CoAgentFlywayDatabase database,
      CoAgentFlywaySchema schema, String name) {
    super(jdbcTemplate, database, schema, name);
  }

  @Override
  protected boolean doExists() throws SQLException {
    try (ResultSet rs = schema.metaData().getTables(null, schema.getName(),
        name.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%"),
        new String[] {"TABLE"})) {
      return rs.next();
    }
  }

  @Override
  protected void doLock() {}

  @Override
  protected void doDrop() throws SQLException {
    jdbcTemplate.execute("DROP TABLE " + database.quote(schema.getName(), name));
  }
}
