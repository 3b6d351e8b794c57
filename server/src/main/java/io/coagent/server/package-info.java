/**
 * The CoAgent server: the PostgreSQL wire protocol (v3) in front of embedded CoAgent stores. The
 * public API is {@link io.coagent.server.CoAgentServer} and {@link io.coagent.server.ServerConfig};
 * the protocol codec ({@code internal.wire}) and the sessions ({@code internal}) are not API.
 */
package io.coagent.server;
