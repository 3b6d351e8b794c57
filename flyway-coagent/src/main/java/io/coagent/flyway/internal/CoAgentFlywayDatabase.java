package io.coagent.flyway.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;

/**
 * A CoAgent store as Flyway's {@link Database}: one schema ({@code COAGENT}), no catalogs, DDL
 * outside transactions, and a schema history table in CoAgent's types.
 */
public final class CoAgentFlywayDatabase extends Database<CoAgentFlywayConnection> {
  public CoAgentFlywayDatabase(Configuration configuration,
      JdbcConnectionFactory jdbcConnectionFactory, StatementInterceptor statementInterceptor) {
    super(configuration, jdbcConnectionFactory, statementInterceptor);
  }

  @Override
  protected CoAgentFlywayConnection doGetConnection(Connection connection) {
    return new CoAgentFlywayConnection(this, connection);
  }

  /** Every CoAgent version this plugin is built with is supported. */
  @Override
  public void ensureSupported(Configuration configuration) {}

  /** The history's {@code installed_by}: the JDBC user, or "" for an embedded store (none). */
  @Override
  protected String doGetCurrentUser() throws SQLException {
    String user = getMainConnection().getJdbcConnection().getMetaData().getUserName();
    return user == null ? "" : user;
  }

  /** DDL takes effect at once and a rollback does not undo it. */
  @Override
  public boolean supportsDdlTransactions() {
    return false;
  }

  /**
   * One connection for the history table and the migrations: each operator connection with
   * auto-commit off is a trajectory of its own rank, and a commit waits for every lower rank to
   * end (rule 8), so a migration committed on a second connection would wait for the first.
   */
  @Override
  public boolean useSingleConnection() {
    return true;
  }

  @Override
  public String getBooleanTrue() {
    return "TRUE";
  }

  @Override
  public String getBooleanFalse() {
    return "FALSE";
  }

  @Override
  public boolean catalogIsSchema() {
    return false;
  }

  /** The history table: Flyway's columns, case kept by quoting, the rank as primary key. */
  @Override
  @SuppressWarnings("rawtypes") // the raw Table of Flyway's signature
  public String getRawCreateScript(Table table, boolean baseline) {
    return "CREATE TABLE " + table + " (\n"
        + "    \"installed_rank\" INTEGER NOT NULL PRIMARY KEY,\n"
        + "    \"version\" VARCHAR(50),\n"
        + "    \"description\" VARCHAR(200) NOT NULL,\n"
        + "    \"type\" VARCHAR(20) NOT NULL,\n"
        + "    \"script\" VARCHAR(1000) NOT NULL,\n"
        + "    \"checksum\" INTEGER,\n"
        + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
        + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
        + "    \"execution_time\" INTEGER NOT NULL,\n"
        + "    \"success\" BOOLEAN NOT NULL\n"
        + ");\n"
        + (baseline ? getBaselineStatement(table) + ";\n" : "");
  }
}
