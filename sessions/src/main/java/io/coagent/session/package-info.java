/**
 * The session layer that every front end (the embedded JDBC driver, the PostgreSQL-protocol
 * server, the MCP server) puts between a client and a store. Public surface: {@link
 * io.coagent.session.Stores} (the stores this process has open, by {@link
 * io.coagent.session.StoreAddress}), {@link io.coagent.session.Session} (one client's mapping of
 * transactions onto trajectories: auto-commit, operator statements committed in the background and
 * repaired, savepoints, listeners), {@link io.coagent.session.SqlConnection} (the query executor
 * every front end runs statements through: a {@code Session} and a SQL session), transaction
 * control as SQL ({@link io.coagent.session.Control}, {@link io.coagent.session.ControlStatement},
 * {@link io.coagent.session.TransactionBlock}), how a materialized value reads as a type ({@link
 * io.coagent.session.Conversions}, {@link io.coagent.session.TemporalValues}) and {@link
 * io.coagent.session.SessionErrors} (the error boundary: everything leaves as an SQLException with
 * a SQLState). The operator committer and
 * recovery are in {@code io.coagent.session.internal}.
 */
package io.coagent.session;
