/**
 * The {@code jdbc:coagent:} JDBC driver. Public surface: {@link io.coagent.jdbc.CoAgentDriver}
 * (registered through {@code META-INF/services/java.sql.Driver}) and {@link
 * io.coagent.jdbc.CoAgentConnection} (reached with {@code connection.unwrap}), which carries the
 * MTPO isolation constant and the notification API. Everything else is in {@code
 * io.coagent.jdbc.internal}.
 */
package io.coagent.jdbc;
