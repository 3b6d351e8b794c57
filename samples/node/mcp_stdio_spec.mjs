// How the MCP samples spawn a stdio server: the JSON of a command line, ["CMD", "ARG", ...], or
// an entry of .mcp.json's "mcpServers", {"command": "CMD", "args": [...], "env": {...}}. The SDK
// passes a child only a few safe variables of its own environment (PATH, HOME, ...), so a token
// goes in "env", as in .mcp.json.
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export function stdioTransport(json) {
  const spec = JSON.parse(json);
  const { command, args = [], env } = Array.isArray(spec)
    ? { command: spec[0], args: spec.slice(1) } : spec;
  return new StdioClientTransport({ command, args, env, stderr: "inherit" });
}
