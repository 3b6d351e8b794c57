/**
 * The {@code jdbc:coagent:} JDBC driver. Public surface: {@link io.coagent.jdbc.CoAgentDriver}
 * (registered through {@code META-INF/services/java.sql.Driver}), {@link
 * io.coagent.jdbc.CoAgentConnection} (reached with {@code connection.unwrap}), which carries the
 * MTPO isolation constant and the notification API, and two data sources for configurations that
 * name a class: {@link io.coagent.jdbc.CoAgentDataSource} (a {@code javax.sql.DataSource}, e.g.
 * for HikariCP's {@code dataSourceClassName}) and {@link
 * io.coagent.jdbc.CoAgentConnectionPoolDataSource} (a {@code javax.sql.ConnectionPoolDataSource}
 * for pools that manage physical connections themselves; no XA). Everything else is in {@code
 * io.coagent.jdbc.internal}.
 */
package io.coagent.jdbc;
