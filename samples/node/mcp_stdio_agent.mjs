// One agent over MCP stdio (the official TypeScript SDK spawns `coagent mcp --url ...`): it reads
// the schema, is refused a read-only bypass, restocks, reads its own write, and commits.
//   node mcp_stdio_agent.mjs '["./coagent","mcp","--url","jdbc:coagent:file:/tmp/shop.coagent;agent=restock"]'
//   node mcp_stdio_agent.mjs '{"command":"./coagent","args":["mcp","--url","http://127.0.0.1:5434/mcp"],"env":{"COAGENT_TOKEN":"..."}}'
// (the spec: mcp_stdio_spec.mjs). Prints the transcript as JSON lines, then "STDIO OK"; a
// deviation exits with status 1. With --refused TEXT the server must refuse the connection with an
// error whose message contains TEXT: it prints the error, then "REFUSED OK".
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { stdioTransport } from "./mcp_stdio_spec.mjs";

const refusal = process.argv.indexOf("--refused") >= 0
  ? process.argv[process.argv.indexOf("--refused") + 1] : undefined;
const client = new Client({ name: "coagent-stdio-agent", version: "1.0.0" });
if (refusal !== undefined) {
  let code = 1;
  try {
    await client.connect(stdioTransport(process.argv[2]));
    console.log("ERROR the connection was accepted");
  } catch (e) {
    console.log("REFUSED", e.message);
    if (e.message.includes(refusal)) {
      console.log("REFUSED OK");
      code = 0;
    }
  } finally {
    await client.close();
  }
  process.exit(code);
}
await client.connect(stdioTransport(process.argv[2]));
const call = async (name, a = {}) => {
  const r = await client.callTool({ name, arguments: a });
  console.log(JSON.stringify({ call: name, arguments: a, result: r.structuredContent,
    isError: r.isError === true }));
  return r;
};
const check = (cond, what) => { if (!cond) throw new Error(`deviation: ${what}`); };
let code = 0;
try {
  const schema = (await call("schema")).structuredContent;
  check(schema.tables.some((t) => t.name === "STOCK"), "schema lists STOCK");
  const bypass = await call("query", { sql: "COMMIT; DROP TABLE stock" });
  check(bypass.isError && bypass.structuredContent.error.sqlstate, "read-only bypass refused");
  const w = (await call("execute", { sql: "UPDATE stock SET qty = qty + 5 WHERE id = 1" }))
    .structuredContent;
  check(w.row_count === 1 && w.operation_id !== null, "restock wrote, with an operation id");
  const q = (await call("query", { sql: "SELECT qty FROM stock WHERE id = 1" })).structuredContent;
  check(q.rows[0].QTY === 15, "reads its own write");
  const c = (await call("commit", { wait_seconds: 10 })).structuredContent;
  check(c.status === "committed", "commits");
  console.log("STDIO OK");
} catch (e) {
  console.log("ERROR", e.message);
  code = 1;
} finally {
  await client.close();
  process.exit(code);
}
