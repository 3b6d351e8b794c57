/**
 * The CoAgent MCP server: LLM agents reach a CoAgent store through the Model Context Protocol,
 * each MCP session one agent's trajectory, every tool result carrying the agent's notifications.
 * The public API is {@link io.coagent.mcp.CoAgentMcpServer}; see {@code docs/agents.md}.
 */
package io.coagent.mcp;
