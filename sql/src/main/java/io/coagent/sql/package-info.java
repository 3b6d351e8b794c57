/**
 * The SQL front end of CoAgent: Apache Calcite over the engine's public API.
 *
 * <p>Public surface: {@link io.coagent.sql.SqlEngine} (one per store), {@link
 * io.coagent.sql.SqlSession} (one per connection), {@link io.coagent.sql.PreparedSql} (a statement
 * parsed and planned once), {@link io.coagent.sql.SqlResult}, {@link io.coagent.sql.SqlColumn} and {@link
 * io.coagent.sql.SqlCatalog} (what SQL accepts and holds, for metadata listings).
 * Everything else lives in {@code io.coagent.sql.internal}.
 */
package io.coagent.sql;
