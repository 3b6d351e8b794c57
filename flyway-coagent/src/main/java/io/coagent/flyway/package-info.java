/**
 * Flyway support for CoAgent. Public surface: {@link io.coagent.flyway.CoAgentDatabaseType},
 * the database plugin Flyway finds through {@code ServiceLoader}; the Database, Connection,
 * Schema, Table and Parser it creates are in {@code io.coagent.flyway.internal}.
 */
package io.coagent.flyway;
