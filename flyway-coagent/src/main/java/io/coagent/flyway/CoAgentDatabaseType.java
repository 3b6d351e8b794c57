package io.coagent.flyway;

import io.coagent.flyway.internal.CoAgentFlywayDatabase;
import io.coagent.flyway.internal.CoAgentFlywayParser;
import java.sql.Connection;
import java.sql.Types;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Flyway's database type for {@code jdbc:coagent:} URLs, registered in {@code
 * META-INF/services/org.flywaydb.core.extensibility.Plugin}: with this jar beside flyway-core,
 * {@code Flyway.configure().dataSource("jdbc:coagent:file:...", null, null)} migrates a store.
 *
 * <p>Migrations run as an operator (a URL without {@code agent}); the schema history table is
 * {@code COAGENT."flyway_schema_history"}. DDL is not transactional in CoAgent, and there is no
 * table lock: run one migrator per store at a time.
 */
public final class CoAgentDatabaseType extends BaseDatabaseType {
  @Override
  public String getName() {
    return "CoAgent";
  }

  /** The JDBC type Flyway binds its null parameters (a null version or checksum) with. */
  @Override
  public int getNullType() {
    return Types.NULL;
  }

  @Override
  public boolean supportsReadOnlyTransactions() {
    return false;
  }

  @Override
  public boolean handlesJDBCUrl(String url) {
    return url.startsWith("jdbc:coagent:");
  }

  @Override
  public String getDriverClass(String url, ClassLoader classLoader) {
    return "io.coagent.jdbc.CoAgentDriver";
  }

  @Override
  public boolean handlesDatabaseProductNameAndVersion(String databaseProductName,
      String databaseProductVersion, Connection connection) {
    return databaseProductName.startsWith("CoAgent");
  }

  @Override
  public CoAgentFlywayDatabase createDatabase(Configuration configuration,
      JdbcConnectionFactory jdbcConnectionFactory, StatementInterceptor statementInterceptor) {
    return new CoAgentFlywayDatabase(configuration, jdbcConnectionFactory, statementInterceptor);
  }

  @Override
  public Parser createParser(Configuration configuration, ResourceProvider resourceProvider,
      ParsingContext parsingContext) {
    return new CoAgentFlywayParser(configuration, parsingContext);
  }
}
